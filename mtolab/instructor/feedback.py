"""``feedback``: one HTML page per autograded notebook, safe to hand to the learner.

nbgrader's ``GenerateFeedback`` writes the pages, with mtolab's preprocessors
(:mod:`~mtolab.instructor.pages`: test cells become verdicts, hidden tests
and test source never reach the page, outputs are capped, LaTeX is drawn
as inline SVG) and mtolab's ``mtolab_feedback`` template, which loads no
script from the network (no MathJax, require.js or widget scripts).
"""

from __future__ import annotations

import re
from pathlib import Path

from .cells import parts
from .course import Course, CourseError, run_converter

TEMPLATES = Path(__file__).parent / "templates"
EXTERNAL_SCRIPT = re.compile(r"<script[^>]+src=[\"']?(?:https?:)?//", re.I)


def part_names(course: Course, assignment: str) -> dict:
    """``{notebook: {grade_id: part name}}``, answers named after their tests' part."""
    from .cells import load_release

    names = {}
    for notebook, nb in load_release(course, assignment).items():
        found = {}
        for part in parts(nb):
            found[part.grade_id] = part.name
            if part.answer:
                found.setdefault(part.answer, part.name)
        names[notebook] = found
    return names


# ------------------------------------------------------------------ command
def feedback(course: Course, assignments=(), out=print) -> list[Path]:
    """Generate HTML feedback for every autograded submission.

    Parameters
    ----------
    course : Course
    assignments : sequence of str
        Assignments; empty for every assignment with autograded submissions.
    out : callable
        Where progress lines go.

    Returns
    -------
    list of pathlib.Path
        The feedback files written.
    """
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import GetGrades
    from traitlets.config import Config

    from .pages import HideTests, OfflineMath

    if assignments:
        names = course.check_assignments(assignments)
    else:
        names = [a for a in course.assignments() if any(course.autograded.glob(f"*/{a}"))]
    if not names:
        raise CourseError(
            f"nothing to give feedback on: {course.rel(course.autograded)} is empty "
            "(run autograde first)")
    import nbgrader

    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions/formgrader/templates"
    written = []
    for name in names:
        if not any(course.autograded.glob(f"*/{name}")):
            out(f"{name}: no autograded submissions, skipped")
            continue
        cfg = course.config()
        cfg.merge(Config({
            "HTMLExporter": {"template_name": "mtolab_feedback",
                             "extra_template_basedirs": [str(TEMPLATES),
                                                         str(nbgrader_templates)]},
            "GenerateFeedback": {"preprocessors": [GetGrades, HideTests, OfflineMath,
                                                   CSSHTMLHeaderPreprocessor]},
            "HideTests": {"names": part_names(course, name)},
        }))
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = name
        app = GenerateFeedback(coursedir=coursedir, config=cfg)
        app.force = True
        run_converter(app, f"generate feedback for {name}")
        files = sorted(course.feedback_dir.glob(f"*/{name}/*.html"))
        for page in files:
            if EXTERNAL_SCRIPT.search(page.read_text(encoding="utf-8")):
                raise CourseError(f"{course.rel(page)} loads a script from the network")
        written += files
        out(f"{name}: feedback for {len({p.parent.parent.name for p in files})} student(s) in "
            f"{course.rel(course.feedback_dir)}/<student>/{name}/")
    return written
