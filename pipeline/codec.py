"""JSON round trip for the frozen dataclasses that make up a record.

`dump(obj)` gives JSON-ready data; `load(cls, data)` rebuilds the typed object, so
the journal can store an item and a restarted batch can take it back.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from enum import Enum
from functools import cache, partial
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def dump(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {name: dump(getattr(obj, name)) for name in _field_names(type(obj))}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, tuple | list):
        return [dump(v) for v in obj]
    if isinstance(obj, dict):
        return {k: dump(v) for k, v in obj.items()}
    return obj


def load(cls: type[T], data: Any) -> T:
    return typing.cast(T, _load(cls, data))


def _load(tp: Any, data: Any) -> Any:
    return None if data is None else _decoder(tp)(data)


@cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """How data of type `tp` (never None) is rebuilt, worked out once per type: a record's
    decoding no longer asks `typing` about every field of every item."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return partial(_load, args[0])
        return _identity
    if origin is tuple:
        return partial(_sequence, tuple, typing.get_args(tp)[0])
    if origin is list:
        return partial(_sequence, list, typing.get_args(tp)[0])
    if origin is dict:
        value = typing.get_args(tp)[1]
        return lambda data: {k: _load(value, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = {name: hints[name] for name in _field_names(tp)}
        return lambda data: tp(**{k: _load(fields[k], v) for k, v in data.items()
                                  if k in fields})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    return _identity


def _identity(data: Any) -> Any:
    return data


def _sequence(kind: type, item: Any, data: Any) -> Any:
    return kind(_load(item, v) for v in data)
