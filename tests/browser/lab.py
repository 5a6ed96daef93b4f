"""Drive a real JupyterLab in a real Chromium: shared by the browser tests and benchmarks.

``LabServer`` starts ``jupyter lab`` on a free loopback port with a random
token, the learner configuration of ``make lab`` (``config/learner``: no
nbgrader tools; ``learner=False`` is ``make lab-instructor``), a throw-away
settings directory (no news, no update checks, every notebook cell attached
to the DOM) and throw-away runtime and workspace directories.  The page
helpers open a notebook, wait for its kernel, run all cells through
JupyterLab's own command, read the notebook *model* for errors, measure the
explorers' layout, and find and move the sliders of the course's explorers (the
``mtolab-explorer`` / ``mtolab-figure`` convention of ``mtolab.widgets._base``).

Used by ``tests/browser/conftest.py`` and ``benchmarks/explorer_latency.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The lessons, one folder per edition (notebooks/en, notebooks/nb); MTOLAB_BROWSER_NOTEBOOKS
# points elsewhere (for developing the tests only).
NOTEBOOK_DIR = Path(os.environ.get("MTOLAB_BROWSER_NOTEBOOKS", REPO / "notebooks")).resolve()
CHROMIUM = Path(os.environ.get("MTOLAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}. The browser tests drive Debian's Chromium: "
    "install it with `apt-get install -y chromium` (as root), or run `make test`, "
    "which installs it."
)

ARTIFACTS = REPO / "test-artifacts"
#: A laptop's browser window: the layout the explorers are designed for.
VIEWPORT = {"width": 1366, "height": 900}

# What `make lab` gives learners (nbgrader's instructor tools switched off); see
# config/learner/README.md.  `make lab-instructor` runs without it.
LEARNER_CONFIG = REPO / "config" / "learner"

# Lab settings written into the throw-away JUPYTERLAB_SETTINGS_DIR.
LAB_SETTINGS = {
    # No news feed, no update check, no toasts over the notebook.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    # Never write the run's outputs back into the lesson files.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosave": False,
    },
    # Attach every cell to the DOM, so explorers far down a lesson can be found.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``jupyter lab`` serving ``root_dir`` on loopback, for one test session.

    Use as a context manager, or call ``start()`` and ``stop()``.
    """

    def __init__(self, root_dir: Path | str = REPO, *, startup_timeout: float = 60.0,
                 learner: bool = True):
        self.root_dir = Path(root_dir).resolve()
        self.learner = learner
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._tmp: Path | None = None
        self._log = None

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> LabServer:
        self._tmp = Path(tempfile.mkdtemp(prefix="mtolab-lab-"))
        settings = self._tmp / "settings"
        for rel, values in LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2))
        env = dict(os.environ)
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self._tmp / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(self._tmp / "runtime"),
            JUPYTER_CONFIG_DIR=str(self._tmp / "config"),
            PYTHONUNBUFFERED="1",
        )
        if self.learner:  # as `make lab` starts it
            env["JUPYTER_CONFIG_PATH"] = str(LEARNER_CONFIG)
        else:
            env.pop("JUPYTER_CONFIG_PATH", None)
        # The kernel draws into PNGs itself; leave matplotlib's backend to the kernel.
        env.pop("MPLBACKEND", None)
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--allow-root",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={self.token}",
            "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={self.root_dir}",
        ]
        self._log = open(self._tmp / "jupyter-lab.log", "w+b")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=self.root_dir, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self):
        deadline = time.monotonic() + self.startup_timeout
        url = f"{self.base_url}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with code {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.25)
        raise TimeoutError(
            f"jupyter lab did not answer /api/status within {self.startup_timeout:.0f} s:\n"
            f"{self.log_tail()}"
        )

    def log_tail(self, n: int = 40) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        lines = self._log.read().decode(errors="replace").splitlines()
        return "\n".join(lines[-n:])

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            # Shut down kernels cleanly first; then stop the server.
            try:
                req = urllib.request.Request(
                    f"{self.base_url}/api/shutdown?token={self.token}", method="POST",
                )
                urllib.request.urlopen(req, timeout=5).close()
                self.proc.wait(timeout=15)
            except Exception:  # noqa: BLE001 - fall back to signals
                pass
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- URLs ----------------------------------------------------------------
    def notebook_url(self, notebook: Path | str) -> str:
        rel = Path(notebook).resolve().relative_to(self.root_dir).as_posix()
        # ?reset: start from an empty workspace (no tabs restored from an earlier test).
        return f"{self.base_url}/lab/tree/{rel}?reset&token={self.token}"


def server_root_for(notebook_dir: Path | str) -> Path:
    """The directory to serve so that ``notebook_dir`` is reachable: the repo if inside it."""
    notebook_dir = Path(notebook_dir).resolve()
    if notebook_dir.is_relative_to(REPO):
        return REPO
    return notebook_dir.parent


def launch_chromium(playwright):
    """Debian's Chromium, headless, through Playwright. Fails (never skips) if it is missing."""
    if not CHROMIUM.exists():
        raise RuntimeError(NO_CHROMIUM)
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
    )


# ---------------------------------------------------------------------------
# Page helpers.  JavaScript runs against ``window.jupyterapp`` (exposed by
# --LabApp.expose_app_in_browser) and the notebook panel that is current.
# ---------------------------------------------------------------------------

_JS_PANEL = """
() => {
  const app = window.jupyterapp;
  if (!app) return null;
  const w = app.shell.currentWidget;
  if (!w || !w.context || !w.content || !w.content.model) return null;
  return w;
}
"""

_JS_KERNEL_STATE = f"""
() => {{
  const w = ({_JS_PANEL})();
  if (!w) return {{panel: false}};
  const ctx = w.context.sessionContext;
  const kernel = ctx.session && ctx.session.kernel;
  return {{
    panel: true,
    path: w.context.path,
    ready: w.context.isReady,
    kernel: kernel ? kernel.status : null,
    connection: kernel ? kernel.connectionStatus : null,
    dialog: document.querySelectorAll('.jp-Dialog').length,
  }};
}}
"""

_JS_RUN_ALL = f"""
async () => {{
  const w = ({_JS_PANEL})();
  window.__mtolabRun = {{done: false, ok: null, error: null, start: performance.now(), end: null}};
  const run = window.__mtolabRun;
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    (ok) => {{ run.ok = ok; }},
    (err) => {{ run.error = String(err); }},
  ).finally(() => {{ run.done = true; run.end = performance.now(); }});
  return w.context.path;
}}
"""

_JS_RUN_STATE = f"""
() => {{
  const w = ({_JS_PANEL})();
  const run = window.__mtolabRun || {{}};
  const kernel = w.context.sessionContext.session && w.context.sessionContext.session.kernel;
  let code = 0, counted = 0;
  for (const cell of w.content.model.cells) {{
    if (cell.type !== 'code') continue;
    code += 1;
    if (cell.executionCount !== null && cell.executionCount !== undefined) counted += 1;
  }}
  return {{
    done: run.done === true, ok: run.ok, error: run.error,
    seconds: run.end !== null && run.end !== undefined ? (run.end - run.start) / 1000 : null,
    kernel: kernel ? kernel.status : null, code, counted,
  }};
}}
"""

_JS_ERRORS = f"""
() => {{
  const w = ({_JS_PANEL})();
  const nb = w.content.model.toJSON();
  const errors = [];
  nb.cells.forEach((cell, i) => {{
    if (cell.cell_type !== 'code') return;
    const tags = (cell.metadata && cell.metadata.tags) || [];
    if (tags.includes('raises-exception')) return;
    for (const out of cell.outputs || []) {{
      if (out.output_type === 'error') {{
        errors.push({{cell: i, ename: out.ename, evalue: out.evalue,
                      source: [].concat(cell.source).join('').slice(0, 300)}});
      }}
    }}
  }});
  return errors;
}}
"""

# Widget-view outputs in the model against rendered widget views in the DOM.
_JS_WIDGETS_RENDERED = f"""
() => {{
  const w = ({_JS_PANEL})();
  const nb = w.content.model.toJSON();
  let expected = 0;
  for (const cell of nb.cells) {{
    for (const out of cell.outputs || []) {{
      if (out.data && out.data['application/vnd.jupyter.widget-view+json']) expected += 1;
    }}
  }}
  const node = w.content.node;
  // Top-level outputs of cells (not outputs nested inside Output widgets).
  const outputs = node.querySelectorAll(
    '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output');
  let rendered = 0;
  for (const o of outputs) {{
    if (o.querySelector(':scope > .jupyter-widgets') ||
        o.textContent.includes('Error displaying widget')) rendered += 1;
  }}
  const explorers = node.querySelectorAll('.mtolab-explorer');
  let withFigure = 0;
  for (const e of explorers) {{
    const img = e.querySelector('.mtolab-figure img');
    const fig = e.querySelector('.mtolab-figure');
    if ((img && img.getAttribute('src')) || (fig && fig.textContent.trim())) withFigure += 1;
  }}
  return {{expected, outputs: outputs.length, rendered, explorers: explorers.length, withFigure}};
}}
"""


class LabError(AssertionError):
    """Something the lesson or the page did wrong (a test failure, not a crash)."""


def _poll(page, js, predicate, timeout, what, arg=None, interval=0.1):
    deadline = time.monotonic() + timeout
    state = None
    while True:
        state = page.evaluate(js, arg) if arg is not None else page.evaluate(js)
        if predicate(state):
            return state
        if time.monotonic() > deadline:
            raise LabError(
                f"timed out after {timeout:.0f} s waiting for {what}; last state: {state}"
            )
        time.sleep(interval)


def open_notebook(page, server: LabServer, notebook: Path | str, *, timeout: float = 60.0):
    """Open ``notebook`` in Lab and wait until its kernel is connected and idle."""
    page.goto(server.notebook_url(notebook), wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined",
                           timeout=timeout * 1000)
    name = Path(notebook).name
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(_JS_KERNEL_STATE)
        if state.get("dialog"):
            # "Select Kernel" and similar: take the default (the notebook's own kernel).
            accept = page.locator(".jp-Dialog .jp-mod-accept")
            if accept.count():
                accept.first.click()
        if (state.get("panel") and state.get("ready") and state.get("path", "").endswith(name)
                and state.get("kernel") == "idle" and state.get("connection") == "connected"):
            break
        if time.monotonic() > deadline:
            raise LabError(f"{name}: kernel not ready within {timeout:.0f} s; last state: {state}")
        time.sleep(0.2)
    page.evaluate(f"async () => {{ await ({_JS_PANEL})().context.sessionContext.ready; }}")


def run_all(page, *, timeout: float = 120.0) -> float:
    """Run every cell via 'notebook:run-all-cells'; wait until done and idle. Returns seconds."""
    page.evaluate(_JS_RUN_ALL)
    state = _poll(
        page, _JS_RUN_STATE,
        lambda s: s["done"] and s["kernel"] == "idle",
        timeout, "all cells to run",
    )
    if state["error"]:
        raise LabError(f"run-all failed: {state['error']}")
    return state["seconds"]


def unexecuted_cells(page) -> int:
    """How many code cells have no execution count after a run."""
    state = page.evaluate(_JS_RUN_STATE)
    return state["code"] - state["counted"]


def error_outputs(page) -> list[dict]:
    """Error outputs in the notebook model (cells tagged ``raises-exception`` excepted)."""
    return page.evaluate(_JS_ERRORS)


def wait_widgets_rendered(page, *, timeout: float = 30.0) -> dict:
    """Wait until every widget output is rendered and every explorer shows its figure."""
    return _poll(
        page, _JS_WIDGETS_RENDERED,
        lambda s: s["rendered"] >= s["expected"] and s["withFigure"] >= s["explorers"],
        timeout, "widgets to render",
    )


def explorers(page):
    """Locator of the explorers in the current notebook."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .mtolab-explorer")


def sliders(explorer):
    """Locator of the slider widgets (ipywidgets 8: ``.widget-slider``) in an explorer."""
    return explorer.locator(".widget-slider")


def figure_src(explorer) -> str | None:
    """The ``src`` of the explorer's figure image (a data: URL), or None if none is shown."""
    img = explorer.locator(".mtolab-figure img")
    if img.count() == 0:
        return None
    return img.first.get_attribute("src")


_JS_LAYOUT = """
(el) => {
  const rect = (node) => { const r = node.getBoundingClientRect();
                           return {x: r.x, y: r.y, width: r.width, height: r.height}; };
  const sliders = [];
  for (const s of el.querySelectorAll('.widget-slider')) {
    const row = s.closest('.widget-vbox');
    const label = row ? row.querySelector('.widget-html') : null;
    const handle = s.querySelector('.noUi-handle');
    sliders.push({
      label: label ? label.textContent.trim() : '',
      label_box: label ? rect(label) : null,
      track: rect(s.querySelector('.noUi-target')),
      // A Norwegian explorer hides the slider's own (English-digit) readout and shows its own.
      readout: ((row && row.querySelector('.mtolab-readout')) || s.querySelector('.widget-readout')
                || {}).textContent || '',
      unit: row ? Array.from(row.querySelectorAll('.widget-hbox .widget-html'))
                       .map((u) => u.textContent.trim()).join(' ') : '',
      disabled: handle ? handle.hasAttribute('disabled') || s.classList.contains('mod-disabled')
                       || !!s.querySelector('[disabled]') : false,
    });
  }
  const img = el.querySelector('.mtolab-figure img');
  const area = el.closest('.jp-OutputArea-output') || el;
  return {
    explorer: rect(el), area: rect(area), sliders,
    figure: img ? {src: (img.getAttribute('src') || '').slice(0, 30),
                   natural_width: img.naturalWidth, natural_height: img.naturalHeight,
                   displayed: rect(img), dpr: window.devicePixelRatio} : null,
  };
}
"""


def explorer_layout(explorer) -> dict:
    """Measured layout of an explorer: every slider's label, track and unit, and its figure.

    Boxes are in CSS pixels.  ``figure.natural_width`` is the image's own
    width: pixels for a raster image, CSS pixels for SVG (drawn crisp at any
    device pixel ratio).
    """
    explorer.scroll_into_view_if_needed()
    return explorer.evaluate(_JS_LAYOUT)


def slider_handle(slider):
    """The keyboard-focusable handle of an ipywidgets 8 (noUiSlider) slider."""
    return slider.locator(".noUi-handle").first


def _step_key(handle) -> str:
    """ArrowRight, unless the handle is already at its maximum (then ArrowLeft)."""
    now = handle.get_attribute("aria-valuenow")
    top = handle.get_attribute("aria-valuemax")
    try:
        if now is not None and top is not None and float(now) >= float(top):
            return "ArrowLeft"
    except ValueError:
        pass
    return "ArrowRight"


def nudge_slider(slider) -> str:
    """Focus the slider's handle and press one arrow key (changes the value by one step)."""
    handle = slider_handle(slider)
    handle.scroll_into_view_if_needed()
    key = _step_key(handle)
    handle.focus()
    handle.press(key)
    return key


def wait_src_change(page, explorer, old_src: str | None, *, timeout: float = 30.0) -> str:
    """Wait until the explorer's figure shows an image whose src differs from ``old_src``."""
    handle = explorer.element_handle()
    page.wait_for_function(
        """([el, old]) => {
             const img = el.querySelector('.mtolab-figure img');
             const src = img && img.getAttribute('src');
             return !!src && src !== old;
           }""",
        arg=[handle, old_src], timeout=timeout * 1000, polling="raf",
    )
    return figure_src(explorer)


def move_all_sliders(explorer, key: str) -> bool:
    """Press ``key`` ("Home": each slider's minimum, "End": its maximum) on every slider.

    Returns whether any slider's value changed (if none did, nothing redraws).
    """
    changed = False
    for j in range(sliders(explorer).count()):
        handle = slider_handle(sliders(explorer).nth(j))
        handle.scroll_into_view_if_needed()
        before = handle.get_attribute("aria-valuenow")
        handle.focus()
        handle.press(key)
        changed |= handle.get_attribute("aria-valuenow") != before
    return changed


def wait_settled(page, explorer, old_src: str | None, *, quiet: float = 1.5,
                 timeout: float = 60.0) -> str | None:
    """Wait for the explorer's output to change, then until it is unchanged for ``quiet`` s.

    Several key presses in a row queue several redraws; the last one is the
    output for the controls' final values.  The output counts as unchanged
    only while the kernel is idle (on a loaded machine a redraw can take
    longer than ``quiet``).  Returns the figure's ``src`` (None if the
    explorer shows a message instead of a figure).
    """
    def state():
        return figure_src(explorer), explorer_message(explorer)

    def kernel_busy() -> bool:
        return page.evaluate(_JS_KERNEL_STATE).get("kernel") not in ("idle", None)

    start = time.monotonic()
    current = state()
    while current[0] == old_src and current[0] is not None:
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"the explorer did not redraw within {timeout:.0f} s")
        page.wait_for_timeout(100)
        current = state()
    stable_since = time.monotonic()
    while time.monotonic() - stable_since < quiet:
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"the explorer's output kept changing for {timeout:.0f} s")
        page.wait_for_timeout(200)
        now = state()
        if now != current or kernel_busy():
            current, stable_since = now, time.monotonic()
    return current[0]


def explorer_message(explorer) -> str:
    """Text the explorer shows instead of a figure when a combination cannot be drawn."""
    return explorer.locator(".mtolab-figure").inner_text()


_JS_ARM_LATENCY = """
([el, old]) => {
  const probe = {start: null, end: null};
  window.__mtolabLatency = probe;
  const handle = el.querySelector('.widget-slider .noUi-handle');
  handle.addEventListener('keydown', () => {
    if (probe.start === null) probe.start = performance.now();
  }, {capture: true, once: true});
  const fig = el.querySelector('.mtolab-figure');
  const check = () => {
    const img = fig.querySelector('img');
    const src = img && img.getAttribute('src');
    if (probe.start !== null && probe.end === null && src && src !== old) {
      probe.end = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(fig, {subtree: true, childList: true, attributes: true,
                         attributeFilter: ['src']});
}
"""


def slider_latency(page, explorer, *, timeout: float = 30.0) -> float:
    """Seconds from the keydown on the first slider's handle to a new figure being in the DOM."""
    old = figure_src(explorer)
    handle = explorer.element_handle()
    page.evaluate(_JS_ARM_LATENCY, [handle, old])
    nudge_slider(sliders(explorer).first)
    page.wait_for_function(
        "() => window.__mtolabLatency && window.__mtolabLatency.end !== null",
        timeout=timeout * 1000, polling="raf",
    )
    probe = page.evaluate("() => window.__mtolabLatency")
    return (probe["end"] - probe["start"]) / 1000


def close_all(page):
    """Close every document (kernels are shut down with the server)."""
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute('application:close-all'); }"
    )


def shutdown_kernels(server: LabServer):
    """Shut down every kernel the server runs (keeps memory flat between lessons)."""
    url = f"{server.base_url}/api/kernels?token={server.token}"
    with urllib.request.urlopen(url, timeout=10) as resp:
        kernels = json.load(resp)
    for kernel in kernels:
        req = urllib.request.Request(
            f"{server.base_url}/api/kernels/{kernel['id']}?token={server.token}",
            method="DELETE",
        )
        try:
            urllib.request.urlopen(req, timeout=10).close()
        except urllib.error.URLError:
            pass
