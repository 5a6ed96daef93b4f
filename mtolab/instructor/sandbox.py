"""A bubblewrap sandbox per grading kernel.

Every submission's kernel runs under Debian's ``bwrap`` in namespaces of
its own: a new user (uid 65534, no capabilities, no further user
namespaces), PID, network (loopback only), IPC, UTS and cgroup namespace,
in a new session, killed with everything it started when the grader ends
the kernel (``--die-with-parent``; when bwrap goes, the PID namespace goes
with every process in it, however detached).

The sandbox's file system is built from nothing:

- read-only: the operating system (``/usr`` and its links, a few files of
  ``/etc``), this Python and its environment (``sys.base_prefix``,
  ``sys.prefix``) and the ``mtolab`` package folder (the course installs it
  editable from the repository, so only that folder of the repository is
  bound, never the repository itself);
- writable: the kernel's own box (its working folder, a copy of the
  submission; its home; its socket folder) and a private ``/tmp``.

The course folder (``solutions/``, ``grading/`` with the gradebook and every
other submission, ``nbgrader_config.py``) is simply not there.  The kernel
talks to the grader over ZeroMQ's IPC transport: Unix sockets in its box.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import site
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .course import CourseError

INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: 'sudo apt-get install bubblewrap'; "
                "'make autograde' installs it when run as root)")
TRUST_FLAG = "--no-sandbox-i-trust-these-submissions"
ETC_FILES = ("fonts", "ld.so.cache", "localtime", "passwd", "group", "nsswitch.conf",
             "mime.types")
MEMORY_LIMIT_MB = 4096  # address space of one grading kernel
FILE_LIMIT_MB = 512  # largest file a grading kernel may write
SANDBOX_UID = 65534


def find_bwrap() -> str | None:
    """The bwrap program: ``$MTOLAB_BWRAP`` if set, else ``bwrap`` on PATH."""
    given = os.environ.get("MTOLAB_BWRAP")
    if given is not None:
        return given if given and os.access(given, os.X_OK) else None
    return shutil.which("bwrap")


def _mtolab_dir() -> Path:
    import mtolab

    return Path(mtolab.__file__).resolve().parent


def python_paths() -> list[Path]:
    """Folders this Python needs to run the course's kernels (read-only)."""
    candidates = [Path(sys.base_prefix), Path(sys.prefix),
                  Path(os.path.realpath(sys.executable)).parent.parent,
                  *map(Path, site.getsitepackages()), _mtolab_dir()]
    paths: list[Path] = []
    for path in (p.resolve() for p in candidates if p.exists()):
        if str(path).startswith("/usr/") or path == Path("/usr"):
            continue
        if not any(path == p or path.is_relative_to(p) for p in paths):
            paths = [p for p in paths if not p.is_relative_to(path)] + [path]
    return sorted(paths)


@dataclass
class Sandbox:
    """How grading kernels are sandboxed (one object serves every kernel).

    Parameters
    ----------
    bwrap : str
        The bwrap program.
    readonly : list of str
        Folders bound read-only at the same path (Python, its packages,
        the mtolab package).
    memory_mb, file_mb : int
        Address-space limit of the kernel and largest file it may write.
    """

    bwrap: str
    readonly: list = field(default_factory=list)
    memory_mb: int = MEMORY_LIMIT_MB
    file_mb: int = FILE_LIMIT_MB

    @classmethod
    def for_course(cls, course_root: Path, bwrap: str | None = None) -> Sandbox:
        """The sandbox for this Python, checked not to expose ``course_root``."""
        bwrap = bwrap or find_bwrap()
        if not bwrap:
            raise CourseError(
                "autograde runs every submission in a bubblewrap sandbox, but bwrap is not "
                f"installed: {INSTALL_HINT}. Only for submissions you trust, pass {TRUST_FLAG}")
        root = Path(course_root).resolve()
        readonly = python_paths()
        for path in readonly:
            if root == path or root.is_relative_to(path):
                raise CourseError(
                    f"the course folder {root} lies inside {path}, which grading kernels must "
                    "read (Python and its packages): move the course or the environment apart")
        return cls(bwrap=bwrap, readonly=[str(p) for p in readonly])

    def to_dict(self) -> dict:
        return {"bwrap": self.bwrap, "readonly": self.readonly, "memory_mb": self.memory_mb,
                "file_mb": self.file_mb}

    def _system(self) -> list[str]:
        args = ["--ro-bind", "/usr", "/usr"]
        for name in ("bin", "lib", "lib32", "lib64", "sbin"):
            path = Path("/") / name
            if path.is_symlink():
                args += ["--symlink", os.readlink(path), str(path)]
            elif path.is_dir():
                args += ["--ro-bind", str(path), str(path)]
        for name in ETC_FILES:
            args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        return args

    def environment(self, box: Path) -> dict:
        home = box / "home"
        return {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin",
                                     "/usr/bin", "/bin"]),
            "HOME": str(home), "USER": "student", "LANG": "C.UTF-8", "TMPDIR": "/tmp",
            "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "IPYTHONDIR": str(home / ".ipython"),
            "JUPYTER_RUNTIME_DIR": str(home / ".local" / "runtime"),
            # the mtolab the grader runs, whether installed or editable from a checkout
            "PYTHONPATH": str(_mtolab_dir().parent),
            "PYTHONDONTWRITEBYTECODE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "NBGRADER_EXECUTION": os.environ.get("NBGRADER_EXECUTION", "autograde"),
            "MTOLAB_SANDBOX_LIMITS": json.dumps({"memory_mb": self.memory_mb,
                                                 "file_mb": self.file_mb}),
        }

    def command(self, box: Path, argv: list[str], cwd: Path) -> list[str]:
        """``argv`` run in the sandbox, writable only in ``box``, starting in ``cwd``."""
        args = [self.bwrap, *self._system(), "--proc", "/proc", "--dev", "/dev",
                "--tmpfs", "/tmp"]
        for path in self.readonly:
            args += ["--ro-bind", path, path]
        args += ["--bind", str(box), str(box), "--chdir", str(cwd),
                 "--unshare-all", "--unshare-user", "--disable-userns",
                 "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
                 "--hostname", "grading", "--die-with-parent", "--new-session",
                 "--cap-drop", "ALL", "--clearenv"]
        for key, value in self.environment(box).items():
            args += ["--setenv", key, value]
        return [*args, "--", *argv]

    def probe(self, scratch: Path) -> None:
        """Start one sandboxed Python; raise CourseError saying why it cannot start."""
        box = scratch / "probe"
        (box / "home").mkdir(parents=True, exist_ok=True)
        code = "import mtolab, ipykernel; print('sandbox ok')"
        cmd = self.command(box, [sys.executable, "-c", code], box)
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                                 stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            reason = f"{type(exc).__name__}: {exc}"
        else:
            if run.returncode == 0 and "sandbox ok" in run.stdout:
                return
            reason = (run.stderr.strip() or run.stdout.strip() or
                      f"exit code {run.returncode}").splitlines()[-1][:300]
        finally:
            shutil.rmtree(box, ignore_errors=True)
        raise CourseError(
            f"autograde runs every submission in a bubblewrap sandbox, but {self.bwrap} could "
            f"not start one here ({reason}). Check that bwrap works (it needs user namespaces; "
            f"{INSTALL_HINT}); only for submissions you trust, pass {TRUST_FLAG}")


def descendants(pid: int) -> list[int]:
    """Process ids below ``pid`` (Linux /proc), parents before their children."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(0), []):
            found.append(child)
            todo.append(child)
    return found


def kill_sandbox(pid: int) -> None:
    """Kill a bwrap process and its whole sandbox.

    bwrap's ``--die-with-parent`` acts when bwrap's *parent* dies, not bwrap
    itself: so the sandbox's first process (PID 1 of its namespace) is
    killed first, which ends every process in the namespace however
    detached, then bwrap.
    """
    for target in [*descendants(pid), pid]:
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass


def prepare_box(box: Path, source: Path, mpl_cache: Path | None) -> Path:
    """The kernel's box: ``run/`` (a copy of ``source``), ``home/`` and ``k/``.

    Only regular files are copied (links are not followed).  Returns the
    working folder.
    """
    run = box / "run"
    for sub in ("run", "home", "k", "home/.config/matplotlib"):
        (box / sub).mkdir(parents=True, exist_ok=True)
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        target = run / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target, follow_symlinks=False)
    if mpl_cache is not None and mpl_cache.is_dir():
        for path in mpl_cache.glob("*.json"):
            shutil.copyfile(path, box / "home/.config/matplotlib" / path.name)
    return run


def build_matplotlib_cache(folder: Path) -> Path:
    """Build matplotlib's font list once, for every grading kernel to copy."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MPLCONFIGDIR": str(folder), "MPLBACKEND": "Agg"}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env,
                   capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    return folder
