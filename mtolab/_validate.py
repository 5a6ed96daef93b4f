"""Input checks shared by every public entry point.

Each helper raises ``TypeError`` for a value of the wrong type and
``ValueError`` for a value out of range.  The message always names the
parameter, repeats the value given and states what is allowed, so that a
learner who mistypes a slider value or an argument knows what to fix.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "check_real",
    "check_int",
    "check_probability",
    "check_choice",
    "check_array",
    "check_seed",
]


def _describe_range(low, high, low_open, high_open) -> str:
    if low is None and high is None:
        return "any finite number"
    if high is None:
        return f"a finite number {'>' if low_open else '>='} {low}"
    if low is None:
        return f"a finite number {'<' if high_open else '<='} {high}"
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    return f"a finite number in {left}{low}, {high}{right}"


def check_real(
    name: str,
    value,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
) -> float:
    """Return ``value`` as a float, or raise naming ``name`` and the range.

    Booleans are refused: ``True`` is almost always a slip for a number.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number, got {value!r} "
            f"({type(value).__name__}); allowed: "
            f"{_describe_range(low, high, low_open, high_open)}"
        )
    x = float(value)
    allowed = _describe_range(low, high, low_open, high_open)
    if math.isnan(x) or (math.isinf(x) and not allow_inf):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if low is not None and (x < low or (low_open and x == low)):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if high is not None and (x > high or (high_open and x == high)):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return x


def check_int(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int, or raise naming ``name`` and the range.

    Floats with an integral value (``12.0``) are accepted, so that numbers
    coming from sliders or arithmetic work; ``12.5`` and ``True`` are not.
    """
    if low is None and high is None:
        allowed = "a whole number"
    elif high is None:
        allowed = f"a whole number >= {low}"
    elif low is None:
        allowed = f"a whole number <= {high}"
    else:
        allowed = f"a whole number in [{low}, {high}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be {allowed}, got {value!r} ({type(value).__name__})"
        )
    if isinstance(value, numbers.Integral):
        n = int(value)
    else:
        x = float(value)
        if not math.isfinite(x) or x != math.floor(x):
            raise ValueError(f"{name} must be {allowed}, got {value!r}")
        n = int(x)
    if (low is not None and n < low) or (high is not None and n > high):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return n


def check_probability(
    name: str, value, *, low_open: bool = False, high_open: bool = False
) -> float:
    """Return a probability in [0, 1] (ends optionally open)."""
    return check_real(name, value, low=0.0, high=1.0, low_open=low_open, high_open=high_open)


def check_choice(name: str, value, choices) -> str:
    """Return ``value`` if it is one of ``choices`` (strings)."""
    allowed = ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be one of {allowed}, got {value!r} ({type(value).__name__})"
        )
    if value not in choices:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def check_array(
    name: str,
    value,
    *,
    ndim: int | tuple[int, ...] | None = None,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> np.ndarray:
    """Return ``value`` as a float array whose entries are finite and in range."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        ) from exc
    if ndim is not None:
        dims = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in dims:
            raise ValueError(
                f"{name} must have {' or '.join(map(str, dims))} dimension(s), "
                f"got an array of shape {arr.shape}"
            )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {arr.shape}")
    # Two passes over the data, on the smallest array that broadcasts to it
    # (a target shared by every replication is checked once).  min and max
    # are NaN if any entry is, and infinite if any entry is.
    core = unbroadcast(arr)
    smallest, largest = float(core.min()), float(core.max())
    if not (math.isfinite(smallest) and math.isfinite(largest)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    allowed = _describe_range(low, None, low_open, False) if high is None else (
        _describe_range(low, high, low_open, False)
    )
    if low is not None and (smallest <= low if low_open else smallest < low):
        raise ValueError(f"every entry of {name} must be {allowed}, got {smallest!r}")
    if high is not None and largest > high:
        raise ValueError(f"every entry of {name} must be {allowed}, got {largest!r}")
    return arr


def unbroadcast(a: np.ndarray) -> np.ndarray:
    """The smallest array that broadcasts back to ``a`` (drops axes of stride 0)."""
    index = tuple(slice(0, 1) if stride == 0 else slice(None) for stride in a.strides)
    return a[index]


def check_seed(name: str, value) -> int | None:
    """Accept ``None`` or a non-negative whole number as a random seed."""
    if value is None:
        return None
    return check_int(name, value, low=0)
