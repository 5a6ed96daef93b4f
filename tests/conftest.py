"""Shared fixtures of the unit tests."""

import matplotlib
import pytest

import mtolab.widgets._base as base

matplotlib.use("Agg")


@pytest.fixture
def shown(monkeypatch):
    """What the explorers display: outside a kernel the Output widget captures nothing."""
    items = []
    monkeypatch.setattr(base, "display", items.append)
    return items
