"""Instructor commands: release, collect, autograde, feedback and export.

One command each, wrapping nbgrader (it does the grading; this package
drives it, keeps a class's run going when a submission is broken, and keeps
submitted code away from everything but its own scratch folder)::

    python -m mtolab.instructor release [ASSIGNMENT ...]
    python -m mtolab.instructor collect PATH [--assignment A] [--pattern P] [--roster CSV]
    python -m mtolab.instructor autograde [ASSIGNMENT ...] [--jobs N] [--timeout S]
                                          [--time-limit S] [--student ID]
    python -m mtolab.instructor feedback [ASSIGNMENT ...]
    python -m mtolab.instructor export [--to PATH] [--wide PATH]

Every command takes ``--root DIR``, the course root (the folder holding
``nbgrader_config.py``); by default the nearest such folder at or above the
current directory.

Modules, one per command and one per part of grading:

- :mod:`.course`: the course folder, its configuration, shared helpers;
- :mod:`.release`, :mod:`.collect`, :mod:`.autograde`, :mod:`.feedback`,
  :mod:`.export`: the commands;
- :mod:`.cells`: an assignment's structure from its nbgrader metadata, and
  putting a submission back in the release's shape;
- :mod:`.scan`: the static scan for code that tampers with grading;
- :mod:`.sandbox` and :mod:`.kernel`: the bubblewrap sandbox a grading
  kernel runs in; :mod:`.execute`: running a notebook in it (nbgrader
  preprocessors); :mod:`.guard`: the guard inside the kernel;
- :mod:`.worker`: the grading worker processes; :mod:`.gradebook`: backups,
  checks and the merge into the class gradebook; :mod:`.status`: what
  happened to each submission.
"""

# Each module imports only the standard library at its top (nbgrader and
# friends are imported where they are used): the grading guard
# (mtolab.instructor.guard) is imported inside every grading kernel.
from .autograde import GradeResult, autograde
from .cli import main
from .collect import CollectReport, collect
from .course import Course, CourseError
from .export import export, grade_rows
from .feedback import feedback
from .release import release

__all__ = [
    "Course",
    "CourseError",
    "CollectReport",
    "GradeResult",
    "release",
    "collect",
    "autograde",
    "feedback",
    "export",
    "grade_rows",
    "main",
]
