"""The grading guard: runs inside the grading kernel, in the sandbox.

A submission's code shares the kernel with the tests that grade it, so it
can try to change how the tests run: an IPython input transformer that
rewrites ``assert`` into ``pass``, an event hook, ``builtins.abs = lambda x:
0``, a replaced ``sys.modules["numpy"]``, a trace function.  Before any
learner code runs, :func:`snapshot` records the pieces of the kernel the
tests rely on; before every test cell, :func:`check` puts back whatever was
changed and says what it put back (the grader then marks the submission for
review): IPython's transformers, hooks and the methods that run a cell, the
functions of the modules the tests use, their classes when they are the
course's own (the answer checks), ``sys.modules`` and trace functions.

The grader calls both as *user expressions* of an empty execute request:
IPython evaluates those with ``eval``, without input transformers and
without firing cell hooks, so a submission's transformers and hooks cannot
rewrite or delay the guard itself.  This module imports only the standard
library (and IPython, already loaded in the kernel).
"""

from __future__ import annotations

import json
import sys
import threading
import types

# Modules the tests lean on besides the notebook's own imports.
CORE_MODULES = ("builtins", "math", "operator", "numbers", "statistics", "functools", "ast",
                "types", "codeop")
_MISSING = object()
_STATE: dict = {}


def _patchable(value) -> bool:
    return callable(value) or isinstance(value, types.ModuleType)


def _packages(names) -> list:
    """Every loaded module of the given top-level packages (``mtolab.instructor`` aside)."""
    tops = {name.split(".")[0] for name in names}
    return sorted(m for m in list(sys.modules)
                  if m.split(".")[0] in tops and not m.startswith("mtolab.instructor")
                  and sys.modules.get(m) is not None)


def _classes(shell) -> list:
    """The classes whose methods run a cell: the shell's, the kernel's and their helpers'."""
    objects = [shell, getattr(shell, "kernel", None), shell.compile,
               shell.input_transformer_manager, shell.events, shell.displayhook,
               shell.display_formatter, shell.InteractiveTB]
    seen = []
    for obj in objects:
        for cls in type(obj).__mro__ if obj is not None else ():
            if cls is not object and cls not in seen and cls.__module__ != "builtins":
                seen.append(cls)
    return seen


def _course_classes(guarded) -> list:
    """Classes of the course's own modules (the answer checks of ``mtolab.exercise``...)."""
    found = []
    for name in guarded:
        if name.split(".")[0] != "mtolab":
            continue
        for value in vars(sys.modules[name]).values():
            if isinstance(value, type) and value.__module__ == name and value not in found:
                found.append(value)
    return found


def snapshot(modules=(), aliases=()) -> str:
    """Record what the tests rely on; call before any learner code runs.

    Parameters
    ----------
    modules : sequence of str
        Modules the notebook's locked cells import; they are imported now
        (before the learner can replace them) and guarded.
    aliases : sequence of (str, str)
        ``(name, module)`` for every ``import module as name`` of the locked
        cells: the name is bound to the real module again before each test.
    """
    import importlib

    from IPython import get_ipython

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - the notebook will report it itself
            continue
    shell = get_ipython()
    guarded = _packages([*CORE_MODULES, *modules])
    manager = shell.input_transformer_manager
    _STATE.clear()
    _STATE.update(
        shell=shell,
        modules={name: (sys.modules[name], dict(vars(sys.modules[name]))) for name in guarded},
        sys_modules={name: sys.modules[name] for name in guarded},
        aliases=[(name, module) for name, module in aliases],
        lists=[(owner, attr, list(getattr(owner, attr)))
               for owner, attr in ((shell, "input_transformers_cleanup"),
                                   (shell, "input_transformers_post"),
                                   (shell, "ast_transformers"),
                                   (manager, "cleanup_transforms"),
                                   (manager, "line_transforms"),
                                   (manager, "token_transformers"))],
        attributes=[(owner, attr, getattr(owner, attr, _MISSING))
                    for owner in (shell, getattr(shell, "kernel", None)) if owner is not None
                    for attr in ("input_transformer_manager", "compile", "events",
                                 "displayhook", "display_formatter", "custom_exceptions",
                                 "CustomTB", "InteractiveTB", "SyntaxTB")],
        instance={id(obj): (obj, {k: v for k, v in vars(obj).items() if _patchable(v)})
                  for obj in (shell, getattr(shell, "kernel", None), manager, shell.compile)
                  if obj is not None},
        classes={cls: dict(vars(cls)) for cls in [*_classes(shell), *_course_classes(guarded)]},
        events={name: list(funcs) for name, funcs in shell.events.callbacks.items()},
        sys_hooks={name: getattr(sys, name) for name in
                   ("excepthook", "displayhook", "stdout", "stderr", "meta_path",
                    "path_hooks")},
        sys_lists={name: list(getattr(sys, name)) for name in ("meta_path", "path_hooks")},
        trace=(sys.gettrace(), sys.getprofile()),
    )
    return json.dumps({"guarded": len(guarded)})


def _restore_mapping(owner, current: dict, saved: dict, label: str, put_back: list) -> None:
    for key, value in saved.items():
        if key in ("_", "__", "___") or not _patchable(value):
            continue
        if current.get(key, _MISSING) is not value:
            try:
                setattr(owner, key, value)
            except (AttributeError, TypeError):
                continue
            put_back.append(f"{label}.{key}")


def _restore_interpreter(state: dict, put_back: list) -> None:
    """Trace functions, ``sys`` hooks and lists, ``sys.modules``."""
    if (sys.gettrace(), sys.getprofile()) != state["trace"]:
        put_back.append("a trace or profile function")
    sys.settrace(state["trace"][0])
    sys.setprofile(state["trace"][1])
    threading.settrace(None)
    threading.setprofile(None)
    for name, value in state["sys_hooks"].items():
        if getattr(sys, name) is not value:
            setattr(sys, name, value)
            put_back.append(f"sys.{name}")
    for name, items in state["sys_lists"].items():
        if list(getattr(sys, name)) != items:
            getattr(sys, name)[:] = items
            put_back.append(f"sys.{name}")
    for name, module in state["sys_modules"].items():
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
            put_back.append(f"sys.modules[{name!r}]")


def _restore_code(state: dict, put_back: list) -> None:
    """Functions of guarded modules, methods of guarded classes and objects."""
    for name, (module, saved) in state["modules"].items():
        _restore_mapping(module, vars(module), saved, name, put_back)
    for cls, saved in state["classes"].items():
        _restore_mapping(cls, dict(vars(cls)), saved, cls.__qualname__, put_back)
    for obj, saved in state["instance"].values():
        label = type(obj).__name__
        current = vars(obj)
        _restore_mapping(obj, current, saved, label, put_back)
        for key in [k for k, v in current.items() if k not in saved and _patchable(v)
                    and hasattr(type(obj), k)]:
            delattr(obj, key)  # an instance attribute hiding the class's method
            put_back.append(f"{label}.{key}")
    for owner, attr, value in state["attributes"]:
        if getattr(owner, attr, _MISSING) is not value and value is not _MISSING:
            setattr(owner, attr, value)
            put_back.append(f"{type(owner).__name__}.{attr}")


def _restore_ipython(state: dict, put_back: list) -> None:
    """Input transformers, event hooks, and the names the locked cells imported."""
    for owner, attr, items in state["lists"]:
        current = getattr(owner, attr)
        if list(current) != items:
            current[:] = items
            put_back.append(f"IPython {attr}")
    callbacks = state["shell"].events.callbacks
    for name, funcs in state["events"].items():
        if callbacks.get(name) != funcs:
            callbacks[name] = list(funcs)
            put_back.append(f"IPython event hook {name}")
    user_ns = state["shell"].user_ns
    for name, module in state["aliases"]:
        real = sys.modules.get(module)
        if real is not None and name in user_ns and user_ns[name] is not real:
            user_ns[name] = real
            put_back.append(f"the name {name} (module {module})")


def check(token: str) -> str:
    """Put back what learner code changed; return JSON with ``token`` and the list."""
    if not _STATE:
        return json.dumps({"token": token, "restored": ["the guard had no snapshot"]})
    put_back: list[str] = []
    _restore_interpreter(_STATE, put_back)
    _restore_code(_STATE, put_back)
    _restore_ipython(_STATE, put_back)
    return json.dumps({"token": token, "restored": sorted(set(put_back))})


def usage() -> str:
    """CPU seconds this kernel (and the processes it waited for) used, as JSON."""
    import resource

    cpu = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        use = resource.getrusage(who)
        cpu += use.ru_utime + use.ru_stime
    return json.dumps({"cpu": round(cpu, 3)})
