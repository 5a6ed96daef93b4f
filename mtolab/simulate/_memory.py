"""Keep the memory of one simulation for the next (glibc's thresholds, fixed).

A simulation of 365 periods x 1,000 replications allocates and frees
blocks of about 1 to 12 MiB.  glibc's ``malloc`` returns freed memory at
the top of its heap to the system once more than its *trim threshold* is
free there, and serves a block at or above its *mmap threshold* from
memory mapped for that block alone, given back when it is freed.  Both
thresholds slide upwards only when the program frees a mapped block larger
than the current one, so in a run of same-sized simulations they can stay
low, and each run maps its memory again: every fresh 4 KiB page is a page
fault, and the kernel clears it.  The hybrid of four variants paid about
6,500 faults per run that way, some 25 ms of its 60 (benchmarks/
simulations.py prints the faults per run).

:func:`keep_freed_memory` sets the two thresholds where glibc's own sliding
rule stops (an mmap threshold of 32 MiB, its maximum on 64-bit systems, and
a trim threshold of twice that), as if a 32 MiB block had been freed.  The
process then keeps up to 64 MiB of freed memory for reuse.  It does nothing
on other C libraries, or when the user has set glibc's ``MALLOC_*``
variables or ``GLIBC_TUNABLES`` (their choice wins).
"""

from __future__ import annotations

import ctypes
import os
import platform

MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's DEFAULT_MMAP_THRESHOLD_MAX (64-bit)
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # what its sliding rule pairs with it
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # from glibc's <malloc.h>
_USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
                  "MALLOC_MMAP_MAX_", "GLIBC_TUNABLES")


def keep_freed_memory() -> bool:
    """Fix glibc's mmap and trim thresholds at the values its sliding rule reaches.

    Returns
    -------
    bool
        True if the thresholds were set; False on a C library other than
        glibc, or when the environment already sets them.
    """
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    if any(name in os.environ for name in _USER_SETTINGS):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    # mallopt returns 1 on success, 0 on error.
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
