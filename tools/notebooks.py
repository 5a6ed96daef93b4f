"""Execute and clean the course notebooks before they are committed.

Committed notebooks keep no outputs, except the text output of cells that
start with ``# NBVAL_CHECK_OUTPUT``: nbval compares those, so a library
change that moves a lesson's key numbers fails a test.  Widget state,
images and execution counts are never kept.

Usage::

    .venv/bin/python tools/notebooks.py notebooks/en/02_make_to_stock.ipynb [...]
    .venv/bin/python tools/notebooks.py --check notebooks/*/*.ipynb

The first form runs each notebook on a fresh kernel (from the notebook's
folder) and rewrites it cleaned; ``--check`` only reports notebooks that
are not clean and exits non-zero if any.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
TEXT_MIME = "text/plain"


def is_check_cell(cell) -> bool:
    """True for a code cell whose output nbval compares."""
    return cell.cell_type == "code" and cell.source.lstrip().startswith(CHECK_MARK)


def _text_only(output):
    """The output reduced to plain text, or None if it has none."""
    if output.output_type == "stream":
        return output if output.name == "stdout" else None
    if output.output_type in ("execute_result", "display_data"):
        text = output.get("data", {}).get(TEXT_MIME)
        if text is None or output.output_type == "display_data":
            return None
        return nbformat.v4.new_output("execute_result", data={TEXT_MIME: text},
                                      execution_count=output.get("execution_count"))
    return None


def clean(nb) -> nbformat.NotebookNode:
    """Drop every output except check cells' text; drop widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if is_check_cell(cell):
            kept = [o for o in map(_text_only, cell.outputs) if o is not None]
            cell.outputs = kept
            for o in kept:
                if o.output_type == "execute_result":
                    o.execution_count = 1
            cell.execution_count = 1 if kept else None
        else:
            cell.outputs = []
            cell.execution_count = None
    return nb


def problems(nb) -> list[str]:
    """Reasons a committed notebook is not clean (empty if it is)."""
    found = []
    if "widgets" in nb.metadata:
        found.append("notebook metadata stores widget state")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if not is_check_cell(cell):
                found.append(f"cell {i} has an output but is not a {CHECK_MARK} cell")
                break
            if o.output_type not in ("stream", "execute_result") or (
                o.output_type == "execute_result" and set(o.data) != {TEXT_MIME}
            ):
                found.append(f"cell {i} keeps a non-text output ({o.output_type})")
    return found


def execute(path: Path, timeout: int = 120) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on a fresh kernel, from its folder."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only report unclean notebooks")
    args = parser.parse_args(argv)
    bad = 0
    for path in args.notebooks:
        if args.check:
            for reason in problems(nbformat.read(path, as_version=4)):
                print(f"{path}: {reason}")
                bad += 1
            continue
        start = time.perf_counter()
        nb = clean(execute(path))
        nbformat.write(nb, path)
        print(f"{path}: executed and cleaned in {time.perf_counter() - start:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
