"""Plane and sphere geometry for places: distances, point-in-polygon, nearest point.

Pure functions on (lat, lon) in degrees; polygons are the Kreis boundaries of
actions/data/kreise_boundaries.json, as lists of rings of [lon, lat] points.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088  # mean earth radius

# One ring as (xs, ys): longitudes and latitudes in separate lists, for speed.
Ring = tuple[list[float], list[float]]
# (key, bounding box (min lon, min lat, max lon, max lat), rings: outer ring first, then holes)
PreparedPolygon = tuple[str, tuple[float, ...], list[Ring]]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean earth radius 6371.0088 km)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta_phi, delta_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    haversine = math.sin(delta_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(haversine)))


def point_in_ring(x: float, y: float, xs: list[float], ys: list[float]) -> bool:
    """Even-odd ray casting (ray towards +x)."""
    inside = False
    x_prev, y_prev = xs[-1], ys[-1]
    for x_here, y_here in zip(xs, ys, strict=True):
        if (y_here > y) != (y_prev > y) and x < (x_prev - x_here) * (y - y_here) / (y_prev - y_here) + x_here:
            inside = not inside
        x_prev, y_prev = x_here, y_here
    return inside


def point_in_polygon(x: float, y: float, rings: list[Ring]) -> bool:
    """Inside the outer ring and not inside a hole."""
    if not point_in_ring(x, y, *rings[0]):
        return False
    return not any(point_in_ring(x, y, *hole) for hole in rings[1:])


def prepare_polygons(polygons_by_key: dict[str, list]) -> list[PreparedPolygon]:
    """[(key, bbox, [rings as (xs, ys)])] per polygon, for fast point-in-polygon."""
    prepared: list[PreparedPolygon] = []
    for key in sorted(polygons_by_key):
        for polygon in polygons_by_key[key]:
            rings = [([point[0] for point in ring], [point[1] for point in ring]) for ring in polygon]
            xs, ys = rings[0]
            prepared.append((key, (min(xs), min(ys), max(xs), max(ys)), rings))
    return prepared


def key_of_polygon_at(polygons: list[PreparedPolygon], lat: float, lon: float) -> str | None:
    """Key of the first polygon containing the point, or None."""
    for key, (min_x, min_y, max_x, max_y), rings in polygons:
        if min_x <= lon <= max_x and min_y <= lat <= max_y and point_in_polygon(lon, lat, rings):
            return key
    return None


def label_of_nearest(sites: Sequence[tuple[float, float, str]], lat: float, lon: float) -> str:
    """Label of the (lat, lon, label) site nearest to the point."""
    nearest = min(sites, key=lambda site: haversine_km(lat, lon, site[0], site[1]))
    return nearest[2]
