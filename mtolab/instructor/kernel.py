"""Start a grading kernel: resource limits first, then ``ipykernel``.

Run as ``python -m mtolab.instructor.kernel -f CONNECTION_FILE`` inside the
sandbox.  The limits come from ``$MTOLAB_SANDBOX_LIMITS`` (set by
:mod:`mtolab.instructor.sandbox`): an address-space cap, a cap on the size
of any file written, and no core dumps.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import sys


def set_limits() -> None:
    limits = json.loads(os.environ.get("MTOLAB_SANDBOX_LIMITS", "{}"))
    caps = [(resource.RLIMIT_CORE, 0)]
    if limits.get("memory_mb"):
        caps.append((resource.RLIMIT_AS, int(limits["memory_mb"]) * 2**20))
    if limits.get("file_mb"):
        caps.append((resource.RLIMIT_FSIZE, int(limits["file_mb"]) * 2**20))
    for which, value in caps:
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))


def main() -> None:
    set_limits()
    sys.argv[0] = "ipykernel_launcher"
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
