"""The responsible and the nearest Kommunales Integrationszentrum for a place."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from actions.places import Candidate, haversine_km


@dataclass(frozen=True)
class KiMatch:
    """The KI responsible for a place, and the nearest one with both distances when a point is known."""
    responsible: Mapping[str, Any]
    nearest: Mapping[str, Any] | None = None
    responsible_km: float | None = None
    nearest_km: float | None = None


def distance_km(ki: Mapping[str, Any], lat: float, lon: float) -> float:
    """Great-circle distance from the point to the KI."""
    return haversine_km(lat, lon, ki["lat"], ki["lon"])


def nearest_ki(kis: Mapping[str, Mapping[str, Any]], lat: float, lon: float) -> tuple[Mapping[str, Any], float]:
    """The KI nearest to the point, and its distance."""
    ki = min(kis.values(), key=lambda entry: distance_km(entry, lat, lon))
    return ki, distance_km(ki, lat, lon)


def match_kis(kis: Mapping[str, Mapping[str, Any]], candidate: Candidate,
              point: tuple[float, float] | None = None) -> KiMatch:
    """Responsibility follows the place of residence; distance is straight-line from `point`
    (a shared location) or else the Gemeinde centre."""
    responsible = kis[candidate.ki_id]
    if point is None and candidate.gemeinde is not None:
        point = (candidate.gemeinde.lat, candidate.gemeinde.lon)
    if point is None:
        return KiMatch(responsible)
    nearest, nearest_km = nearest_ki(kis, *point)
    return KiMatch(responsible, nearest, distance_km(responsible, *point), nearest_km)
