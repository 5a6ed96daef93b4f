"""How a submission's notebook is executed for grading (nbgrader preprocessors).

:class:`GuardedExecute` replaces nbgrader's ``Execute`` in the autograde
pipeline.  It runs the kernel in a :mod:`sandbox <mtolab.instructor.sandbox>`
box and, cell by cell:

- before each test cell asks the :mod:`guard <mtolab.instructor.guard>` to
  put back what the learner's code changed in the kernel (what it put back
  is reported, and marks the submission for review); a test cell whose guard
  does not answer is not run and scores nothing;
- gives each cell at most ``Execute.timeout`` seconds, and the whole
  notebook at most the submission's wall-clock cap: once the cap is reached
  the running cell is cut and the cells below are not run;
- keeps going when the kernel dies: the cell it died in and every cell
  below it get an error output ("not run"), so their tests score nothing
  and the cells that ran before keep their points.

A cell that was not run always carries an error output: nbgrader gives a
test cell without output full marks.

:class:`CapOutput` caps what a cell's output may hold, in characters as
well as lines, and keeps only output types that are safe to show.
"""

from __future__ import annotations

import ast
import json
import os
import signal
import sys
import time
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute, LimitOutput
from traitlets import Bool, Dict, Float, Integer, Unicode

from .cells import is_locked, is_test
from .sandbox import Sandbox, kill_sandbox, prepare_box

# What GuardedExecute found in each notebook it ran, read by the worker.
REPORTS: list[dict] = []
SAFE_MIME = ("text/plain", "image/png", "image/jpeg", "text/latex")
GUARD = "__import__('mtolab.instructor.guard', fromlist=['guard'])"


def not_run(why: str):
    """The error output of a cell that was not run (it scores nothing)."""
    return new_output("error", ename="NotRun", evalue=why, traceback=[f"Not run: {why}"])


class SandboxKernelManager(AsyncKernelManager):
    """A kernel started in its own box, inside the sandbox when there is one."""

    def __init__(self, box: Path, sandbox: Sandbox | None, mpl_cache: Path | None, **kwargs):
        super().__init__(**kwargs)
        self.box = Path(box)
        self.sandbox = sandbox
        self.mpl_cache = mpl_cache
        (self.box / "k").mkdir(parents=True, exist_ok=True)
        if sandbox is not None:
            self.transport = "ipc"
            self.ip = str(self.box / "k" / "kernel")
        self.connection_file = str(self.box / "k" / "connection.json")

    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        return [sys.executable, "-m", "mtolab.instructor.kernel", "-f", self.connection_file,
                "--IPKernelApp.log_level=ERROR", *(extra_arguments or [])]

    async def _async_pre_start_kernel(self, **kw):
        source = Path(kw.pop("cwd", None) or self.box / "run")
        run = prepare_box(self.box, source, self.mpl_cache)
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        sandbox = self.sandbox or Sandbox(bwrap="")
        env = sandbox.environment(self.box)
        if self.sandbox is not None:
            cmd = self.sandbox.command(self.box, cmd, run)
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        else:  # trusted submissions: same box and settings, no namespaces
            env = {**os.environ, **env}
        kw["env"], kw["cwd"] = env, str(run)
        return cmd, kw

    async def _async_interrupt_kernel(self) -> None:
        # The kernel is not our child (bwrap is): interrupt by message, not signal.
        if self.has_kernel:
            msg = self.session.msg("interrupt_request", content={})
            self._connect_control_socket()
            self.session.send(self._control_socket, msg)

    interrupt_kernel = _async_interrupt_kernel

    async def _async_kill_kernel(self, restart: bool = False) -> None:
        pid = getattr(self.provisioner, "pid", None)
        if pid:
            kill_sandbox(pid)  # bwrap and every process in its namespace (or the kernel's)
        pgid = getattr(self.provisioner, "pgid", None)
        if pgid:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
        await super()._async_kill_kernel(restart=restart)

    _kill_kernel = _async_kill_kernel


def _imports(nb) -> tuple[list[str], list[tuple[str, str]]]:
    """Modules the locked cells import, and their ``import x as y`` names."""
    modules, aliases = [], []
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_locked(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    modules.append(alias.name)
                    if alias.asname:
                        aliases.append((alias.asname, alias.name))
                    else:
                        aliases.append((alias.name.split(".")[0], alias.name.split(".")[0]))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.append(node.module)
    return sorted(set(modules)), sorted(set(aliases))


class GuardedExecute(Execute):
    """nbgrader's Execute, sandboxed, guarded, capped per submission, robust to death."""

    box = Unicode("", help="the kernel's box folder").tag(config=True)
    sandbox = Dict({}, help="Sandbox settings; empty for no sandbox").tag(config=True)
    mpl_cache = Unicode("", help="matplotlib font cache to copy into the box").tag(config=True)
    deadline = Float(0.0, help="wall-clock end (time.time()) for the submission; 0: none").tag(
        config=True)
    time_limit = Float(0.0, help="the submission's cap in seconds, for messages").tag(
        config=True)
    guard = Bool(True, help="run the grading guard before each test cell").tag(config=True)
    guard_timeout = Integer(10, help="seconds the guard may take").tag(config=True)

    def create_kernel_manager(self):
        sandbox = Sandbox(**self.sandbox) if self.sandbox else None
        self.km = SandboxKernelManager(Path(self.box), sandbox,
                                       Path(self.mpl_cache) if self.mpl_cache else None,
                                       kernel_name="python3", config=self.config)
        return self.km

    # -- the guard
    def _user_expression(self, expression: str) -> dict | None:
        """Evaluate ``expression`` in the kernel without running a cell; None if no answer."""
        msg_id = self.kc.execute("", silent=True, store_history=False,
                                 user_expressions={"g": expression})
        try:
            reply = self.wait_for_reply(msg_id)
        except DeadKernelError:
            self._died = True
            return None
        try:
            result = reply["content"]["user_expressions"]["g"]
            return json.loads(ast.literal_eval(result["data"]["text/plain"]))
        except (KeyError, TypeError, ValueError, SyntaxError):
            return None

    def _guard_before(self, cell, index: int, report: dict) -> bool:
        """Run the guard before a test cell; False if it failed (the cell is not run)."""
        token = uuid.uuid4().hex
        self._cell_timeout = self._limit(self.guard_timeout)
        answer = self._user_expression(f"{GUARD}.check({token!r})")
        where = f"cell {index + 1} ({cell.metadata['nbgrader']['grade_id']})"
        if not answer or answer.get("token") != token:
            report["guard_failed"].append(where)
            cell.outputs = [not_run("the grading guard could not run before this test: the "
                                    "notebook interferes with the kernel")]
            return False
        if answer.get("restored"):
            report["restored"].append(f"before {where}: put back "
                                      + ", ".join(answer["restored"]))
        return True

    # -- time
    def _limit(self, seconds: float) -> float:
        if not self.deadline:
            return seconds
        return max(0.1, min(seconds, self.deadline - time.time()))

    def _overtime(self) -> bool:
        return bool(self.deadline) and time.time() >= self.deadline

    def preprocess(self, nb, resources=None, km=None):
        from nbclient import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self.shutdown_kernel = "immediate"
        self.iopub_timeout = max(self.iopub_timeout, 20)  # a large output takes time to arrive
        self._cell_timeout = float(self.timeout or 30)
        self.timeout_func = lambda cell: self._cell_timeout
        self._died = False
        report = {"notebook": resources.get("nbgrader", {}).get("notebook", ""),
                  "died": "", "overtime": "", "stopped": "", "restored": [], "guard_failed": [],
                  "not_run": 0}
        REPORTS.append(report)
        stop = ""
        started = time.perf_counter()
        with self.setup_kernel():
            info = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            if self.guard:
                modules, aliases = _imports(nb)
                self._cell_timeout = self._limit(60)
                if self._user_expression(
                        f"{GUARD}.snapshot({modules!r}, {[list(a) for a in aliases]!r})") is None:
                    report["guard_failed"].append("the guard could not take its snapshot")
            report["start_seconds"] = round(time.perf_counter() - started, 2)
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                if not stop and self._overtime():
                    stop = f"the submission used up its {self.time_limit:g} s"
                    report["overtime"] = f"reached its {self.time_limit:g} s before cell " \
                                         f"{index + 1}"
                if stop:
                    cell.outputs = [not_run(stop)]
                    report["not_run"] += 1
                    continue
                if self.guard and is_test(cell) and not self._guard_before(cell, index, report):
                    if self._died:
                        stop = report["died"] = f"the kernel died before cell {index + 1}"
                    continue
                self._cell_timeout = self._limit(float(self.timeout or 30))
                try:
                    self.execute_cell(cell, index, store_history=True)
                except DeadKernelError:
                    code = self.km.provisioner.process.poll() if self.km.provisioner else None
                    why = f"the kernel died in cell {index + 1}" + (
                        f" (exit code {code})" if code is not None else "")
                    cell.outputs.append(not_run(why))
                    report["died"] = why
                    stop = why
                except CellTimeoutError as exc:  # the kernel's output did not arrive in time
                    cell.outputs.append(not_run(f"cut at the time limit ({exc})"[:300]))
                    stop = f"the kernel stopped answering in cell {index + 1}"
                    report["stopped"] = f"{stop}: the cells below were not run"
                if not stop and self._overtime():
                    stop = f"the submission used up its {self.time_limit:g} s"
                    report["overtime"] = f"reached its {self.time_limit:g} s in cell {index + 1}"
            report["run_seconds"] = round(time.perf_counter() - started, 2)
            if not stop:  # what the kernel cost, for the benchmark
                self._cell_timeout = self._limit(5)
                report["kernel_cpu"] = (self._user_expression(f"{GUARD}.usage()") or {}).get(
                    "cpu", 0.0)
        report["seconds"] = round(time.perf_counter() - started, 2)
        self.set_widgets_metadata()
        return self.nb, self.resources


class CapOutput(LimitOutput):
    """nbgrader's LimitOutput (lines), plus a cap in characters and safe output types."""

    max_chars = Integer(10_000, help="most characters of text in one output").tag(config=True)
    max_image_bytes = Integer(1_500_000, help="largest image kept (base64 bytes)").tag(
        config=True)

    def _cut(self, text: str) -> str:
        if len(text) <= self.max_chars:
            return text
        return (text[: self.max_chars]
                + f"\n... output cut: {len(text) - self.max_chars:,} more characters ...\n")

    def _cap(self, output) -> None:
        kind = output.get("output_type")
        if kind == "stream":
            output["text"] = self._cut(output.get("text", ""))
        elif kind == "error":
            output["evalue"] = self._cut(str(output.get("evalue", "")))
            kept, used = [], 0
            for line in output.get("traceback", []):
                used += len(line)
                if used > self.max_chars:
                    kept.append("... traceback cut ...")
                    break
                kept.append(line)
            output["traceback"] = kept
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            for mime in list(data):
                value = data[mime]
                text = "".join(value) if isinstance(value, list) else str(value)
                if mime not in SAFE_MIME:
                    del data[mime]
                elif mime.startswith("image/") and len(text) > self.max_image_bytes:
                    del data[mime]
                    data.setdefault("text/plain", f"[an image of {len(text) // 1024} kB, "
                                                  "not kept]")
                elif not mime.startswith("image/"):
                    data[mime] = self._cut(text)
            if not data:
                data["text/plain"] = "[output of a type not shown in grading]"

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "code":
            for output in cell.outputs:
                self._cap(output)
        return cell, resources
