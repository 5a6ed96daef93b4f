"""The course folder as ``nbgrader_config.py`` lays it out, and helpers every command shares.

Nothing here runs submitted code.  Module-level imports are the standard
library only, so that ``import mtolab.instructor`` stays cheap (the grading
guard is imported inside every grading kernel).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_FILE = "nbgrader_config.py"
# Letters (any alphabet: Norwegian names are welcome), digits and _ . @ -,
# starting with a letter or digit: safe as a folder name and in a CSV.
STUDENT_ID = re.compile(r"^[^\W_][\w.@-]*$")
LOG = logging.getLogger("mtolab.instructor")


class CourseError(Exception):
    """A problem the instructor can fix: the message says what and where."""


# --------------------------------------------------------------------- setup
def skip_slow_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax``.

    jsonschema (imported by nbformat) loads ``rfc3987_syntax``, when it is
    installed, to check the "iri" string format; that module builds a parser
    at import time, about 3 s here, in every process.  Notebook schemas never
    use that format, so the check is not missed.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def setup_environment() -> None:
    """Put this Python's ``bin`` folder on PATH: nbgrader runs ``alembic``.

    Also silence SQLAlchemy 2's warning about nbgrader creating a submission
    through relationships ("not in session"); the rows are created all the
    same.
    """
    warnings.filterwarnings("ignore", message=r"Object of type <Submitted\w+> not in session")
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path if path else bindir


def setup_logging(logfile: Path | None, verbose: bool = False) -> None:
    """nbgrader's messages: warnings to the terminal, everything to ``logfile``."""
    for name in ("traitlets", "mtolab.instructor"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        logger.handlers.clear()
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.INFO if verbose else logging.ERROR)
        console.setFormatter(logging.Formatter("[%(name)s] %(levelname)s %(message)s"))
        logger.addHandler(console)
        if logfile is not None:
            logfile.parent.mkdir(parents=True, exist_ok=True)
            to_file = logging.FileHandler(logfile)
            to_file.setFormatter(
                logging.Formatter("%(asctime)s [%(name)s] %(levelname)s %(message)s"))
            logger.addHandler(to_file)


# -------------------------------------------------------------------- course
@dataclass
class Course:
    """A course folder as ``nbgrader_config.py`` lays it out.

    Parameters
    ----------
    root : path-like or None
        Folder holding ``nbgrader_config.py``; ``None`` looks in the current
        folder and its parents.
    overrides : dict
        Extra nbgrader settings, ``{"Execute.timeout": 5}`` style, applied on
        top of the configuration file.
    """

    root: Path | None = None
    overrides: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.root is None:
            here = Path.cwd().resolve()
            for folder in (here, *here.parents):
                if (folder / CONFIG_FILE).is_file():
                    self.root = folder
                    break
            else:
                raise CourseError(
                    f"no {CONFIG_FILE} in {here} or any folder above it: run this from the "
                    "course folder or pass --root"
                )
        self.root = Path(self.root).resolve()
        if not (self.root / CONFIG_FILE).is_file():
            raise CourseError(f"{self.root} is not a course folder: it has no {CONFIG_FILE}")
        coursedir = self.coursedir()
        self.db_url = coursedir.db_url
        self.course_id = coursedir.course_id

        def folder(step: str) -> Path:
            return Path(coursedir.format_path(getattr(coursedir, step), ".", ".")).resolve()

        self.source = folder("source_directory")
        self.release_dir = folder("release_directory")
        self.submitted = folder("submitted_directory")
        self.autograded = folder("autograded_directory")
        self.feedback_dir = folder("feedback_directory")
        self.grading = self.submitted.parent

    # -- configuration
    def config(self, **extra):
        """nbgrader configuration: the file, then ``overrides``, then ``extra``."""
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        cfg = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        cfg.CourseDirectory.root = str(self.root)
        for key, value in {**self.overrides, **extra}.items():
            section, name = key.rsplit(".", 1)
            cfg.merge(Config({section: {name: value}}))
        return cfg

    def setting(self, section: str, name: str, default):
        """One value of the configuration (``c.<section>.<name>``), or ``default``."""
        cfg = self.config()
        return cfg[section][name] if section in cfg and name in cfg[section] else default

    def coursedir(self, **extra):
        """An nbgrader ``CourseDirectory`` configured for this course."""
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config(**extra))

    def rel(self, path) -> str:
        """``path`` relative to the course root, for messages."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    # -- assignments
    def assignments(self) -> list[str]:
        """Assignments with at least one notebook under the source folder."""
        if not self.source.is_dir():
            return []
        return sorted(p.name for p in self.source.iterdir()
                      if p.is_dir() and any(p.glob("*.ipynb")))

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without ``.ipynb``) of one assignment."""
        return sorted(p.stem for p in (self.source / assignment).glob("*.ipynb"))

    def check_assignments(self, names) -> list[str]:
        """``names`` (or every assignment when empty), each checked to exist."""
        known = self.assignments()
        if not known:
            raise CourseError(f"no assignments: {self.rel(self.source)} holds no notebooks")
        if not names:
            return known
        unknown = [n for n in names if n not in known]
        if unknown:
            raise CourseError(
                f"unknown assignment {', '.join(unknown)}: {self.rel(self.source)} has "
                f"{', '.join(known)}"
            )
        return list(dict.fromkeys(names))

    def submission_dir(self, student: str, assignment: str) -> Path:
        return self.submitted / student / assignment

    def released(self, assignment: str, notebook: str) -> Path:
        """The released (student) version of one notebook."""
        return self.release_dir / assignment / f"{notebook}.ipynb"

    @property
    def gradebook_path(self) -> Path:
        return sqlite_path(self.db_url)

    def gradebook(self):
        """nbgrader's ``Gradebook`` on the class gradebook (use it in ``with``)."""
        from nbgrader.api import Gradebook

        setup_environment()  # a new gradebook runs alembic, from this Python's bin folder

        return Gradebook(self.db_url, self.course_id)


def sqlite_path(db_url: str) -> Path:
    """The file of an ``sqlite:///`` gradebook URL."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix):
        raise CourseError(
            f"mtolab's grading needs an SQLite gradebook, but db_url is {db_url!r}"
        )
    return Path(db_url[len(prefix):].split("?", 1)[0])


def copy_db(src: Path, dst: Path) -> None:
    """A consistent copy of an SQLite file (the backup API, not a file copy)."""
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def read_notebook(path: Path):
    """The notebook at ``path``, or a CourseError saying why it is not one.

    The file is opened read-only and never written.
    """
    import nbformat

    try:
        with open(path, encoding="utf-8") as fh:
            nb = nbformat.read(fh, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - JSON, schema, encoding: all "broken"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CourseError(f"{path.name} is not a valid notebook ({reason[:200]})") from None
    return nb


def run_converter(app, what: str):
    """Run an nbgrader converter; raise CourseError with its log if it fails."""
    from nbgrader.utils import capture_log

    result = capture_log(app)
    if not result["success"]:
        log = result.get("log", "") + result.get("error", "")
        lines = [ln for ln in log.splitlines() if ln.strip()][-15:]
        raise CourseError(f"nbgrader could not {what}:\n  " + "\n  ".join(lines))
    return result
