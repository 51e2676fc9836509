"""JSON round trip for the frozen dataclasses that make up a record.

`dump(obj)` gives JSON-ready data; `load(cls, data)` rebuilds the typed object, so
the journal can store an item and a restarted batch can take it back.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def dump(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: dump(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, tuple | list):
        return [dump(v) for v in obj]
    if isinstance(obj, dict):
        return {k: dump(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def load(cls: type[T], data: Any) -> T:
    return typing.cast(T, _load(cls, data))


def _load(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(args[0], data) if len(args) == 1 else data
    if origin is tuple:
        return tuple(_load(typing.get_args(tp)[0], v) for v in data)
    if origin is list:
        return [_load(typing.get_args(tp)[0], v) for v in data]
    if origin is dict:
        return {k: _load(typing.get_args(tp)[1], v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _load(hints[k], v) for k, v in data.items() if k in names})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    return data
