"""Each simulation reuses the memory of the one before (mtolab.simulate._memory)."""

import platform
import resource

import numpy as np
import pytest

import mtolab.simulate as simulate
from mtolab import Scenario
from mtolab.demand import ProductFamily
from mtolab.simulate._memory import keep_freed_memory

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only (the course's machines run it)")
def test_importing_the_simulations_fixes_the_thresholds():
    assert simulate.MEMORY_KEPT is True


def test_the_users_own_malloc_settings_win(monkeypatch):
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert keep_freed_memory() is False


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only (the course's machines run it)")
def test_a_repeated_hybrid_run_maps_no_fresh_memory():
    # Before the thresholds were fixed, each run of this hybrid (the
    # benchmark's four variants) took about 6,500 page faults, every one a
    # fresh 4 KiB page the kernel had to map and clear.
    sc = Scenario(n_periods=365, n_replications=1000, family=ProductFamily(options=(2, 2)))
    result = sc.simulate("Hybrid")
    faults = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        again = sc.simulate("Hybrid")
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    assert np.array_equal(again.shipped, result.shipped)
    assert min(faults) < 1000, faults
