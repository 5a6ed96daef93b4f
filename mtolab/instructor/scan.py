"""A static scan of a submission's code for tampering with grading.

The sandbox stops a submission from touching anything outside its scratch
folder, but code in the grading kernel can still try to change how that
kernel runs the tests (an IPython input transformer that turns ``assert``
into ``pass``, ``builtins.abs = lambda x: 0``).  The grading guard undoes such
changes before each test cell; this scan makes them visible to the
instructor: a submission with a finding is marked **review**, with the cell
and line that triggered it.

Only cells that run with the learner's own source are scanned (answer cells
and cells the learner added); locked cells are replaced by the release's.
Each cell is parsed with :mod:`ast` (IPython's ``%magic`` and ``!shell``
lines are looked at on their own first); code that does not parse is
searched line by line for the same names instead.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .cells import grade_id, is_locked

# Modules whose mere import means: this code reaches beyond computing answers.
MODULES = {
    "builtins": "patches Python's built-in functions",
    "subprocess": "starts other programs",
    "multiprocessing": "starts other processes",
    "pty": "starts other programs",
    "ctypes": "loads C code (ctypes)",
    "cffi": "loads C code (cffi)",
    "sqlite3": "opens a database (sqlite3)",
    "threading": "starts threads, which could change state while the tests run",
    "_thread": "starts threads, which could change state while the tests run",
    "concurrent": "starts threads or processes",
    "signal": "handles signals (it could stop grading from interrupting a cell)",
    "socket": "opens network connections",
    "importlib": "loads or reloads modules by hand",
    "gc": "reaches into the interpreter's objects (gc)",
    "IPython": "reaches into the IPython shell running the notebook",
    "ipykernel": "reaches into the kernel running the notebook",
    "nbgrader": "imports the grading software (nbgrader)",
    "nbformat": "reads or writes notebook files",
    "nbclient": "runs notebooks",
    "mtolab.instructor": "imports the grading code (mtolab.instructor)",
}
# Names whose use alone is tampering.
NAMES = {
    "get_ipython": "reaches into the IPython shell running the notebook (get_ipython)",
    "__builtins__": "patches Python's built-in functions (__builtins__)",
    "__import__": "imports modules by hand (__import__)",
    "exec": "runs code built at run time (exec)",
    "eval": "runs code built at run time (eval)",
    "compile": "compiles code at run time (compile)",
}
# Attribute names that only grading-tampering code uses.
ATTRIBUTES = {
    "input_transformers_cleanup": "adds an IPython input transformer (rewrites cells before "
                                  "they run)",
    "input_transformers_post": "adds an IPython input transformer (rewrites cells before "
                               "they run)",
    "input_transformer_manager": "changes IPython's input transformers",
    "ast_transformers": "adds an IPython AST transformer (rewrites cells before they run)",
    "pre_run_cell": "hooks into IPython's cell execution (pre_run_cell)",
    "post_run_cell": "hooks into IPython's cell execution (post_run_cell)",
    "pre_execute": "hooks into IPython's cell execution (pre_execute)",
    "post_execute": "hooks into IPython's cell execution (post_execute)",
    "set_custom_exc": "changes how IPython reports errors (set_custom_exc)",
    "showtraceback": "changes how IPython reports errors (showtraceback)",
    "run_cell": "changes how IPython runs cells (run_cell)",
    "register_magic_function": "registers an IPython magic",
    "settrace": "traces the running interpreter (settrace)",
    "setprofile": "traces the running interpreter (setprofile)",
    "_getframe": "reaches into the interpreter's call stack (_getframe)",
    "f_back": "reaches into the interpreter's call stack (f_back)",
    "f_globals": "reaches into the interpreter's call stack (f_globals)",
    "f_locals": "reaches into the interpreter's call stack (f_locals)",
    "__code__": "reaches into a function's code object (__code__)",
    "__globals__": "reaches into a function's globals (__globals__)",
    "__subclasses__": "walks the interpreter's classes (__subclasses__)",
    "excepthook": "changes how errors are reported (excepthook)",
    "displayhook": "changes how results are shown (displayhook)",
}
# Calls by dotted name (after import aliases are resolved).
CALLS = {
    "os._exit": "ends the Python process (os._exit)",
    "os.abort": "ends the Python process (os.abort)",
    "os.kill": "sends signals to processes (os.kill)",
    "os.killpg": "sends signals to processes (os.killpg)",
    "os.system": "runs a shell command (os.system)",
    "os.popen": "runs a shell command (os.popen)",
    "os.fork": "starts a new process (os.fork)",
    "os.forkpty": "starts a new process (os.forkpty)",
    "os.setsid": "detaches a process (os.setsid)",
    "os.chdir": "changes the working folder (os.chdir)",
    "os.chroot": "changes the root folder (os.chroot)",
    "os.path.expanduser": "looks in the home folder (expanduser)",
    "pathlib.Path.home": "looks in the home folder (Path.home)",
    "sys.exit": None,  # harmless in IPython (it only ends the cell)
    "setattr": "sets attributes by name (setattr)",
    "delattr": "deletes attributes by name (delattr)",
}
PROCESS_PREFIXES = ("os.exec", "os.spawn", "os.posix_spawn")
SYS_ATTRIBUTES = {"modules": "replaces modules in sys.modules", "stdout": None, "stderr": None,
                  "path": None, "meta_path": "changes how modules are imported (meta_path)",
                  "path_hooks": "changes how modules are imported (path_hooks)"}
COURSE_WORDS = re.compile(r"solutions|nbgrader_config|gradebook|grading|autograded|submitted|"
                          r"exercises|\.db\b|\.sqlite", re.I)
PATHLIKE = re.compile(r"[/\\]|^\w[\w.-]*\.(?:ipynb|py|db|sqlite3?|json|cfg|log)$|"
                      r"^(?:solutions|grading|exercises|submitted|autograded|feedback)$")
PARENT = re.compile(r"(?:^|[/\\])\.\.(?:[/\\]|$)")
SAFE_MAGICS = {"matplotlib", "time", "timeit", "precision", "who", "whos", "who_ls", "pinfo",
               "pinfo2", "pdef", "pdoc", "psource", "xmode", "prun", "lsmagic", "magic",
               "quickref", "pprint", "page", "config", "colors", "doctest_mode"}
# The raw-text fallback for code that does not parse: (pattern, reason).
RAW = [
    (re.compile(r"get_ipython|input_transformer|ast_transformers"),
     "reaches into the IPython shell running the notebook"),
    (re.compile(r"\bevents\s*\.\s*register|pre_run_cell|post_run_cell|pre_execute|post_execute"),
     "hooks into IPython's cell execution"),
    (re.compile(r"\bbuiltins\b|__builtins__"), "patches Python's built-in functions"),
    (re.compile(r"sys\s*\.\s*modules"), "replaces modules in sys.modules"),
    (re.compile(r"os\s*\.\s*_exit|os\s*\.\s*abort"), "ends the Python process"),
    (re.compile(r"subprocess|os\s*\.\s*(system|popen|fork|exec\w*|spawn\w*|kill\w*|setsid)\b"),
     "starts other programs or processes"),
    (re.compile(r"\bctypes\b|\bcffi\b"), "loads C code"),
    (re.compile(r"sqlite3|gradebook"), "opens a database or the gradebook"),
    (re.compile(r"solutions|nbgrader_config|mtolab\s*\.\s*instructor|nbgrader"),
     "refers to course or grading files"),
    (re.compile(r"""["'](?:/|~)|(?:^|[/\\"'])\.\.(?:[/\\]|["'])"""),
     "uses a path outside its own folder"),
    (re.compile(r"__import__|importlib|\bexec\s*\(|\beval\s*\("), "runs or imports code by hand"),
    (re.compile(r"settrace|setprofile|_getframe|__code__|__globals__|__subclasses__"),
     "reaches into the running interpreter"),
    (re.compile(r"\bsignal\b|\bthreading\b|_thread\b|multiprocessing"),
     "uses signals, threads or processes"),
]


@dataclass(frozen=True)
class Finding:
    """One line of a submission that looks like tampering."""

    cell: int  # 1-based position of the cell in the submitted notebook
    grade_id: str | None
    line: int  # 1-based line within the cell
    code: str
    reason: str

    def __str__(self) -> str:
        where = f"cell {self.cell}" + (f" ({self.grade_id})" if self.grade_id else "")
        return f"{where}, line {self.line}: {self.reason}: {self.code}"


def _dotted(node) -> str | None:
    """``a.b.c`` for an attribute chain on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call):
        inner = _dotted(node.func)
        return None if inner is None else ".".join([inner + "()", *reversed(parts)])
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _suspicious_path(text: str) -> str | None:
    """Why a string constant used as a path points outside the scratch folder."""
    if not text or len(text) > 500 or "\n" in text or not PATHLIKE.search(text):
        return None
    if text.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:[/\\]", text):
        return f"uses a path outside its own folder ({text[:60]!r})"
    if PARENT.search(text):
        return f"climbs out of its own folder ({text[:60]!r})"
    if COURSE_WORDS.search(text):
        return f"refers to course or grading files ({text[:60]!r})"
    return None


class _Scanner(ast.NodeVisitor):
    """Finds tampering in one parsed cell; import aliases carry over between cells."""

    def __init__(self, aliases: dict[str, str]):
        self.aliases = aliases  # local name -> module (or module.attribute)
        self.found: list[tuple[int, str]] = []

    def flag(self, node, reason: str | None) -> None:
        if reason:
            self.found.append((getattr(node, "lineno", 1), reason))

    def resolve(self, dotted: str | None) -> str | None:
        if not dotted:
            return None
        head, _, rest = dotted.partition(".")
        base = self.aliases.get(head, head)
        return f"{base}.{rest}" if rest else base

    def _module_reason(self, module: str) -> str | None:
        for name, reason in MODULES.items():
            if module == name or module.startswith(name + "."):
                return reason
        return None

    def visit_Import(self, node):
        for alias in node.names:
            self.flag(node, self._module_reason(alias.name))
            local = alias.asname or alias.name.split(".")[0]
            self.aliases[local] = alias.name if alias.asname else local

    def visit_ImportFrom(self, node):
        module = "." * node.level + (node.module or "")
        if node.level:
            self.flag(node, f"imports from a relative module ({module})")
        self.flag(node, self._module_reason(module))
        for alias in node.names:
            full = f"{module}.{alias.name}"
            self.flag(node, self._module_reason(full))
            self.aliases[alias.asname or alias.name] = full

    def visit_Name(self, node):
        self.flag(node, NAMES.get(node.id))

    def visit_Attribute(self, node):
        self.flag(node, ATTRIBUTES.get(node.attr))
        full = self.resolve(_dotted(node))
        if full and full.startswith("sys."):
            self.flag(node, SYS_ATTRIBUTES.get(full.split(".")[1]))
        if node.attr in ("register", "unregister") and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "events":
            self.flag(node, "registers an IPython event hook (events.register)")
        if node.attr in ("parent", "parents"):
            text = ast.unparse(node.value)
            if re.search(r"cwd\(|home\(|__file__|getcwd", text):
                self.flag(node, "climbs out of its own folder (.parent)")
        self.generic_visit(node)

    def visit_Call(self, node):
        full = self.resolve(_dotted(node.func)) or ""
        if full in CALLS:
            self.flag(node, CALLS[full])
        elif full.startswith(PROCESS_PREFIXES):
            self.flag(node, f"starts another program ({full})")
        elif full == "os.path.dirname" and "getcwd" in ast.unparse(node):
            self.flag(node, "climbs out of its own folder (dirname of getcwd)")
        self.generic_visit(node)

    def _assigned(self, target) -> None:
        """``module.name = ...``: replacing a function of a module the tests use."""
        if isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._assigned(elt)
            return
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            base = target.value.id
            if base in self.aliases or base in ("builtins", "sys", "os", "math", "np", "pd"):
                module = self.aliases.get(base, base)
                self.flag(target, f"replaces {module}.{target.attr}")

    def visit_Assign(self, node):
        for target in node.targets:
            self._assigned(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._assigned(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._assigned(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for target in node.targets:
            self._assigned(target)
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            self.flag(node, _suspicious_path(node.value))


MAGIC = re.compile(r"^(\s*)(?:(\w+)\s*=\s*)?(%%?|!!?)\s*(\w*)")


def _magics(lines: list[str]) -> tuple[list[str], list[tuple[int, str]], bool]:
    """IPython syntax out of ``lines``: (python lines, findings, whole cell is a cell magic)."""
    found, python = [], []
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        name = first[2:].split()[0] if first[2:].split() else ""
        if name not in SAFE_MAGICS and name not in ("capture",):
            found.append((1, f"runs the IPython cell magic %%{name}"))
            return lines, found, True
        lines = ["pass"] + lines[1:]
    for number, line in enumerate(lines, start=1):
        match = MAGIC.match(line)
        stripped = line.strip()
        if match and (match.group(3) or "").startswith("!"):
            found.append((number, "runs a shell command (!)"))
            python.append(f"{match.group(1)}pass")
        elif match and match.group(3):
            name = match.group(4)
            if name not in SAFE_MAGICS:
                found.append((number, f"runs the IPython magic %{name}"))
            python.append(f"{match.group(1)}pass")
        elif stripped.endswith("?") and not stripped.startswith("#"):
            python.append(re.match(r"\s*", line).group(0) + "pass")  # obj? asks for help
        else:
            python.append(line)
    return python, found, False


def scan_source(source: str, aliases: dict | None = None) -> list[tuple[int, str]]:
    """(line, reason) for every suspicious line of one cell's code."""
    aliases = {} if aliases is None else aliases
    lines = source.splitlines()
    python, found, raw_only = _magics(lines)
    tree = None
    if not raw_only:
        try:
            tree = ast.parse("\n".join(python))
        except (SyntaxError, ValueError):
            tree = None
    if tree is not None:
        scanner = _Scanner(aliases)
        scanner.visit(tree)
        found += scanner.found
    else:
        for number, line in enumerate(lines, start=1):
            code = line.split("#", 1)[0]
            for pattern, reason in RAW:
                if pattern.search(code):
                    found.append((number, reason))
    return sorted(set(found))


def _learn_imports(source: str, aliases: dict) -> None:
    """Record the import names of a locked cell (it is not scanned itself)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    scanner = _Scanner(aliases)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            scanner.visit(node)


def scan_notebook(nb) -> list[Finding]:
    """Findings in every cell of ``nb`` that runs with the learner's own code.

    Call it on a submission after :func:`mtolab.instructor.cells.restore`,
    so that locked cells are the release's.
    """
    findings, aliases = [], {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and is_locked(cell):
            _learn_imports(cell.source, aliases)  # names the tests use, e.g. ``part``
            continue
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        reasons: dict[int, list[str]] = {}
        for number, reason in scan_source(cell.source, aliases):
            reasons.setdefault(number, []).append(reason)
        for number, found in sorted(reasons.items()):
            code = lines[number - 1].strip() if number - 1 < len(lines) else ""
            code = code if len(code) <= 80 else code[:77] + "..."
            findings.append(Finding(index + 1, grade_id(cell), number, code, "; ".join(found)))
    return findings
