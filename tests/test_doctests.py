"""The ``>>>`` examples in the library's docstrings run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import mtolab

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(mtolab.__path__, prefix="mtolab.")
    if not info.name.endswith("__main__")
)


def test_modules_are_found():
    assert {"mtolab.kpis", "mtolab.forecast", "mtolab.inventory"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = []
    for test in finder.find(module, name):  # globals: the module's own, as pytest gives them
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)
