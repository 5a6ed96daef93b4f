"""The static scan: tampering is flagged with its cell and line, honest work is not."""

from __future__ import annotations

import pytest
from classroom import ASSIGNMENTS, EXERCISES, FOCUS, SOLUTIONS, answer_ids, nbg, prefixed, read

from mtolab.instructor.scan import scan_notebook, scan_source

HONEST = [
    "import numpy as np\nimport pandas as pd\nx = np.random.default_rng(1).normal(size=5)\n"
    "print(abs(x).mean(), np.isclose(x.sum(), 0.1), max(x), sorted(x)[0])",
    "from mtolab import DemandPattern, Scenario, compare_strategies\n"
    "sc = Scenario(n_periods=20, n_replications=5, seed=3)\nres = sc.simulate('MTS')",
    "%matplotlib inline\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
    "ax.plot([1, 2], [3, 4])\nplt.show()",
    "%timeit sum(range(10))",
    "%%time\ntotal = sum(i * i for i in range(1000))",
    "np.mean?",
    "df = pd.DataFrame({'week': [1, 2], 'demand': [20, 22]})\ndf.to_csv('my_results.csv')\n"
    "again = pd.read_csv('my_results.csv')\ndisplay(again)",
    "import warnings\nwarnings.filterwarnings('ignore')",
    "pd.options.display.max_rows = 20\nnp.set_printoptions(precision=3)",
    "unit = 'currency/unit sold'\nprint(f'{unit}: {3.14159:.2f} per week')",
    "import math\nfrom statistics import NormalDist\nz = NormalDist().inv_cdf(0.95)\n"
    "print(math.sqrt(2) * z)",
    "import os\nprint(os.getcwd(), os.listdir())",
    "from pathlib import Path\nPath('notes.txt').write_text('checked part B')",
    "import dataclasses\n@dataclasses.dataclass\nclass Plan:\n    stock: int = 0\n"
    "plan = dataclasses.replace(Plan(), stock=3)",
    "def share_of_top(shares, k):\n    try:\n        return sum(sorted(shares, reverse=True)[:k])\n"
    "    except TypeError as exc:\n        raise ValueError('shares must be numbers') from exc",
    "import time\nstart = time.perf_counter()\nelapsed = time.perf_counter() - start",
    "results = {name: round(value, 2) for name, value in {'naive': 1.234}.items()}\n"
    "assert results['naive'] > 0, 'a positive MAD'",
]
CHEATS = [
    ("get_ipython().input_transformers_cleanup.append(lambda lines: lines)", 1,
     "input transformer"),
    ("ip = get_ipython()\nip.events.register('pre_run_cell', lambda info: None)", 2,
     "event hook"),
    ("import builtins\nbuiltins.abs = lambda x: 0", 2, "replaces builtins.abs"),
    ("__builtins__.abs = lambda x: 0", 1, "built-in"),
    ("import sys\nsys.modules['numpy'] = None", 2, "sys.modules"),
    ("import numpy as np\nnp.isclose = lambda *a, **k: True", 2, "replaces numpy.isclose"),
    ("import os\nos._exit(1)", 2, "os._exit"),
    ("import os\nos.system('ls')", 2, "os.system"),
    ("import subprocess\nsubprocess.run(['ls'])", 1, "starts other programs"),
    ("import os\npid = os.fork()", 2, "os.fork"),
    ("import ctypes", 1, "ctypes"),
    ("import sqlite3\nsqlite3.connect('marks.db')", 1, "database"),
    ("open('/srv/course/grading/gradebook.db', 'rb')", 1, "outside its own folder"),
    ("open('../../solutions/a1.ipynb')", 1, "climbs out"),
    ("text = open('nbgrader_config.py').read()", 1, "course or grading files"),
    ("text = open('solutions/a1/a1.ipynb').read()", 1, "course or grading files"),
    ("import sys\nsys.settrace(lambda *a: None)", 2, "trace"),
    ("import mtolab.instructor.guard as g", 1, "grading code"),
    ("exec('x = 1')", 1, "exec"),
    ("!ls /", 1, "shell command"),
    ("%%bash\nls", 1, "cell magic"),
    ("files = !ls ..", 1, "shell command"),
    ("def broken(:\n    get_ipython().run_cell('1')", 2, "IPython"),  # does not parse
    ("if True\n    import subprocess", 2, "programs"),  # does not parse
]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_and_exercises_are_not_flagged(assignment):
    for folder in (SOLUTIONS, EXERCISES):
        findings = scan_notebook(read(folder, assignment))
        assert findings == [], [str(f) for f in findings]


@pytest.mark.parametrize("code", HONEST)
def test_plausible_learner_code_is_not_flagged(code):
    assert scan_source(code) == []


@pytest.mark.parametrize(("code", "line", "words"), CHEATS)
def test_tampering_is_flagged_on_its_line(code, line, words):
    found = scan_source(code)
    assert any(number == line and words in reason for number, reason in found), found


def test_findings_name_the_cell_its_grade_id_and_the_line():
    solution = read(SOLUTIONS, FOCUS)
    answer = answer_ids(solution)[1]
    nb = prefixed(solution, answer, "x = 1\nimport builtins")
    (finding,) = scan_notebook(nb)
    index = next(i for i, c in enumerate(nb.cells) if nbg(c).get("grade_id") == answer)
    assert (finding.cell, finding.grade_id, finding.line) == (index + 1, answer, 2)
    assert str(finding).startswith(f"cell {index + 1} ({answer}), line 2: ")


def test_replacing_what_a_locked_cell_imported_is_flagged():
    nb = read(SOLUTIONS, FOCUS)
    setup = next(c for c in nb.cells if nbg(c).get("locked") and not nbg(c).get("grade"))
    setup.source = "from statistics import NormalDist\n" + setup.source
    answer = answer_ids(nb)[0]
    nb = prefixed(nb, answer, "NormalDist.inv_cdf = lambda self, p: 0")
    (finding,) = scan_notebook(nb)
    assert "replaces statistics.NormalDist.inv_cdf" in finding.reason


def test_locked_cells_are_not_scanned():
    nb = read(SOLUTIONS, FOCUS)
    test_cell = next(c for c in nb.cells if nbg(c).get("grade") and nbg(c).get("locked"))
    test_cell.source = "import subprocess\n" + test_cell.source  # replaced by the release's
    assert scan_notebook(nb) == []
