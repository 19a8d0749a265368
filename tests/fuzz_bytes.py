"""Damage any file can take, whatever its format: cut short, or some bytes overwritten."""
from __future__ import annotations

from hypothesis import strategies as st


def truncated(data: bytes, draw) -> bytes:
    return data[:draw(st.integers(0, len(data)))]


def garbled(data: bytes, draw, most: int = 8) -> bytes:
    """Up to `most` bytes overwritten with random ones."""
    for _ in range(draw(st.integers(1, most))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data
