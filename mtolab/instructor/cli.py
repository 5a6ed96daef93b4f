"""The command line: ``python -m mtolab.instructor COMMAND``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .autograde import TIME_LIMIT, autograde
from .collect import PATTERN_NAMES, collect
from .course import (
    CONFIG_FILE,
    Course,
    CourseError,
    setup_environment,
    setup_logging,
    skip_slow_imports,
)
from .export import export
from .feedback import feedback
from .release import release
from .sandbox import TRUST_FLAG


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=None,
                        help=f"course folder (holding {CONFIG_FILE}); default: the nearest one "
                             "at or above the current folder")
    common.add_argument("-v", "--verbose", action="store_true",
                        help="show nbgrader's own progress messages")
    parser = argparse.ArgumentParser(
        prog="python -m mtolab.instructor",
        description="Release, collect, autograde, give feedback on and export the mtolab "
                    "exercises (wrapping nbgrader).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("release", parents=[common],
                       help="run the solutions, then regenerate exercises/ from them")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
    p = sub.add_parser("collect", parents=[common],
                       help="copy a folder or zip of submissions into grading/submitted")
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--assignment", default=None,
                   help="assignment of notebooks whose name does not say")
    p.add_argument("--pattern", default=None,
                   help=f"file-name pattern: {', '.join(PATTERN_NAMES)}, or a regular expression "
                        "with (?P<student_id>...) and (?P<file_id>...) groups (default: try "
                        "the ready ones in that order)")
    p.add_argument("--roster", type=Path, default=None,
                   help="CSV with a student_id column; its other columns (names, e-mails, "
                        "Canvas or Moodle ids) are matched to the names found")
    p = sub.add_parser("autograde", parents=[common],
                       help="autograde all collected submissions, each in a sandbox, in parallel")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="submissions graded at once (default: number of CPUs)")
    p.add_argument("--timeout", type=int, default=None,
                   help="seconds a cell may run before it is cut (default: nbgrader_config.py)")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds a whole submission may run (default: nbgrader_config.py, "
                        f"else {TIME_LIMIT})")
    p.add_argument("--student", action="append", default=[], help="only this student")
    p.add_argument(TRUST_FLAG, dest="no_sandbox", action="store_true",
                   help="run submitted code WITHOUT a sandbox, with your rights and files "
                        "(only for submissions you trust)")
    p = sub.add_parser("feedback", parents=[common],
                       help="generate HTML feedback for autograded submissions")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
    p = sub.add_parser("export", parents=[common], help="write grades as CSV")
    p.add_argument("--to", type=Path, default=None,
                   help="CSV file to write (default: grading/grades.csv)")
    p.add_argument("--wide", type=Path, default=None,
                   help="the wide sheet (default: beside --to, named <name>-wide.csv)")
    sub.add_parser("_worker", parents=[common], help=argparse.SUPPRESS)
    return parser


def main(argv=None) -> int:
    """Command-line entry point; returns the exit code.

    Exit codes: 0 done; 1 done, but something needs a look (an item collect
    could not place, a submission not graded or stale); 2 an error stopped the
    command (the message says why).
    """
    skip_slow_imports()
    setup_environment()
    args = _parser().parse_args(argv)
    if args.command == "_worker":
        from .worker import worker_main

        return worker_main(str(args.root))

    def out(msg: str) -> None:
        print(msg, flush=True)

    try:
        course = Course(args.root)
        setup_logging(course.grading / "nbgrader.log", verbose=args.verbose)
        if args.command == "release":
            release(course, args.assignments, out=out)
        elif args.command == "collect":
            report = collect(course, args.path, assignment=args.assignment, out=out,
                             pattern=args.pattern, roster=args.roster)
            return 1 if report.problems else 0
        elif args.command == "autograde":
            results = autograde(course, args.assignments, jobs=args.jobs, timeout=args.timeout,
                                students=args.student, out=out, time_limit=args.time_limit,
                                sandbox=not args.no_sandbox)
            return 0 if all(r.ok for r in results) else 1
        elif args.command == "feedback":
            feedback(course, args.assignments, out=out)
        elif args.command == "export":
            export(course, args.to, out=out, wide=args.wide)
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    return 0
