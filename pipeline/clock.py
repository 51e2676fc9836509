"""Time in the cabinet's zone (Europe/Paris)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    return datetime.now(PARIS)


def from_timestamp(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, PARIS)


def iso(dt: datetime) -> str:
    return dt.astimezone(PARIS).isoformat(timespec="seconds")
