"""What happened to each submission: ``grading/status.json``.

The gradebook holds scores; this file holds what the gradebook cannot say:
items collect could not place (and why), and for every collected
submission the outcome of its last grading run:

- ``graded``: graded by the last run;
- ``review``: graded, but the scan or the grading guard found code that
  tampers with grading (the findings say where);
- ``not graded``: it could not be graded (the reason says why) and it has
  no earlier grade;
- ``stale``: the last re-grade failed (the reason says why); the score is
  the one of the earlier run.

Only the parent processes of ``collect`` and ``autograde`` write it, whole,
through a temporary file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

GRADED, REVIEW, NOT_GRADED, STALE = "graded", "review", "not graded", "stale"
REJECTED, NOT_SUBMITTED, WAITING = "rejected at collect", "not submitted", "not graded yet"


def path_of(grading: Path) -> Path:
    return grading / "status.json"


def load(grading: Path) -> dict:
    path = path_of(grading)
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data.setdefault("rejected", [])
                data.setdefault("superseded", [])
                data.setdefault("grading", {})
                return data
        except (OSError, ValueError):
            pass
    return {"rejected": [], "superseded": [], "grading": {}}


def save(grading: Path, data: dict) -> None:
    grading.mkdir(parents=True, exist_ok=True)
    path = path_of(grading)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def key(student: str, assignment: str) -> str:
    return f"{student}/{assignment}"
