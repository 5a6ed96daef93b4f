"""environment.yml (conda, Binder) must ask for what pyproject.toml asks for.

The packages of ``[project] dependencies`` plus the ``course`` and ``test``
extras, with the same lower bounds, and the same minimum Python.  Names are
compared normalised (lowercase, ``-`` for ``_`` and ``.``), with the two
conda-forge names that differ from PyPI's mapped back.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("course", "test")
# conda-forge name -> PyPI name, where they differ.
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib", "playwright-python": "playwright"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bound(spec: str) -> Version | None:
    """The ``>=`` bound of a specifier such as ``>=1.26,<3`` (None if there is none)."""
    bounds = [Version(s.version) for s in SpecifierSet(spec) if s.operator == ">="]
    return max(bounds) if bounds else None


def parse_environment_yml(text: str) -> dict:
    """Just enough YAML for environment.yml: top-level keys, lists, one nested ``pip:`` list.

    Returns ``{"name": str, "channels": [...], "dependencies": [...], "pip": [...]}``.
    """
    env: dict = {"name": None, "channels": [], "dependencies": [], "pip": []}
    section = None
    in_pip = False
    pip_indent = None
    for raw in text.splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if indent == 0:
            key, _, value = body.partition(":")
            section = key.strip()
            in_pip = False
            if value.strip():
                env[section] = value.strip().strip("'\"")
            continue
        if not body.startswith("- "):
            raise ValueError(f"unexpected line in environment.yml: {raw!r}")
        item = body[2:].strip().strip("'\"")
        if in_pip and indent > pip_indent:
            env["pip"].append(item)
            continue
        in_pip = False
        if section == "dependencies" and item == "pip:":
            in_pip, pip_indent = True, indent
            continue
        env.setdefault(section, []).append(item)
    return env


def conda_requirement(dep: str) -> tuple[str, str]:
    """``numpy>=1.26`` or ``numpy >=1.26`` -> (``numpy``, ``>=1.26``)."""
    match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", dep)
    assert match, f"cannot read conda dependency {dep!r}"
    return match.group(1), match.group(2).replace(" ", "")


def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def pyproject_requirements() -> dict[str, Version | None]:
    project = pyproject()["project"]
    lines = list(project["dependencies"])
    for extra in EXTRAS:
        lines += project["optional-dependencies"][extra]
    reqs = {}
    for line in lines:
        req = Requirement(line)
        reqs[normalise(req.name)] = lower_bound(str(req.specifier))
    return reqs


def environment() -> dict:
    return parse_environment_yml((ROOT / "environment.yml").read_text())


def environment_requirements() -> dict[str, Version | None]:
    reqs = {}
    for dep in environment()["dependencies"]:
        name, spec = conda_requirement(dep)
        name = normalise(CONDA_TO_PYPI.get(normalise(name), name))
        if name in ("python", "pip"):
            continue
        reqs[name] = lower_bound(spec)
    return reqs


def test_parser_reads_the_simple_structure():
    sample = (
        "# comment\nname: demo\nchannels:\n  - conda-forge\ndependencies:\n"
        "  - python>=3.11  # trailing comment\n  - numpy >=1.26\n  - pip\n"
        "  - pip:\n      - -e .\n      - 'extra==1'\n  - ruff>=0.5\n"
    )
    env = parse_environment_yml(sample)
    assert env == {
        "name": "demo",
        "channels": ["conda-forge"],
        "dependencies": ["python>=3.11", "numpy >=1.26", "pip", "ruff>=0.5"],
        "pip": ["-e .", "extra==1"],
    }
    try:
        import yaml
    except ImportError:  # the hand parser is what the other tests rely on
        return
    loaded = yaml.safe_load((ROOT / "environment.yml").read_text())
    ours = environment()
    pip = [d["pip"] for d in loaded["dependencies"] if isinstance(d, dict)]
    assert ours["name"] == loaded["name"]
    assert ours["channels"] == loaded["channels"]
    assert ours["dependencies"] == [d for d in loaded["dependencies"] if isinstance(d, str)]
    assert [ours["pip"]] == pip


def test_environment_is_named_and_uses_conda_forge():
    env = environment()
    assert env["name"] == "mtolab"
    assert env["channels"] == ["conda-forge"]


def test_environment_installs_the_project_itself():
    env = environment()
    assert "pip" in env["dependencies"]
    assert "-e ." in env["pip"]


def test_same_packages():
    ours, theirs = environment_requirements(), pyproject_requirements()
    assert set(ours) == set(theirs), (
        f"only in environment.yml: {sorted(set(ours) - set(theirs))}; "
        f"only in pyproject.toml: {sorted(set(theirs) - set(ours))}"
    )


def test_same_lower_bounds():
    ours, theirs = environment_requirements(), pyproject_requirements()
    differ = {
        name: (str(ours[name]), str(theirs[name]))
        for name in set(ours) & set(theirs)
        if ours[name] != theirs[name]
    }
    assert not differ, f"lower bounds differ (environment.yml, pyproject.toml): {differ}"
    assert all(bound is not None for bound in theirs.values()), "every requirement has a >= bound"


def test_same_minimum_python():
    python = [conda_requirement(d) for d in environment()["dependencies"]
              if conda_requirement(d)[0] == "python"]
    assert len(python) == 1, "environment.yml names python once"
    requires = pyproject()["project"]["requires-python"]
    assert lower_bound(python[0][1]) == lower_bound(requires)
