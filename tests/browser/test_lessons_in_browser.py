"""Every lesson runs top to bottom in a real JupyterLab, and every explorer is usable there.

For each notebook in ``notebooks/<language>/`` (both editions, sorted), in headless Chromium at a
laptop's 1366 x 900 window, with the learner configuration of ``make lab``:

1. open it and wait for its kernel; opening alone leaves the notebook
   unmodified (JupyterLab rewrites the kernel metadata on open when it
   differs from the running kernel's, and then asks to save on close);
2. run all cells with JupyterLab's own "Run All Cells" command (120 s at most);
3. no cell has an error output (read from the notebook model; cells tagged
   ``raises-exception`` excepted) and every code cell ran;
4. no widget failed to display ("Error displaying widget");
5. lessons 02-06 have at least one explorer (``.mtolab-explorer``); each
   explorer's every slider track is at least 200 px long, with its label
   above it and its unit beside it; its figure fits the output area, fills
   it up to the figure's width and is vector (SVG) or has at least as many
   pixels as it is displayed on;
6. for each explorer, one arrow-key press on its first slider's handle
   redraws the figure (the ``img`` src changes within 30 s);
7. every slider of each explorer at its minimum (Home key), then at its
   maximum (End key): the explorer still draws a figure, never an error.
   Screenshots at the defaults and at both extremes go to
   ``test-artifacts/<notebook>-explorer<i>-{defaults,min,max}.png``.

The measurements go to ``test-artifacts/explorer-layout.json``; on failure a
screenshot goes to ``test-artifacts/<notebook>.png``.  Lesson 03's first
explorer is photographed for the README (``docs/lesson-03-explorer.png``)
when ``MTOLAB_README_SCREENSHOT=1``.

Further tests: figures at a device pixel ratio of 2, and nbgrader's
instructor tools hidden from learners but there for instructors.
"""

from __future__ import annotations

import json
import os
import time

import nbformat
import pytest
from lab import (
    ARTIFACTS,
    CHROMIUM,
    NO_CHROMIUM,
    NOTEBOOK_DIR,
    REPO,
    VIEWPORT,
    LabServer,
    error_outputs,
    explorer_layout,
    explorer_message,
    explorers,
    figure_src,
    move_all_sliders,
    nudge_slider,
    open_notebook,
    run_all,
    shutdown_kernels,
    sliders,
    unexecuted_cells,
    wait_settled,
    wait_src_change,
    wait_widgets_rendered,
)

pytestmark = pytest.mark.browser

# Every edition's lessons (notebooks/<language>/*.ipynb), or a scratch folder's notebooks.
LESSONS = (sorted(p for p in NOTEBOOK_DIR.glob("*/*.ipynb") if not p.parent.name.startswith("."))
           or sorted(NOTEBOOK_DIR.glob("*.ipynb")))
EXPECTED_LESSONS = [
    "en/00_start_here.ipynb",
    "en/01_production_strategies.ipynb",
    "en/02_make_to_stock.ipynb",
    "en/03_make_to_order.ipynb",
    "en/04_assemble_to_order.ipynb",
    "en/05_choosing_a_strategy.ipynb",
    "en/06_exploring_the_choice.ipynb",
    "en/07_the_case_for_make_to_order.ipynb",
    "en/08_strategy_in_practice.ipynb",
]
# Lessons whose names start with these must contain at least one explorer.
EXPLORER_PREFIXES = ("02_", "03_", "04_", "06_", "07_")
RUN_TIMEOUT = 120.0
MIN_TRACK = 200  # px: a track a mouse can drag
FIGURE_WIDTH = 880  # px: mtolab.widgets._base.FIGURE_WIDTH
README_SHOT = REPO / "docs" / "lesson-03-explorer.png"
LAYOUT_LOG = ARTIFACTS / "explorer-layout.json"

_JS_MODEL = """
() => {
  const w = window.jupyterapp.shell.currentWidget;
  return {dirty: w.context.model.dirty, metadata: w.context.model.toJSON().metadata};
}
"""


def test_lessons_exist():
    assert LESSONS, f"no lesson notebooks (*.ipynb) in {NOTEBOOK_DIR}"
    if "MTOLAB_BROWSER_NOTEBOOKS" not in os.environ:
        names = [path.relative_to(NOTEBOOK_DIR).as_posix() for path in LESSONS]
        missing = [name for name in EXPECTED_LESSONS if name not in names]
        assert not missing, f"lessons missing from {NOTEBOOK_DIR}: {missing}"


def assert_opens_unmodified(page, notebook):
    """Opening leaves the model clean: its kernel metadata is the running kernel's."""
    stored = nbformat.read(notebook, as_version=4).metadata
    time.sleep(1.0)  # JupyterLab writes the kernel's metadata once the kernel info arrives
    state = page.evaluate(_JS_MODEL)
    now = state["metadata"]
    assert now.get("kernelspec") == stored.get("kernelspec"), (
        f"{notebook.name}: JupyterLab rewrote the kernelspec on open: "
        f"{stored.get('kernelspec')} -> {now.get('kernelspec')}")
    stored_info = dict(stored.get("language_info", {}))
    running = dict(now.get("language_info", {}))
    if stored_info.get("version") != running.get("version"):
        # The notebook was last run by another Python; only the version may differ.
        stored_info.pop("version", None)
        running.pop("version", None)
        assert running == stored_info, f"{notebook.name}: language_info differs: {running}"
    else:
        assert running == stored_info, f"{notebook.name}: language_info differs: {running}"
        assert state["dirty"] is False, f"{notebook.name} is marked modified just by opening it"


def check_layout(name, index, layout):
    """Slider tracks, labels, units and the figure's size of one explorer."""
    where = f"{name}: explorer {index}"
    assert layout["sliders"], f"{where} has no slider"
    for s in layout["sliders"]:
        assert s["track"]["width"] >= MIN_TRACK, (
            f"{where}: the track of {s['label']!r} is {s['track']['width']:.0f} px "
            f"(< {MIN_TRACK})")
        assert s["label"], f"{where}: a slider has no label"
        assert s["label_box"]["y"] + s["label_box"]["height"] <= s["track"]["y"] + 1, (
            f"{where}: the label {s['label']!r} is not above its track")
        assert s["unit"] and s["readout"], f"{where}: {s['label']!r} shows no value with a unit"
    fig = layout["figure"]
    assert fig, f"{where} shows no figure"
    shown = fig["displayed"]["width"]
    assert shown <= layout["area"]["width"] + 1, f"{where}: figure wider than its output area"
    assert shown >= min(FIGURE_WIDTH, layout["area"]["width"]) - 2, (
        f"{where}: figure {shown:.0f} px in an output area of {layout['area']['width']:.0f} px")
    assert fig["natural_width"] >= shown - 0.5, f"{where}: figure is stretched: {fig}"
    if not fig["src"].startswith("data:image/svg+xml"):  # raster: enough pixels for the screen
        assert fig["natural_width"] >= shown * fig["dpr"] - 0.5, f"{where}: blurry: {fig}"


def record(notebook, index, layout, key="layout"):
    """Keep the measurements for the record (test-artifacts/explorer-layout.json)."""
    ARTIFACTS.mkdir(exist_ok=True)
    data = json.loads(LAYOUT_LOG.read_text()) if LAYOUT_LOG.exists() else {}
    data.setdefault(key, {})[f"{notebook.stem}/{index}"] = {
        "narrowest_track": min(s["track"]["width"] for s in layout["sliders"]),
        "figure_natural": [layout["figure"]["natural_width"], layout["figure"]["natural_height"]],
        "figure_displayed": [round(layout["figure"]["displayed"]["width"], 1),
                             round(layout["figure"]["displayed"]["height"], 1)],
        "output_area": round(layout["area"]["width"], 1),
        "vector": layout["figure"]["src"].startswith("data:image/svg+xml"),
        "device_pixel_ratio": layout["figure"]["dpr"],
    }
    LAYOUT_LOG.write_text(json.dumps(data, indent=1, sort_keys=True))


# With no lessons yet, one failing case instead of an empty (skipped) parametrisation.
_PARAMS = ([pytest.param(p, id=f"{p.parent.name}/{p.stem}") for p in LESSONS]
           or [pytest.param(None, id="no-lessons")])


@pytest.mark.timeout(RUN_TIMEOUT + 240)
@pytest.mark.parametrize("notebook", _PARAMS)
def test_lesson_runs_and_explorers_respond(notebook, request):
    assert notebook is not None, f"no lesson notebooks (*.ipynb) in {NOTEBOOK_DIR}"
    assert CHROMIUM.exists(), NO_CHROMIUM
    # Requested only now, so that the failing "no-lessons" case starts no server or browser.
    lab_server = request.getfixturevalue("lab_server")
    page = request.getfixturevalue("lab_page")
    screenshot_on_failure = request.getfixturevalue("screenshot_on_failure")
    try:
        open_notebook(page, lab_server, notebook)
        assert_opens_unmodified(page, notebook)
        run_all(page, timeout=RUN_TIMEOUT)

        errors = error_outputs(page)
        assert not errors, f"{notebook.name}: cells raised errors: {errors}"
        assert unexecuted_cells(page) == 0, f"{notebook.name}: some code cells did not run"

        state = wait_widgets_rendered(page)
        broken = page.get_by_text("Error displaying widget")
        assert broken.count() == 0, (
            f"{notebook.name}: {broken.count()} widget(s) failed to display "
            f"('Error displaying widget'); state: {state}"
        )

        found = explorers(page)
        count = found.count()
        if notebook.name.startswith(EXPLORER_PREFIXES):
            assert count >= 1, f"{notebook.name}: no explorer (.mtolab-explorer) in this lesson"

        for i in range(count):
            explorer = found.nth(i)
            assert sliders(explorer).count() >= 1, f"{notebook.name}: explorer {i} has no slider"
            layout = explorer_layout(explorer)
            record(notebook, i, layout)
            check_layout(notebook.name, i, layout)
            if notebook.name.startswith("03_") and i == 0:
                readme_screenshot(page, explorer)
            before = figure_src(explorer)
            assert before, (
                f"{notebook.name}: explorer {i} shows no figure image (.mtolab-figure img)"
            )
            ARTIFACTS.mkdir(exist_ok=True)
            explorer.screenshot(path=str(ARTIFACTS / f"{notebook.stem}-explorer{i}-defaults.png"))
            key = nudge_slider(sliders(explorer).first)
            try:
                after = wait_src_change(page, explorer, before, timeout=30)
            except Exception as exc:
                raise AssertionError(
                    f"{notebook.name}: explorer {i} did not redraw within 30 s after {key} "
                    f"on its first slider"
                ) from exc
            assert after != before
            check_extremes(page, notebook, i, explorer, after)
    except BaseException:
        screenshot_on_failure(notebook.stem)
        raise


def check_extremes(page, notebook, index, explorer, shown):
    """Every slider at its minimum, then its maximum: a figure each time, and screenshots."""
    stem = f"{notebook.stem}-explorer{index}"
    for key, end in (("Home", "min"), ("End", "max")):
        if not move_all_sliders(explorer, key):
            continue  # every slider was already there: nothing to redraw
        try:
            shown = wait_settled(page, explorer, shown)
        except TimeoutError as exc:
            raise AssertionError(f"{notebook.name}: explorer {index}, every slider at its "
                                 f"{end}imum: {exc}") from exc
        explorer.screenshot(path=str(ARTIFACTS / f"{stem}-{end}.png"))
        assert shown, (f"{notebook.name}: explorer {index} draws no figure with every slider at "
                       f"its {end}imum; it says: {explorer_message(explorer)[:300]!r}")


def readme_screenshot(page, explorer):
    """Lesson 03's lead-time explorer as a learner sees it (saved for the README on request)."""
    explorer.evaluate("el => el.scrollIntoView({block: 'start'})")  # controls and figure
    time.sleep(0.5)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lesson-03-explorer.png"))
    if os.environ.get("MTOLAB_README_SCREENSHOT") == "1":
        README_SHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(README_SHOT))


@pytest.mark.timeout(RUN_TIMEOUT + 120)
def test_figures_are_crisp_on_a_high_density_screen(chromium, lab_server):
    """At a device pixel ratio of 2 every figure is vector, or has twice the pixels shown."""
    notebook = NOTEBOOK_DIR / "en" / "06_exploring_the_choice.ipynb"
    context = chromium.new_context(viewport=VIEWPORT, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_notebook(page, lab_server, notebook)
        run_all(page, timeout=RUN_TIMEOUT)
        wait_widgets_rendered(page)
        found = explorers(page)
        assert found.count() >= 1
        for i in range(found.count()):
            layout = explorer_layout(found.nth(i))
            assert layout["figure"]["dpr"] == 2
            record(notebook, i, layout, key="device pixel ratio 2")
            check_layout(notebook.name, i, layout)
    finally:
        context.close()
        shutdown_kernels(lab_server)


_JS_NBGRADER = """
() => {
  const menus = Array.from(document.querySelectorAll('.lm-MenuBar-itemLabel'))
                     .map((m) => m.textContent.trim());
  const toolbar = Array.from(document.querySelectorAll('.jp-NotebookPanel-toolbar *'))
                       .map((b) => (b.textContent || '').trim());
  const sidebar = Array.from(document.querySelectorAll('.lm-TabBar-tabLabel, .lm-TabBar-tab'))
                       .map((t) => (t.textContent || t.title || '').trim());
  const plugins = window.jupyterapp.listPlugins().filter((p) => p.startsWith('@jupyter/nbgrader'));
  const active = plugins.filter((p) => window.jupyterapp.isPluginActivated(p));
  return {menu: menus.includes('Nbgrader'), validate: toolbar.includes('Validate'),
          create: sidebar.some((t) => t.includes('Create Assignment')), plugins, active};
}
"""


def nbgrader_ui(chromium, server) -> dict:
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_notebook(page, server, NOTEBOOK_DIR / "en" / "00_start_here.ipynb")
        time.sleep(3.0)  # extensions add their menus once the app has started
        return page.evaluate(_JS_NBGRADER)
    finally:
        context.close()
        shutdown_kernels(server)


@pytest.mark.timeout(240)
def test_learners_do_not_see_nbgrader_but_instructors_do(chromium, lab_server):
    learner = nbgrader_ui(chromium, lab_server)
    assert learner == {"menu": False, "validate": False, "create": False, "plugins": [],
                       "active": []}, learner
    with LabServer(lab_server.root_dir, learner=False) as instructor_server:
        instructor = nbgrader_ui(chromium, instructor_server)
    assert instructor["menu"] and instructor["validate"] and instructor["create"], instructor
    assert instructor["active"], instructor
