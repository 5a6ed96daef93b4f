"""The learner's language: one translation table, numbers written as the language writes them."""

import pytest

import mtolab
from mtolab.i18n import language, number, set_language, tr, translations


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_english_is_the_default_and_the_key():
    assert language() == "en"
    assert tr("weeks") == "weeks"
    assert tr("a text nobody translated") == "a text nobody translated"


def test_norwegian_labels_come_from_the_table():
    set_language("nb")
    assert tr("weeks") == translations()["weeks"] == "uker"
    assert tr("a text nobody translated") == "a text nobody translated"  # never a traceback


@pytest.mark.parametrize(("lang", "args", "kw", "want"), [
    ("en", (1234.5, 1), {}, "1,234.5"),
    ("en", (0.953, 1), {"percent": True}, "95.3 %"),
    ("nb", (1234.5, 1), {}, "1\u2009234,5"),
    ("nb", (-2.5, 1), {}, "\u22122,5"),
    ("nb", (0.953, 1), {"percent": True}, "95,3\u00a0%"),
    ("nb", (1234567, 0), {}, "1\u2009234\u2009567"),
])
def test_numbers_are_written_as_the_language_writes_them(lang, args, kw, want):
    set_language(lang)
    assert number(*args, **kw) == want


def test_bad_language_names_the_choices():
    with pytest.raises(ValueError, match="lang"):
        mtolab.set_language("no")


def test_every_entry_has_both_languages():
    table = translations()
    assert table and all(k.strip() and v.strip() for k, v in table.items())
