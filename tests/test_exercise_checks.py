"""The exercises' answer checks (``mtolab.exercise``), their notebooks, and what they rely on.

- The helpers accept every reasonable form of a right answer (other names
  of a choice, through aliases) and explain every wrong type; ``part``
  turns "not answered yet" into a hint on stderr, and keeps a right answer's
  warnings off stderr (in a real kernel, scored by nbgrader's own rule).
- Every check cell goes through ``part``; every hidden check's message is
  marked hidden and never states the expected value.
- The point split per assignment (cell tags ``points-*``) keeps code to at
  most a third, and matches the README, each notebook's introduction and
  each part's heading.
- Exercise 1 part F matches lesson 02's forecast-error explorer (same model,
  defaults and slider steps; the graded answer crosses 90 % there).
- The self-checks of ``notebooks/en/python_for_this_course.ipynb`` pass with the
  solutions it shows and say "not answered yet" without them.
- Exercise 5 part A's visible checks catch each plausible placement (Dell's
  computers from a shelf, the sofas under one strategy, ...) with a hint that
  names no answer, and take every name of a strategy the course accepts.
- In Norwegian (``mtolab.set_language("nb")``) every message, hint and note
  is Norwegian and the English ones are unchanged; written answers are taken
  in Norwegian (ja / nei, the Norwegian names of the strategies and of the
  decoupling points).
- A Norwegian assignment switches the language in its first code cell and
  links to the Norwegian lessons (``tests/test_editions.py`` holds its graded
  parts, points and code to its English pair's).
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
import textwrap
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from exercise_messages import ANSWERS, PARTS, case_messages, every_message, part_output
from exercise_variants import NORWEGIAN, given_code

from mtolab.cases import STRATEGY_LABELS, decoupling_points, strategy_label
from mtolab.exercise import (
    HIDDEN,
    AnswerError,
    NotAnswered,
    assert_close,
    call,
    choice,
    expect_error,
    number,
    part,
    table,
    truth,
)
from mtolab.i18n import set_language

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
#: The Norwegian assignments there, and the English assignment each pairs with.
ENGLISH_OF = {nb: en for en, nb in NORWEGIAN.items()}
NB_SOLUTIONS = [p for p in SOLUTIONS if p.parent.name in ENGLISH_OF]
PYTHON_NOTEBOOK = ROOT / "notebooks" / "en" / "python_for_this_course.ipynb"
CATEGORIES = ("code", "predict", "decide", "written")
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def read(path):
    return nbformat.read(path, as_version=4)


# ------------------------------------------------------------------- number
@pytest.mark.parametrize("value", [2.5, np.float64(2.5), np.float32(2.5), np.array(2.5), [2.5],
                                   (2.5,), np.array([2.5]), pd.Series([2.5]),
                                   pd.Series({"mean": 2.5}, dtype=object),
                                   pd.DataFrame([[2.5]]), np.array([[2.5]])])
def test_number_accepts_every_form_of_one_number(value):
    assert number(value, "x") == 2.5
    assert type(number(value, "x")) is float


def test_number_accepts_integers():
    assert number(3, "x") == number(np.int64(3), "x") == 3.0


@pytest.mark.parametrize("value, says", [
    ("0.88", "not the text '0.88': remove the quotes"),
    ("88%", "not the text '88%': remove the quotes"),
    ("about ten", "not the text 'about ten'"),
    (None, "does the function end with return"),
    (True, "should be a number"),
    (pd.Series([1.0, 2.0, 3.0]), "a Series of 3 values"),
    ([1, 2], "a list of 2 items"),
    ({"a": 1}, "a dict of 1 items"),
    (float("nan"), "NaN (not a number)"),
    (np.inf, "infinite"),
    (1 + 2j, "should be a number"),
])
def test_number_says_what_is_wrong(value, says):
    with pytest.raises(AnswerError) as err:
        number(value, "the answer", example="0.75")
    assert says in str(err.value)
    assert "the answer" in str(err.value)


def test_number_placeholder_is_not_answered():
    with pytest.raises(NotAnswered, match=r"x is still `...`"):
        number(..., "x")


def test_number_range_message_names_the_range_and_the_advice():
    with pytest.raises(AnswerError, match=r"between 0 and 1\. .*0\.75 for 75 %"):
        number(88, "u", low=0, high=1, outside="Give a fraction (0.75 for 75 %).")
    assert number(1, "u", low=0, high=1) == 1.0  # the range is inclusive


# -------------------------------------------------------------------- close
def test_close_accepts_within_the_tolerance_and_says_the_expectation_otherwise():
    assert_close(20.4, 20.444, 0.05, "x")
    assert_close(20.494, 20.444, 0.05, "x")
    with pytest.raises(AnswerError, match=r"x should be 20.44 \(because\); you have 20.5"):
        assert_close(20.5, 20.444, 0.05, "x", why="because")


@pytest.mark.parametrize("expected", [20.444, -0.175, 0.40791, 86.42056, 2.5647])
@pytest.mark.parametrize("off", [1.0, -1.0])
def test_hidden_close_never_shows_the_expected_value(expected, off):
    with pytest.raises(AnswerError) as err:
        assert_close(expected + off, expected, 0.01, "the answer", hidden=True)
    message = str(err.value)
    assert message.startswith(HIDDEN)
    assert ("too high" if off > 0 else "too low") in message
    for shown in (f"{expected:.1f}", f"{expected:.2f}", f"{expected:.3f}", f"{expected:g}"):
        assert shown not in message, message


# ----------------------------------------------------------- choice, table
def test_choice_ignores_case_spaces_and_underscores():
    options = ["MTS", "moving_average"]
    assert choice(" mts", "m", options) == "MTS"
    assert choice("Moving Average", "m", options) == "moving_average"
    assert choice(np.array(["MTS"]), "m", options) == "MTS"
    with pytest.raises(AnswerError, match=r"one of 'MTS', 'moving_average' \(text, in quotes\)"):
        choice(4.24, "m", options)
    with pytest.raises(AnswerError, match="not 'ATO'"):
        choice("ATO", "m", options)
    with pytest.raises(NotAnswered):
        choice(..., "m", options)


def test_choice_takes_other_names_through_aliases_and_shows_their_message():
    from mtolab.cases import STRATEGY_LABELS, strategy_label

    assert choice("Assemble-to-order", "s", STRATEGY_LABELS, aliases=strategy_label) == "ATO"
    assert choice(["montering mot ordre"], "s", STRATEGY_LABELS, aliases=strategy_label) == "ATO"
    with pytest.raises(AnswerError, match=r"^s: 'lean' is not a strategy the course names"):
        choice("lean", "s", STRATEGY_LABELS, aliases=strategy_label)
    with pytest.raises(AnswerError, match=r"one of 'MTS', 'MTO', not 'engineer to order'"):
        choice("engineer to order", "s", ["MTS", "MTO"], aliases=strategy_label)  # not offered
    with pytest.raises(AnswerError, match=r"\(text, in quotes\)"):
        choice(3, "s", STRATEGY_LABELS, aliases=strategy_label)


@pytest.mark.parametrize("value, expected", [(True, True), (False, False), (np.bool_(True), True),
                                             (np.array([False]), False), (pd.Series([True]), True),
                                             ([np.True_], True)])
def test_truth_accepts_every_form_of_one_truth_value(value, expected):
    assert truth(value, "x") is expected


@pytest.mark.parametrize("value, says", [
    ("yes", "should be True or False, not the text 'yes'"),
    (1, "should be True or False, not 1 (a int)"),
    (None, "does the function end with return"),
    (pd.Series([True, False]), "one True or False, not a Series of 2 values"),
])
def test_truth_says_what_is_wrong(value, says):
    with pytest.raises(AnswerError, match=re.escape(says)):
        truth(value, "x")
    with pytest.raises(NotAnswered):
        truth(..., "x")


def test_table_takes_a_dict_or_a_series_and_checks_the_keys():
    assert table(pd.Series({"b": np.float64(2), "a": 1}), "t", ["a", "b"]) == {"a": 1.0, "b": 2.0}
    assert table({"a": " x "}, "t", ["a"], kind="text") == {"a": "x"}
    with pytest.raises(AnswerError, match=r"missing \['b'\]; not expected \['c'\]"):
        table({"a": 1, "c": 2}, "t", ["a", "b"])
    with pytest.raises(AnswerError, match="should be a dictionary"):
        table([1, 2], "t", ["a", "b"])
    with pytest.raises(AnswerError, match=r"t\['a'\] should be a text"):
        table({"a": 3}, "t", ["a"], kind="text")
    with pytest.raises(NotAnswered):
        table({"a": ...}, "t", ["a"])


# ---------------------------------------------------------------- functions
def _dots(x):
    """A docstring does not make it an answer."""
    ...


def _passes(x):
    pass


def _raises(x):
    raise NotImplementedError()


def _prints(x):
    print(x)


def _computes(x):
    x = x + 1


def test_call_tells_a_stub_from_an_answer():
    for stub in (_dots, _passes, _raises):
        with pytest.raises(NotAnswered, match=stub.__name__):
            call(stub, 1)
    with contextlib.redirect_stdout(io.StringIO()):
        assert call(_prints, 1) is None  # does something: an answer, if a wrong one
    assert call(_computes, 1) is None  # computes, forgets to return: not a stub
    with pytest.raises(AnswerError, match="expected a function"):
        call(3.5, 1)


def test_expect_error_names_the_wrong_exception_and_the_missing_one():
    def divide(a, b):
        return a / b

    def checked(a, b):
        if b == 0:
            raise ValueError("b is 0")
        return a / b

    with pytest.raises(AnswerError, match=r"raised ZeroDivisionError .* asks for a ValueError"):
        expect_error(ValueError, divide, 1, 0)
    with pytest.raises(AnswerError, match=r"divide\(1, 2\) returned 0.5, but the task asks"):
        expect_error(ValueError, divide, 1, 2)
    assert str(expect_error(ValueError, checked, 1, 0)) == "b is 0"
    with pytest.raises(NotAnswered):
        expect_error(ValueError, _dots, 1)


# --------------------------------------------------------------------- part
def run_part(body, hint="the hint"):
    """Run ``body`` inside ``part``; return (stdout, stderr, exception or None)."""
    out, err = io.StringIO(), io.StringIO()
    raised = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with part("Part Z", hint=hint):
                body()
        except Exception as exc:  # noqa: BLE001 - returned for inspection
            raised = exc
    return out.getvalue(), err.getvalue(), raised


def test_part_says_not_answered_on_stderr_and_goes_on():
    out, err, raised = run_part(lambda: number(..., "x"))
    assert raised is None
    assert out == ""
    assert err == "Part Z: not answered yet (x is still `...`).\nHint: the hint\n"


def test_part_reports_success_and_keeps_warnings_off_stderr():
    def noisy():
        warnings.warn("careful", RuntimeWarning, stacklevel=1)
        np.float64(0) / np.float64(0)
        print("debug", file=sys.stderr)

    out, err, raised = run_part(noisy)
    assert raised is None and err == ""
    assert "costs no points" in out and "RuntimeWarning: careful" in out and "debug" in out
    assert out.rstrip().endswith("Part Z: checks passed.")


def test_part_adds_the_hint_to_a_failed_check_and_to_a_crash():
    def wrong():
        raise AssertionError("one is not two")

    _, _, raised = run_part(wrong)
    assert isinstance(raised, AssertionError) and str(raised) == "one is not two"
    assert raised.__notes__ == ["Part Z: this check failed.\nHint: the hint"]
    _, _, raised = run_part(lambda: {}["backlog"])
    assert isinstance(raised, KeyError)
    assert "KeyError was raised while your answer was being checked" in raised.__notes__[0]


KERNEL_CELLS = {
    "quiet warning": '''
def ts(d, f):
    e = np.asarray(d, float) - np.asarray(f, float)
    s = e.sum() / np.abs(e).mean()
    return 0.0 if np.isnan(s) else s

with part("A", hint="h"):
    assert number(call(ts, [3, 4], [3, 4]), "ts") == 0, "zero"
''',
    "not answered": '''
def ts(d, f):
    ...

with part("B", hint="h"):
    assert number(call(ts, [3, 4], [3, 4]), "ts") == 0, "zero"
''',
    "wrong": '''
with part("C", hint="h"):
    assert number(1.0, "x") == 0, "x should be 0"
''',
}


def test_in_a_kernel_nbgrader_scores_warnings_full_and_not_answered_zero():
    """nbgrader's own rule (no credit for an error or stderr output) on executed cells."""
    from nbclient import NotebookClient
    from nbgrader.utils import determine_grade

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\nfrom mtolab.exercise import call, number, part")]
    for name, source in KERNEL_CELLS.items():
        cell = nbformat.v4.new_code_cell(source.strip())
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 2,
                                     "grade_id": name, "locked": True, "schema_version": 3}
        nb.cells.append(cell)
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute()
    scores = {c.metadata["nbgrader"]["grade_id"]: determine_grade(c)[0] for c in nb.cells[1:]}
    assert scores == {"quiet warning": 2, "not answered": 0, "wrong": 0}
    quiet, not_answered, wrong = nb.cells[1:]
    assert "costs no points" in quiet.outputs[0].text
    assert [o.output_type for o in not_answered.outputs] == ["stream"]
    assert "B: not answered yet" in not_answered.outputs[0].text
    assert wrong.outputs[-1].output_type == "error"
    assert "Hint: h" in "\n".join(wrong.outputs[-1].traceback)


# ------------------------------------------------- the assignments' check cells
def check_cells(nb):
    return [c for c in nb.cells if nbg(c).get("grade") and not nbg(c).get("solution")]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_every_check_cell_goes_through_part(path):
    for cell in check_cells(read(path)):
        gid = nbg(cell)["grade_id"]
        body = ast.parse(cell.source).body
        last = body[-1]
        assert isinstance(last, ast.With), f"{gid}: the cell ends in `with part(...)`"
        (item,) = last.items
        assert getattr(item.context_expr.func, "id", "") == "part", gid
        assert all(isinstance(s, (ast.Assign, ast.Import, ast.ImportFrom)) for s in body[:-1]), (
            f"{gid}: nothing is checked outside `with part(...)`")
        assert re.search(r'with part\("(Part|Del) [A-H]\d?", hint="', cell.source), gid


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_hidden_checks_mark_their_messages_and_never_state_the_value(path):
    for cell in check_cells(read(path)):
        (hidden,) = HIDDEN_REGION.findall(cell.source)
        tree = ast.parse(textwrap.dedent(hidden))
        gid = nbg(cell)["grade_id"]
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert):
                assert node.msg is not None, f"{gid}: a hidden assert without a message"
                names = {n.id for n in ast.walk(node.msg) if isinstance(n, ast.Name)}
                assert "HIDDEN" in names, f"{gid}: hidden messages start with HIDDEN"
                shown = {n.id for n in ast.walk(node.msg) if isinstance(n, ast.Name)} - {
                    "HIDDEN"}
                assert not shown & {"_want", "_k", "_v", "_tc", "_tot"}, (
                    f"{gid}: a hidden message shows a reference value")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "assert_close":
                hidden_kw = [k for k in node.keywords if k.arg == "hidden"]
                assert hidden_kw and hidden_kw[0].value.value is True, (
                    f"{gid}: assert_close(..., hidden=True) in hidden checks")


# ---------------------------------------------------------------- the points
def split(nb) -> dict:
    got = dict.fromkeys(CATEGORIES, 0.0)
    for cell in nb.cells:
        if nbg(cell).get("grade"):
            (tag,) = [t for t in cell.metadata.get("tags", []) if t.startswith("points-")]
            got[tag.removeprefix("points-")] += float(nbg(cell)["points"])
    return got


def readme_split() -> dict:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Exercises"):text.index("## Conda and Binder")]
    rows = re.findall(r"^\| `(a\d_\w+)` \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$",
                      section, flags=re.M)
    return {a: [float(x) for x in numbers] for a, *numbers in rows}


#: How an assignment's introduction states its points and their split, by edition.
POINTS_STATED = {
    "en": ("{total:g} points", r"Of the (\d+) points, (\d+) are for code .*?, (\d+) for "
           r"predict-then-check .*?, (\d+) for reading a simulation to decide .*? and (\d+) for "
           r"written"),
    "nb": ("{total:g} poeng", r"Av de (\d+) poengene gir (\d+) uttelling for kode .*?, (\d+) for "
           r"å forutsi og sjekke .*?, (\d+) for å lese av en simulering og ta en beslutning .*? og "
           r"(\d+) for skriftlige"),
}


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_code_is_at_most_a_third_and_the_split_is_stated_everywhere(path):
    nb = read(path)
    got = split(nb)
    total = sum(got.values())
    assert got["code"] <= total / 3, f"{path.parent.name}: {got}"
    assert got["predict"] and got["decide"] and got["written"], got
    english = ENGLISH_OF.get(path.parent.name, path.parent.name)  # the README lists these
    assert readme_split()[english] == [total, *got.values()], (
        "the README's point table differs from the notebook's points-* tags")
    intro = nb.cells[0].source
    points, sentence = POINTS_STATED["nb" if english != path.parent.name else "en"]
    assert points.format(total=total) in intro
    stated = re.search(sentence, intro.replace("\n", " "))
    assert stated, intro
    assert [float(x) for x in stated.groups()] == [total, *got.values()]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_each_part_heading_states_its_points(path):
    nb = read(path)
    heads, current = {}, None
    for cell in nb.cells:
        m = re.match(r"## ((?:Part|Del) [A-H]): .*\((\d+) (?:points?|poeng)[,:]", cell.source)
        if cell.cell_type == "markdown" and m:
            current = m.group(1)
            heads[current] = [float(m.group(2)), 0.0]
        elif nbg(cell).get("grade"):
            heads[current][1] += float(nbg(cell)["points"])
    assert heads and all(stated == counted for stated, counted in heads.values()), heads


# ----------------------------------------------- exercise 1 part F and lesson 02
# The one place this file reads lesson 02's forecast-error explorer: its computation
# (mtolab.analysis.forecast_error_cost on the explorer's own scenario, the "% served from
# stock" of "your forecast") and its controls (forecast_error_app).  If they move, repoint here.
def explorer_served(bias: float, noise: float, shelf_life: int) -> float:
    from mtolab.analysis import forecast_error_cost
    from mtolab.widgets.mts import _error_scenario

    result = forecast_error_cost(_error_scenario(bias, noise, shelf_life))
    return float(result.kpis.loc["your forecast", "served from stock"])


def explorer_controls() -> dict:
    from mtolab.widgets.mts import forecast_error_app

    return forecast_error_app().controls


def a1_namespace() -> dict:
    """Exercise 1's given code (setup, part F's helper) and the graded answer of part F."""
    ns = given_code("a1_make_to_stock")
    nb = read(ROOT / "solutions" / "a1_make_to_stock" / "a1_make_to_stock.ipynb")
    (answer,) = [c for c in nb.cells if nbg(c).get("grade_id") == "a1_bias_answer"]
    exec(answer.source, ns)  # noqa: S102 - the course's own notebook
    return ns


def test_a1_part_f_matches_lesson_02_explorer():
    ns = a1_namespace()
    controls = explorer_controls()
    bias, noise, shelf = controls["bias"], controls["noise"], controls["shelf_life"]
    assert (noise.value, shelf.value) == (0.2, 6), "part F says: the explorer's defaults"
    assert bias.step == 0.01 and bias.min <= -0.5, "part F says: bias in steps of 0.01"
    shop = ns["LESSON_SHOP"]
    assert (shop.forecast_noise, shop.shelf_life) == (noise.value, shelf.value)

    answer = ns["bias_where_served_drops_below_90"]
    helper = ns["served_in_lesson_shop"]
    positions = np.round(np.arange(bias.min, 0 + 1e-9, bias.step), 2)
    for b in {answer - 0.05, answer, answer + 0.05, *positions[-12:]}:
        ours, theirs = helper(b), explorer_served(b, noise.value, shelf.value)
        assert abs(ours - theirs) < 0.2, (b, ours, theirs)  # same model, same numbers
    # The graded answer crosses 90 % in the explorer itself, within the stated 0.05 ...
    assert explorer_served(answer - 0.05, 0.2, 6) < 90 <= explorer_served(answer + 0.05, 0.2, 6)
    # ... and the slider positions on either side of the crossing are graded right.
    served = {b: explorer_served(b, 0.2, 6) for b in positions}
    below = max(b for b, s in served.items() if s < 90)
    above = min(b for b, s in served.items() if s >= 90 and b > below)
    for b in (below, above):
        assert helper(b - 0.05) < 90 <= helper(min(b + 0.05, 0)), b


# ------------------------------------------------- the "Python for this course" notebook
def test_python_notebook_self_checks_pass_with_its_solutions_and_wait_without():
    from nbclient import NotebookClient

    original = read(PYTHON_NOTEBOOK)
    solved = read(PYTHON_NOTEBOOK)
    checks = []
    for i, cell in enumerate(solved.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("<details>"):
            (code,) = re.findall(r"```python\n(.*?)\n```", cell.source, flags=re.S)
            answer, check = solved.cells[i - 2], solved.cells[i - 1]
            assert "..." in answer.source and "with part(" in check.source
            answer.source = code
            checks.append(i - 1)
    assert len(checks) == 5
    for nb in (solved, original):
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(PYTHON_NOTEBOOK.parent)}}).execute()
    for i in checks:
        out = [o.get("text", "") for o in solved.cells[i].outputs]
        assert any("checks passed" in t for t in out), solved.cells[i].outputs
        assert not [o for o in solved.cells[i].outputs if o.get("name") == "stderr"]
        waiting = [o for o in original.cells[i].outputs if o.get("name") == "stderr"]
        assert waiting and "not answered yet" in waiting[0].text and "Hint:" in waiting[0].text


# ------------------------------------------------- exercise 5 part A: placing the cases
A5 = "a5_choosing_by_case"
# One product placed as a learner plausibly would, the rest as the solution: the visible
# check must say what to look at again (Dell's computers from a shelf, the sofas under
# one strategy, the bridge and the car as the sources or lesson 08's simulation suggest).
A5_PLAUSIBLE = [("pc", "MTS"), ("pc", "Hybrid"), ("car", "ATO"), ("car", "Hybrid"),
                ("car", "ETO"), ("suit", "ATO"), ("suit", "ETO"), ("suit", "Hybrid"),
                ("furniture", "MTS"), ("furniture", "MTO"), ("furniture", "ATO"),
                ("bridge", "MTO")]


@pytest.fixture(scope="module")
def a5():
    """Exercise 5's given code, its solution's placements and its visible A1/A2 checks."""
    nb = read(ROOT / "solutions" / A5 / f"{A5}.ipynb")
    cells = {nbg(c).get("grade_id"): c.source for c in nb.cells}
    ns: dict = {}
    for given in ("a5_setup", "a5_place_answer"):
        exec(cells[given], ns)  # noqa: S102 - the course's own notebook
    visible = {g: HIDDEN_REGION.sub("", cells[g]) for g in ("a5_strategy_tests",
                                                            "a5_decoupling_tests")}
    return ns, visible


def run_check(ns, source) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, dict(ns))  # noqa: S102 - the course's own check, on a copy
    return out.getvalue()


@pytest.mark.parametrize("product, placed", A5_PLAUSIBLE, ids=["-".join(p) for p in A5_PLAUSIBLE])
def test_a5_a1_catches_each_plausible_placement_with_a_hint_that_names_no_answer(
        a5, product, placed):
    from mtolab.cases import case, strategy_label

    ns, visible = a5
    ns = ns | {"strategy_of": ns["strategy_of"] | {product: placed}}
    with pytest.raises(AssertionError) as failed:
        run_check(ns, visible["a5_strategy_tests"])
    message = "\n".join([str(failed.value), *failed.value.__notes__])
    assert f"- {product}: " in message and "Hint:" in message
    assert HIDDEN not in message
    right = case(product).strategy  # (tests/test_cases.py checks each hint for every name)
    assert not re.search(rf"\b{right}\b", message, flags=re.I), (
        f"the message names the right answer {right}: {message}")
    assert strategy_label(placed) == placed


def test_a5_a1_takes_every_name_and_the_sources_label_for_dell(a5):
    ns, visible = a5
    names = {"bolts": "make-to-stock", "bread": "produksjon mot lager", "pc": "make to order",
             "car": "Make To Order (MTO)", "suit": "ordreproduksjon",
             "furniture": "hybrid (MTS + MTO)", "bridge": "konstruksjon mot ordre"}
    out = run_check(ns | {"strategy_of": names}, visible["a5_strategy_tests"])
    assert "checks passed" in out and "as the sources file Dell" in out
    out = run_check(ns | {"strategy_of": names}, visible["a5_decoupling_tests"])
    assert "checks passed" in out  # the PC under MTO keeps its decoupling point


@pytest.mark.parametrize("product, points, says", [
    ("pc", "finished goods", "no finished computer waits"),
    ("pc", "before production", "are in stock before anyone orders"),
    ("car", "before final assembly", "nothing of the car is made"),
    ("bridge", "before production", "not even its design exists"),
    ("furniture", "before production", "is not where Hybrid puts the decoupling point"),
    ("bolts", "somewhere on the shelf", "names no decoupling points"),
])
def test_a5_a2_says_which_decoupling_point_to_look_at_again(a5, product, points, says):
    ns, visible = a5
    ns = ns | {"decoupling_point_of": ns["decoupling_point_of"] | {product: points}}
    with pytest.raises(AssertionError, match=says) as failed:
        run_check(ns, visible["a5_decoupling_tests"])
    assert HIDDEN not in str(failed.value)


def test_a5_model_answers_say_what_the_cases_simulations_show():
    """The solution's model answers and rubrics quote these numbers: each is recomputed
    from the case's own simulation (seeded, as the notebook runs it) to its rounding."""
    from mtolab import compare_strategies
    from mtolab.cases import case

    nb = read(ROOT / "solutions" / A5 / f"{A5}.ipynb")
    text = " ".join(" ".join(c.source for c in nb.cells if c.cell_type == "markdown").split())

    def table(comparison):
        summary = comparison.summary.drop(columns="unit").astype(float)
        detail = comparison.detail[comparison.detail["kpi"] == "profit per week"]
        return summary, detail.set_index("strategy")

    def about(value, stated, step):
        assert abs(value - stated) <= step / 2, (value, stated)

    quotes = {
        "pc": "ATO earns the most, about 12,380 EUR a week, about 6,170 EUR a week more than "
              "MTO (about 6,210). The hybrid comes second (about 11,170), MTS third (about "
              "8,940).",
        "pc gap": "MTO's margin per computer sold is about 158 EUR against ATO's 312",
        "pc lost": "about 28 % of buyers walk away and 28 % take a standard computer",
        "sofas": "The hybrid earns the most, about 5,400 EUR a week, clearly ahead of MTS "
                 "(about 4,900), MTO (about 4,700) and ATO (about 3,600).",
        "sofas rows": "(100 % exact specification, against 70 % for MTS and ATO",
        "sofas margin": "a margin per sofa of about 278 EUR against MTO's 247. MTS comes "
                        "closest: it has the best margin per sofa sold (about 287 EUR)",
        "sofas wait": "about 3 weeks on average",
        "overturn": "MTO's on-time rate falls to 0 % and the hybrid's to about 40 %, and the "
                    "late penalties cut their margins (about 186 and 242 EUR per sofa). MTS, "
                    "which serves its buyers from the shelf, is untouched and now earns clearly "
                    "the most (about 4,900 EUR a week against the hybrid's 4,700).",
    }
    for quote in quotes.values():
        assert quote in text, f"the solution no longer says: {quote}"

    # Part B's description of the PC case, and D2's of the sofa maker's lead times.
    pc, sofas = case("pc").scenario, case("furniture").scenario
    assert "about 40 computers a week in 36 configurations (3 processors x 3 graphics cards " \
           "x 2 memory sizes x 2 drives)" in text
    assert (pc.demand.mean, pc.family.options) == (40.0, (3, 3, 2, 2))
    assert "sells for 1,100 EUR; a buyer who gets exactly the configuration they chose pays " \
           "60 EUR more. Under make to stock the maker keeps its 6 most popular" in text
    assert (pc.costs.price, pc.costs.exact_spec_premium, pc.configurations_stocked) == (
        1100.0, 60.0, 6)
    assert "half of the buyers who do not find theirs take a standard one" in text
    assert "costs 150 EUR more than making it in a stock run, plus a set-up of 50 EUR; " \
           "assembling one from stocked parts costs 25 EUR more. Buyers accept to wait 2 " \
           "weeks." in text
    assert (pc.substitution, pc.costs.mto_premium, pc.costs.setup_cost,
            pc.costs.assembly_premium, pc.max_wait) == (0.5, 150.0, 50.0, 25.0, 2)
    assert "(sourcing 2 weeks, production 3)" in text and "only two weeks instead of eight" in text
    assert (sofas.sourcing_time, sofas.production_time, sofas.max_wait) == (2, 3, 8)

    s, p = table(compare_strategies(pc))
    profit = s.loc["profit per week"]
    assert list(profit.sort_values(ascending=False).index) == ["ATO", "Hybrid", "MTS", "MTO"]
    for strategy, stated in (("ATO", 12380), ("MTO", 6210), ("Hybrid", 11170), ("MTS", 8940)):
        about(profit[strategy], stated, 10)
    about(profit["ATO"] - profit["MTO"], 6170, 10)
    about(s.loc["margin per unit sold", "MTO"], 158, 1)
    about(s.loc["margin per unit sold", "ATO"], 312, 1)
    about(s.loc["walked away", "MTS"], 28, 1)
    about(s.loc["substituted", "MTS"], 28, 1)

    s, p = table(compare_strategies(case("furniture").scenario))
    for strategy, stated in (("Hybrid", 5400), ("MTS", 4900), ("MTO", 4700), ("ATO", 3600)):
        about(s.loc["profit per week", strategy], stated, 100)
        if strategy != "Hybrid":
            assert p.loc["Hybrid", "ci_low"] > p.loc[strategy, "ci_high"], strategy
    about(s.loc["exact specification", "Hybrid"], 100, 1)
    about(s.loc["exact specification", "MTS"], 70, 1)
    about(s.loc["exact specification", "ATO"], 70, 1)
    about(s.loc["walked away", "MTS"], 15, 1)
    about(s.loc["substituted", "MTS"], 15, 1)
    for strategy, stated in (("Hybrid", 278), ("MTO", 247), ("MTS", 287)):
        about(s.loc["margin per unit sold", strategy], stated, 1)
    assert s.loc["margin per unit sold"].idxmax() == "MTS"
    about(s.loc["mean lead time", "Hybrid"], 3, 1)

    s, p = table(compare_strategies(case("furniture").what_if("max_wait", 2)))
    about(s.loc["on-time rate", "MTO"], 0, 1)
    about(s.loc["on-time rate", "Hybrid"], 40, 1)
    about(s.loc["margin per unit sold", "MTO"], 186, 1)
    about(s.loc["margin per unit sold", "Hybrid"], 242, 1)
    about(s.loc["profit per week", "MTS"], 4900, 100)
    about(s.loc["profit per week", "Hybrid"], 4700, 100)
    assert all(p.loc["MTS", "ci_low"] > p.loc[o, "ci_high"] for o in ("ATO", "MTO", "Hybrid"))


@pytest.mark.parametrize("key, setting, value, winner", [
    ("furniture", "bespoke_share", 0.0, "MTS"), ("furniture", "substitution", 1.0, "MTS"),
    ("furniture", "costs.mto_premium", 400, "MTS"), ("pc", "costs.assembly_premium", 200, "Hybrid"),
    ("car", "costs.mto_premium", 400, "ATO"), ("pc", "forecast_noise", 0.6, None),
])
def test_a5_the_overturns_the_solution_names_overturn_their_case(key, setting, value, winner):
    """Part D2's solution lists these overturns (and its scratch cell the PC's non-overturn);
    the hidden check also runs them with the next seed."""
    from mtolab import compare_strategies
    from mtolab.cases import case

    chosen = case(key)
    changed = chosen.what_if(setting, value)
    nb = read(ROOT / "solutions" / A5 / f"{A5}.ipynb")
    assert f"{setting}" in "\n".join(c.source for c in nb.cells), setting
    for seed in (changed.seed, changed.seed + 1):
        assert chosen.overturned_by(compare_strategies(changed.replace(seed=seed))) == winner


# ------------------------------------------------------------ the Norwegian edition
@pytest.fixture
def norwegian():
    set_language("nb")
    yield
    set_language("en")


def test_every_message_is_norwegian_in_norwegian():
    english = every_message()
    set_language("nb")
    try:
        norwegian = every_message()
    finally:
        set_language("en")
    assert english.keys() == norwegian.keys() == {w for w, _ in ANSWERS} | {
        f"part: {w}" for w, _, _ in PARTS}
    for what, text in norwegian.items():
        if what == "part: warning":  # the warning itself is the learner's, in English
            text = text.replace("RuntimeWarning: careful", "")
        assert text != english[what], f"{what}: still English in Norwegian: {text}"
        for word in (" should ", " the text ", "not answered", "checks passed", "Hint:",
                     "(hidden check)", " is still ", "costs no points", " but the task "):
            assert word not in text, f"{what}: {word!r} in the Norwegian message {text!r}"


def test_case_hints_and_refusals_are_norwegian_in_norwegian():
    english = case_messages()
    set_language("nb")
    try:
        norwegian = case_messages()
    finally:
        set_language("en")
    assert len(english) >= 15 and english.keys() == norwegian.keys()
    assert {"what_if: seed", "what_if: costs"} <= english.keys()
    for what, text in norwegian.items():
        assert text and text != english[what], f"{what}: still English in Norwegian: {text}"


@pytest.mark.parametrize("check, says", [
    (lambda: number("0.88", "u", example="0.75"),
     "u skal være et tall, for eksempel 0.75, ikke teksten '0.88': fjern anførselstegnene"),
    (lambda: number(-2.5, "u", low=0, unit="uker"),
     "u = \u22122,5 uker er ikke rimelig: forventet en verdi på minst 0 uker. "),
    (lambda: assert_close(20.5, 20.444, 0.05, "x", why="fordi"),
     "x skal være 20,44 (fordi); du har 20,5"),
    (lambda: assert_close(19.0, 20.444, 0.05, "x", hidden=True),
     "(skjult kontroll) x er for lav: mer enn 0,05 fra fasiten, regnet ut fra oppgavens "
     "scenario"),
    (lambda: choice(4.24, "m", ["MTS", "MTO"]),
     "m skal være ett av 'MTS', 'MTO' (tekst, i anførselstegn), ikke 4.24 (en float)"),
    (lambda: truth("kanskje", "x"),
     "x skal være True eller False (eller teksten 'ja' eller 'nei'), ikke teksten 'kanskje'"),
    (lambda: table({"a": 1, "c": 2}, "t", ["a", "b"]),
     "t skal ha nøyaktig nøklene ['a', 'b']; ['b'] mangler; ['c'] hører ikke med"),
    (lambda: choice("lean", "s", STRATEGY_LABELS, aliases=strategy_label),
     "s: 'lean' er ikke en strategi kurset bruker: bruk en av MTS, ATO, MTO, Hybrid, ETO eller "
     "hele navnet (for eksempel 'produksjon mot lager' eller 'konstruksjon mot ordre')"),
])
def test_norwegian_messages_read_as_norwegian_with_norwegian_numbers(norwegian, check, says):
    with pytest.raises(AnswerError) as err:
        check()
    assert str(err.value) == says


def test_a_norwegian_part_says_not_answered_and_passed_in_norwegian(norwegian):
    assert part_output(lambda: number(..., "x"), "bruk np.abs") == (
        "Part Z: ikke besvart ennå (x er fortsatt `...`).\nTips: bruk np.abs")
    assert part_output(lambda: None, "") == "Part Z: kontrollene er bestått."
    assert f"{HIDDEN} x" == "(skjult kontroll) x"


def test_english_messages_stay_english_after_norwegian():
    set_language("nb")
    set_language("en")
    assert f"{HIDDEN} x" == "(hidden check) x" and HIDDEN == "(hidden check)"
    assert part_output(lambda: number(..., "x"), "h") == (
        "Part Z: not answered yet (x is still `...`).\nHint: h")


@pytest.mark.parametrize("text, expected", [("ja", True), ("Nei", False), (" sant ", True),
                                            ("USANT", False), (["ja"], True)])
def test_truth_takes_norwegian_yes_and_no(text, expected):
    assert truth(text, "x") is expected


@pytest.mark.parametrize("text, label", [
    ("produksjon mot lager", "MTS"), ("Produksjon-mot-lager", "MTS"), ("lagerproduksjon", "MTS"),
    ("lag på lager", "MTS"), ("ordreproduksjon", "MTO"), ("produksjon mot ordre", "MTO"),
    ("Produksjon mot ordre (MTO)", "MTO"), ("montering mot ordre", "ATO"),
    ("montering mot ordre (ATO)", "ATO"), ("ATO (montering mot ordre)", "ATO"),
    ("konfigurering mot ordre", "ATO"), ("montering på bestilling", "ATO"),
    ("konstruksjon mot ordre", "ETO"), ("konstruksjon mot ordre (ETO)", "ETO"),
    ("prosjektproduksjon", "ETO"), ("hybrid", "Hybrid"),
    ("produksjon mot lager og mot ordre", "Hybrid"), ("make to order (MTO)", "MTO"),
])
def test_choice_takes_the_norwegian_names_of_the_strategies(text, label):
    assert choice(text, "s", STRATEGY_LABELS, aliases=strategy_label) == label


def test_a_norwegian_name_beside_another_label_is_not_taken():
    with pytest.raises(AnswerError, match="is not a strategy"):
        choice("montering mot ordre (MTS)", "s", STRATEGY_LABELS, aliases=strategy_label)


@pytest.mark.parametrize("text, points", [
    ("på ferdigvarelageret", ("finished goods",)),
    ("før sluttmonteringen", ("before final assembly",)),
    ("kundeordrepunktet ligger før produksjonen", ("before production",)),
    ("før konstruksjonen", ("before design",)),
    ("ferdigvarelager for favorittene, før produksjonen for resten",
     ("finished goods", "before production")),
])
def test_decoupling_points_are_read_in_norwegian_too(text, points):
    assert decoupling_points(text) == points


@pytest.mark.parametrize("path", NB_SOLUTIONS, ids=lambda p: p.parent.name)
def test_a_norwegian_assignment_speaks_norwegian_from_its_first_code_cell(path):
    nb = read(path)
    first = next(c for c in nb.cells if c.cell_type == "code")
    lines = [ln for ln in first.source.splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines[:2] == ["import mtolab", 'mtolab.set_language("nb")'], lines[:2]
    text = "\n".join(c.source for c in nb.cells)
    assert "notebooks/en/" not in text and "python_for_this_course" not in text
    links = re.findall(r"\]\((\.\./[^)#]+)[^)]*\)", text)
    assert links, "a Norwegian assignment links to the Norwegian primer"
    for link in links:
        target = (path.parent / link).resolve()
        assert target.is_file(), f"{link}: no such file"
        assert target.is_relative_to(ROOT / "notebooks" / "nb") or target.is_relative_to(
            ROOT / "exercises"), f"{link}: not a Norwegian lesson or an exercise"
