"""The public API: re-exported from the package root and documented."""

import inspect

import pytest

import mtolab

CALLABLES = [getattr(mtolab, name) for name in mtolab.__all__
             if callable(getattr(mtolab, name))]


def test_every_exported_name_exists():
    assert [name for name in mtolab.__all__ if not hasattr(mtolab, name)] == []


@pytest.mark.parametrize("obj", CALLABLES, ids=lambda o: o.__name__)
def test_public_callables_document_every_parameter(obj):
    doc = inspect.getdoc(obj) or ""
    assert len(doc.splitlines()[0]) > 10, f"{obj.__name__} needs a one-line summary"
    undocumented = [
        name for name, p in inspect.signature(obj).parameters.items()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and name not in doc
    ]
    assert undocumented == [], f"{obj.__name__} does not document {undocumented}"
