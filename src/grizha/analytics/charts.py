"""SVG charts and a small offline map for the staff analytics pages, drawn on the server. Each picture sits
beside a table with the same figures, so it is one image with a title and a description in words."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from grizha.analytics.tables import SUPPRESSED_TEXT, Cell, Suppressed, Table

Point = tuple[float, float]

WIDTH = 720
# Each at least 3:1 against white (WCAG 1.4.11); series also differ by marker and dash, never by colour alone.
COLOURS = ("#1d4f91", "#8a3b00", "#2f6b2f", "#6b2f6b", "#444444")
DASHES = ("none", "10 5", "3 4", "12 4 3 4", "6 6")
MARKERS = ("circle", "square", "triangle", "diamond", "ring")
INK, GRID, PAPER = "#0b0c0c", "#767676", "#ffffff"
LABEL_CHARS = 28

BAR_X, BAR_SPACE, ROW = 236, 380, 32
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM, PLOT_INSET = 72, 688, 16, 256, 24
MAP_PADDING, MAP_MAX_HEIGHT, MAX_RADIUS, LABELLED_PLACES = 44, 600, 28.0, 10
LABEL_CHAR_WIDTH = 8.5  # about the width of a letter of 14px text, to keep names from overlapping


@dataclass(frozen=True)
class MapPoint:
    """A settlement on the map: where it is, its count (perhaps hidden) and how many services it has."""

    name: str
    latitude: float
    longitude: float
    count: Cell
    services: int = 0


def bar_chart(table: Table, *, value: str, id_prefix: str = "chart", empty_text: str | None = None) -> SafeString:
    """One horizontal bar per row, labelled with the first column and as long as the `value` column. A row
    without a number shows its words (a hidden count's "fewer than 5") where the number would be."""
    id_base, title = f"{id_prefix}-{table.slug}", str(table.title)
    if table.is_empty:
        return _empty(id_base, title, empty_text)
    index = table.column(value)
    amounts = [_number(row[index]) for row in table.rows]
    largest = max((amount for amount in amounts if amount is not None), default=0.0)
    scale = BAR_SPACE / largest if largest > 0 else 0.0
    bars = [
        _bar(_cell_text(row[0]), row[index], amount, y=8 + ROW * i, scale=scale)
        for i, (row, amount) in enumerate(zip(table.rows, amounts, strict=True))
    ]
    desc = _("Bar chart of %(title)s. The table that follows gives the same figures.") % {"title": title}
    return _svg(16 + ROW * len(bars), id_base, title, desc, bars)


def line_chart(
    table: Table, *, series: Sequence[str], id_prefix: str = "chart", empty_text: str | None = None
) -> SafeString:
    """One line per column in `series` over the rows, which are periods in order. A hidden or missing
    figure breaks its line rather than being drawn as zero or bridged."""
    id_base, title = f"{id_prefix}-{table.slug}", str(table.title)
    if table.is_empty or not series:
        return _empty(id_base, title, empty_text)
    columns = [table.column(key) for key in series]
    names = [str(table.columns[column].label) for column in columns]
    lines = [[_number(row[column]) for row in table.rows] for column in columns]
    step = _nice_step(max((amount for line in lines for amount in line if amount is not None), default=0.0))
    body = [*_grid(step), *_x_labels([_cell_text(row[0]) for row in table.rows])]
    body += [_series(i, name, line, top=4 * step) for i, (name, line) in enumerate(zip(names, lines, strict=True))]
    body += [_legend_entry(i, name, y=PLOT_BOTTOM + 64 + 24 * i) for i, name in enumerate(names)]
    desc = _(
        "Line chart of %(title)s, one line for each of: %(series)s. The table that follows gives the same figures."
    ) % {"title": title, "series": ", ".join(names)}
    return _svg(PLOT_BOTTOM + 56 + 24 * len(names), id_base, title, desc, body)


def area_map(
    points: Sequence[MapPoint],
    *,
    outline: Sequence[Point] | None = None,
    title: str,
    description: str,
    id_prefix: str = "map",
) -> SafeString:
    """The area drawn offline from (latitude, longitude) pairs: its outline (or the settlements' hull), each
    settlement as a circle whose area is its count, and a square around those that have a service."""
    outline = list(outline) if outline is not None else _around(points)
    if not points and not outline:
        return _empty(id_prefix, title, None)
    project, height = _projection([*outline, *((p.latitude, p.longitude) for p in points)])
    largest = max((_number(p.count) or 0.0 for p in points), default=0.0)
    # Largest first, so that small circles are drawn on top of large ones.
    drawn = sorted(((p, _radius(_number(p.count), largest)) for p in points), key=lambda d: d[1] or 0, reverse=True)
    body = [_tag("polygon", points=_coords(outline, project), fill="none", stroke=COLOURS[4], stroke_width=2)]
    body += [_place(point, *project(point.latitude, point.longitude), radius) for point, radius in drawn]
    taken: list[tuple[float, float, float, float]] = []
    for point, radius in drawn[:LABELLED_PLACES]:  # the largest; hidden counts only when there is room
        x, y = project(point.latitude, point.longitude)
        right = x < WIDTH - 180  # near the right edge, the name goes to the circle's left
        x += (max(radius or 0.0, 5.0) + (12 if point.services > 0 else 6)) * (1 if right else -1)  # past its square
        name = _truncate(point.name, 24)
        width = LABEL_CHAR_WIDTH * len(name)
        box = (x if right else x - width, y - 12, x + width if right else x, y + 8)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            continue  # a name over another is read as neither: the tooltip and the table still give it
        taken.append(box)
        body.append(_text(x, y + 5, name, anchor="start" if right else "end"))
    return _svg(height + 112, id_prefix, title, description, [*body, *_map_legend(height)])


def convex_hull(points: Sequence[Point]) -> list[Point]:
    """The corners of the smallest convex polygon around `points`, in order around it from the smallest
    first coordinate (Andrew's monotone chain); points on its edges are not corners."""
    unique = sorted(set(points))
    if len(unique) < 3:
        return unique
    return _half_hull(unique)[:-1] + _half_hull(unique[::-1])[:-1]


def _half_hull(points: list[Point]) -> list[Point]:
    chain: list[Point] = []
    for point in points:
        while len(chain) >= 2 and _turn(chain[-2], chain[-1], point) <= 0:
            chain.pop()
        chain.append(point)
    return chain


def _turn(o: Point, a: Point, b: Point) -> float:
    """Positive when o → a → b turns counter-clockwise."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _svg(height: float, id_base: str, title: str, desc: str, body: Iterable[SafeString]) -> SafeString:
    """The frame every picture shares: as wide as its container, read out as one image named by its own
    title and description."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{body}</svg>',
        width=WIDTH,
        height=_n(height),
        id=id_base,
        title=title,
        desc=desc,
        body=_join(body),
    )


def _tag(name: str, content: object = "", **attributes: object) -> SafeString:
    """One SVG element, everything in it escaped; `stroke_width=2` is written `stroke-width="2"`."""
    pairs = ((key.rstrip("_").replace("_", "-"), _n(v) if isinstance(v, float) else v) for key, v in attributes.items())
    return format_html("<{0}{1}>{2}</{0}>", name, format_html_join("", ' {}="{}"', pairs), content)


def _text(x: float, y: float, content: object, *, anchor: str = "start") -> SafeString:
    font = "system-ui,sans-serif"
    return _tag("text", content, x=x, y=y, text_anchor=anchor, font_family=font, font_size=14, fill=INK)


def _empty(id_base: str, title: str, text: str | None) -> SafeString:
    text = text or _("No figures for this choice.")
    return _svg(48, id_base, title, text, [_text(16, 30, text)])


def _n(coordinate: float) -> str:
    return f"{coordinate:.1f}"


def _coords(points: Iterable[Point], project: Callable[[float, float], Point]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in (project(*point) for point in points))


def _number(cell: Cell) -> float | None:
    """The figure to draw, or None where the cell has none (hidden, missing or text)."""
    return float(cell) if isinstance(cell, int | float) and not isinstance(cell, bool) else None


def _cell_text(cell: Cell) -> str:
    """A cell as the table shows it: numbers in the active language's format, a hidden count as words."""
    if cell is None:
        return "—"
    if isinstance(cell, Suppressed):
        return str(SUPPRESSED_TEXT)
    if isinstance(cell, int | float):
        return number_format(int(cell) if float(cell).is_integer() else round(cell, 6))
    return str(cell)


def _truncate(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _bar(label: str, cell: Cell, amount: float | None, *, y: float, scale: float) -> SafeString:
    """One row: its label (whole in the tooltip), its bar, and its figure or the words standing for it."""
    length, figure = max(amount or 0.0, 0.0) * scale, _cell_text(cell)
    bar = [] if amount is None else [_tag("rect", x=BAR_X, y=y + 4, width=length, height=20, fill=COLOURS[0])]
    name = _text(BAR_X - 8, y + 19, _truncate(label), anchor="end")
    return _tag(
        "g", _join([_tag("title", f"{label}: {figure}"), name, *bar, _text(BAR_X + length + 6, y + 19, figure)])
    )


def _nice_step(largest: float) -> float:
    """A round gridline step (1, 2, 2.5 or 5 times a power of ten) of which four reach `largest`."""
    if largest <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(largest / 4))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power * 4 >= largest)


def _plot_x(i: int, count: int) -> float:
    left, right = PLOT_LEFT + PLOT_INSET, PLOT_RIGHT - PLOT_INSET
    return (left + right) / 2 if count == 1 else left + i * (right - left) / (count - 1)


def _plot_y(amount: float, top: float) -> float:
    return PLOT_BOTTOM - amount / top * (PLOT_BOTTOM - PLOT_TOP)


def _grid(step: float) -> list[SafeString]:
    """Five labelled gridlines from 0 to four steps; the zero line darker, as the axis."""
    parts = []
    for i in range(5):
        y = _plot_y(step * i, 4 * step)
        stroke = INK if i == 0 else GRID
        parts.append(_tag("line", x1=PLOT_LEFT, x2=PLOT_RIGHT, y1=y, y2=y, stroke=stroke, stroke_width=1))
        parts.append(_text(PLOT_LEFT - 8, y + 5, _cell_text(step * i), anchor="end"))
    return parts


def _x_labels(labels: list[str]) -> list[SafeString]:
    """Period labels under the axis, every so many when all of them would overlap (at most twelve)."""
    labels = [_truncate(label, 16) for label in labels]
    widest = max(len(label) for label in labels) * 8 + 16
    fits = max(1, min(12, int((PLOT_RIGHT - PLOT_LEFT - 2 * PLOT_INSET) / widest) + 1))
    every = math.ceil(len(labels) / fits)
    return [
        _text(_plot_x(i, len(labels)), PLOT_BOTTOM + 24, label, anchor="middle")
        for i, label in enumerate(labels)
        if i % every == 0
    ]


def _series(index: int, name: str, amounts: list[float | None], *, top: float) -> SafeString:
    """One series: a path for each unbroken run of figures, and a marker at every figure."""
    line, marker = _line_style(index), MARKERS[index % len(MARKERS)]
    runs: list[list[Point]] = [[]]
    for i, amount in enumerate(amounts):
        if amount is None:
            runs.append([])
        else:
            runs[-1].append((_plot_x(i, len(amounts)), _plot_y(amount, top)))
    paths = [
        _tag("path", d="M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in run), fill="none", **line) for run in runs if run
    ]
    markers = [_marker(marker, x, y, line["stroke"]) for run in runs for x, y in run]
    return _tag("g", _join([_tag("title", name), *paths, *markers]), class_="series")


def _join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _marker(shape: str, x: float, y: float, colour: str) -> SafeString:
    """A point's marker, whose shape as well as its colour tells its series apart."""
    if shape in {"circle", "ring"}:
        fill = colour if shape == "circle" else PAPER
        return _tag("circle", cx=x, cy=y, r=5, fill=fill, stroke=colour, stroke_width=2)
    if shape == "square":
        return _tag("rect", x=x - 5, y=y - 5, width=10, height=10, fill=colour)
    corners = {"triangle": ((0, -6), (6, 5), (-6, 5)), "diamond": ((0, -7), (7, 0), (0, 7), (-7, 0))}[shape]
    return _tag("polygon", points=" ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in corners), fill=colour)


def _line_style(index: int) -> dict[str, str]:
    return {
        "stroke": COLOURS[index % len(COLOURS)],
        "stroke_width": "3",
        "stroke_dasharray": DASHES[index % len(DASHES)],
    }


def _legend_entry(index: int, name: str, *, y: float) -> SafeString:
    """A series' name beside a sample of its line and marker, so no one has to match colours."""
    line = _line_style(index)
    sample = _tag("line", x1=PLOT_LEFT, x2=PLOT_LEFT + 48, y1=y, y2=y, **line)
    marker = _marker(MARKERS[index % len(MARKERS)], PLOT_LEFT + 24, y, line["stroke"])
    return _tag("g", _join([sample, marker, _text(PLOT_LEFT + 60, y + 5, name)]))


def _around(points: Sequence[MapPoint]) -> list[Point]:
    """Without a boundary: the settlements' hull, each corner pushed out from the middle by an eighth of the
    area's size so that the outer circles do not sit on the line."""
    hull = convex_hull([(point.latitude, point.longitude) for point in points])
    if not hull:
        return []
    lats, lons = [lat for lat, _lon in hull], [lon for _lat, lon in hull]
    middle_lat, middle_lon = sum(lats) / len(hull), sum(lons) / len(hull)
    margin = max(max(lats) - min(lats), max(lons) - min(lons), 0.01) / 8
    pushed = []
    for lat, lon in hull:
        away = margin / (math.hypot(lat - middle_lat, lon - middle_lon) or math.inf)
        pushed.append((lat + (lat - middle_lat) * away, lon + (lon - middle_lon) * away))
    return pushed


def _projection(coordinates: Sequence[Point]) -> tuple[Callable[[float, float], Point], float]:
    """An equirectangular projection, longitude shrunk by the cosine of the mean latitude so the area keeps
    its shape, fitted into the picture with north up; with the height of the map part of the picture."""
    shrink = math.cos(math.radians(sum(lat for lat, _lon in coordinates) / len(coordinates)))
    west, east = min(lon for _lat, lon in coordinates) * shrink, max(lon for _lat, lon in coordinates) * shrink
    south, north = min(lat for lat, _lon in coordinates), max(lat for lat, _lon in coordinates)
    fit_x = (WIDTH - 2 * MAP_PADDING) / (east - west) if east > west else math.inf
    fit_y = (MAP_MAX_HEIGHT - 2 * MAP_PADDING) / (north - south) if north > south else math.inf
    scale = 1.0 if math.isinf(min(fit_x, fit_y)) else min(fit_x, fit_y)
    height = max((north - south) * scale + 2 * MAP_PADDING, 160.0)
    left, top = (WIDTH - (east - west) * scale) / 2, (height - (north - south) * scale) / 2

    def project(latitude: float, longitude: float) -> Point:
        return left + (longitude * shrink - west) * scale, top + (north - latitude) * scale

    return project, height


def _radius(amount: float | None, largest: float) -> float | None:
    """A circle's radius such that its area, not its width, is proportional to the count."""
    if amount is None:
        return None
    return MAX_RADIUS * math.sqrt(max(amount, 0.0) / largest) if largest > 0 else 0.0


def _place(point: MapPoint, x: float, y: float, radius: float | None) -> SafeString:
    """One settlement: a circle whose area is its count (small and hollow when hidden or missing), a square
    around it when it has a service, and its figures as a tooltip."""
    tooltip = _("%(name)s: %(count)s requests, %(services)s services") % {
        "name": point.name,
        "count": _cell_text(point.count),
        "services": point.services,
    }
    square = [_square(x, y, max(radius or 0.0, 5.0) + 5)] if point.services > 0 else []
    return _tag("g", _join([_tag("title", tooltip), _dot(x, y, radius), *square]), class_="place")


def _dot(x: float, y: float, radius: float | None) -> SafeString:
    """A settlement's circle; a small hollow one when it has no figure to show; a dot when it has none."""
    if radius == 0:
        return _tag("circle", cx=x, cy=y, r=2.5, fill=COLOURS[4])
    fill, opacity, r = (PAPER, 1.0, 5.0) if radius is None else (COLOURS[0], 0.45, radius)
    return _tag("circle", cx=x, cy=y, r=r, fill=fill, fill_opacity=opacity, stroke=COLOURS[0], stroke_width=2)


def _square(x: float, y: float, half: float) -> SafeString:
    """The mark of a settlement with a service: a shape, not a colour, tells it."""
    side = 2 * half
    return _tag("rect", x=x - half, y=y - half, width=side, height=side, fill="none", stroke=COLOURS[1], stroke_width=2)


def _map_legend(top: float) -> list[SafeString]:
    return [
        _dot(24, top + 12, 8.0),
        _text(44, top + 17, _("Circle: its area shows the number of requests")),
        _dot(24, top + 40, None),
        _text(44, top + 45, _("Small hollow circle: %(hidden)s, or no figure") % {"hidden": SUPPRESSED_TEXT}),
        _dot(24, top + 68, 0.0),
        _text(44, top + 73, _("Dot: no requests")),
        _square(24, top + 96, 10.0),
        _text(44, top + 101, _("Square around a circle: at least one service there")),
    ]


# The chart of each table that has one: lines over months, bars over categories (by table slug).
# An empty tuple: every figure column of the table is a line.
LINES: dict[str, tuple[str, ...]] = {"over-time": (), "occupancy": ("occupancy",)}
BARS = {
    "needs": "all",
    "target-groups": "all",
    "age-bands": "all",
    "places": "per_1000",
    "mayoralties": "per_1000",
    "referral-outcomes": "count",
    "capacity": "occupancy",
    "satisfaction": "count",
    "project-indicators": "share",
}


def chart_for(table: Table) -> SafeString | None:
    """The chart that goes with a table on the page and in the report, if one helps: none when every
    figure it would draw is hidden or missing (the table says so better)."""
    if table.slug in LINES:
        columns = LINES[table.slug] or tuple(column.key for column in table.columns[1:])
    else:
        columns = (BARS[table.slug],) if table.slug in BARS else ()
    if not any(_number(value) for key in columns for value in table.values(key)):
        return None
    if table.slug in LINES:
        return line_chart(table, series=columns)
    return bar_chart(table, value=columns[0])
