"""Frozen dataclass records as plain JSON data and back, read by their field types (nothing is recomputed)."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache
from typing import Any

_SCALARS = (str, int, float, bool)


def to_plain(value: Any) -> Any:
    """`value` (a dataclass record, or what its fields hold) as lists, dicts and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (frozenset, set)):
        return sorted(to_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(kind: Any, data: Any) -> Any:
    """A value of type `kind` from `to_plain`'s data (raises ValueError for data of another shape)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise ValueError(f"{kind.__name__}: {type(data).__name__} instead of an object")
        hints = _hints(kind)
        return kind(**{f.name: from_plain(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.init and f.name in data})
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        return from_plain(next(a for a in args if a is not type(None)), data)
    if origin in (tuple, frozenset, list, dict) and not isinstance(data, dict if origin is dict else list):
        raise ValueError(f"{kind}: {type(data).__name__}")
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in data)
        if len(args) != len(data):
            raise ValueError(f"{kind}: {len(data)} items")
        return tuple(from_plain(a, v) for a, v in zip(args, data))
    if origin is frozenset:
        return frozenset(from_plain(args[0], v) for v in data)
    if origin is list:
        return [from_plain(args[0], v) for v in data]
    if origin is dict:
        return {k: from_plain(args[1], v) for k, v in data.items()}
    if kind is Any:
        return data
    if kind in _SCALARS and isinstance(data, kind) and not (kind is int and isinstance(data, bool)):
        return data
    if kind is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    raise ValueError(f"{getattr(kind, '__name__', kind)}: {data!r:.40}")


@lru_cache(maxsize=None)
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)
