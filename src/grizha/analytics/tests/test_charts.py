"""The analytics charts: well-formed, accessible SVG that draws exactly the figures of its table."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from grizha.analytics.charts import MapPoint, area_map, bar_chart, convex_hull, line_chart
from grizha.analytics.tables import SUPPRESSED, SUPPRESSED_TEXT, Cell, Column, Table

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The expected words are the English msgids, whatever the Bulgarian catalog says by then."""
    with translation.override("en"):
        yield


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not outside input)


def needs(rows: list[list[Cell]]) -> Table:
    return Table(
        slug="needs",
        title="Requests by need",
        columns=[Column("name", "Need", kind="text"), Column("count", "Requests")],
        rows=rows,
    )


def months(rows: list[list[Cell]]) -> Table:
    return Table(
        slug="monthly",
        title="Requests by month",
        columns=[Column("month", "Month", kind="text"), Column("new", "New"), Column("closed", "Closed")],
        rows=rows,
    )


def bar_groups(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}g")


def texts(element: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in element.iter(f"{SVG}text")]


def view_box(root: ET.Element) -> tuple[float, float]:
    _x, _y, width, height = (float(part) for part in root.get("viewBox", "").split())
    return width, height


def places(root: ET.Element) -> dict[str, ET.Element]:
    return {g.findtext(f"{SVG}title", "").split(":")[0]: g for g in root.iter(f"{SVG}g") if g.get("class") == "place"}


def circle_of(place: ET.Element) -> ET.Element:
    circle = place.find(f"{SVG}circle")
    assert circle is not None
    return circle


def test_bar_chart_draws_one_bar_per_row_with_a_number() -> None:
    root = parse(bar_chart(needs([["Housing", 12], ["Food", SUPPRESSED], ["Care", 30], ["Debt", None]]), value="count"))

    assert len(list(root.iter(f"{SVG}rect"))) == 2


def test_bar_chart_gives_the_longest_bar_to_the_largest_value() -> None:
    root = parse(bar_chart(needs([["Housing", 12], ["Care", 30], ["Food", 7]]), value="count"))

    widths = {texts(g)[0]: float(rect.get("width", "")) for g in bar_groups(root) for rect in g.iter(f"{SVG}rect")}
    assert max(widths, key=widths.__getitem__) == "Care"
    assert math.isclose(widths["Housing"] / widths["Care"], 12 / 30, rel_tol=0.01)


def test_bar_chart_accepts_lazy_translated_labels() -> None:
    root = parse(bar_chart(needs([[gettext_lazy("Housing"), 12]]), value="count"))

    assert texts(bar_groups(root)[0])[0] == "Housing"


def test_bar_chart_writes_each_figure_at_its_bar() -> None:
    root = parse(bar_chart(needs([["Housing", 1234]]), value="count"))

    assert texts(bar_groups(root)[0])[-1] in {"1234", "1,234", "1 234", "1\xa0234"}


def test_bar_chart_writes_the_suppressed_text_instead_of_a_bar() -> None:
    root = parse(bar_chart(needs([["Food", SUPPRESSED]]), value="count"))

    group = bar_groups(root)[0]
    assert group.find(f"{SVG}rect") is None
    assert texts(group) == ["Food", str(SUPPRESSED_TEXT)]


def test_bar_chart_writes_a_dash_for_a_missing_figure() -> None:
    root = parse(bar_chart(needs([["Debt", None]]), value="count"))

    assert texts(bar_groups(root)[0]) == ["Debt", "—"]


def test_bar_chart_escapes_labels_from_the_data() -> None:
    label = "<script>alert(1)</script> & co"
    svg = bar_chart(needs([[label, 5]]), value="count")

    assert "<script>" not in svg
    assert bar_groups(parse(svg))[0].findtext(f"{SVG}title", "").startswith(label)


def test_bar_chart_truncates_long_labels_but_keeps_them_whole_in_the_tooltip() -> None:
    label = "Help with paying for heating in the winter months"
    group = bar_groups(parse(bar_chart(needs([[label, 5]]), value="count")))[0]

    assert texts(group)[0].endswith("…")
    assert len(texts(group)[0]) < len(label)
    assert group.findtext(f"{SVG}title", "").startswith(label)


def test_bar_chart_labels_itself_by_its_own_title_and_description() -> None:
    root = parse(bar_chart(needs([["Housing", 12]]), value="count", id_prefix="front"))

    ids = root.get("aria-labelledby", "").split()
    assert root.get("role") == "img"
    assert ids == ["front-needs-title", "front-needs-desc"]
    assert root.find(f"{SVG}title[@id='front-needs-title']") is not None
    assert "Bar chart of Requests by need" in root.findtext(f"{SVG}desc[@id='front-needs-desc']", "")


def test_bar_chart_scales_with_a_view_box_and_no_fixed_width() -> None:
    root = parse(bar_chart(needs([["Housing", 12]]), value="count"))

    assert root.get("width") == "100%"
    assert view_box(root)[0] == 720


def test_chart_text_is_large_and_dark() -> None:
    root = parse(bar_chart(needs([["Housing", 12]]), value="count"))

    for text in root.iter(f"{SVG}text"):
        assert float(text.get("font-size", "0")) >= 14
        assert text.get("fill") == "#0b0c0c"


def test_bar_chart_of_an_empty_table_says_so() -> None:
    root = parse(bar_chart(needs([]), value="count", empty_text="Nothing here & now."))

    assert texts(root) == ["Nothing here & now."]
    assert root.find(f"{SVG}rect") is None


def series_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]


def test_line_chart_draws_one_line_per_series() -> None:
    root = parse(
        line_chart(months([["2026-01", 10, 8], ["2026-02", 12, 9], ["2026-03", 15, 11]]), series=["new", "closed"])
    )

    groups = series_groups(root)
    assert [g.findtext(f"{SVG}title") for g in groups] == ["New", "Closed"]
    assert [len(g.findall(f"{SVG}path")) for g in groups] == [1, 1]


def test_line_chart_breaks_the_line_at_a_suppressed_point() -> None:
    rows: list[list[Cell]] = [
        ["2026-01", 10, 8],
        ["2026-02", 12, 9],
        ["2026-03", SUPPRESSED, 11],
        ["2026-04", 9, 7],
        ["2026-05", 14, 6],
    ]
    root = parse(line_chart(months(rows), series=["new", "closed"]))

    new, closed = series_groups(root)
    assert len(new.findall(f"{SVG}path")) == 2
    assert len(closed.findall(f"{SVG}path")) == 1
    markers = [child for child in new if child.tag not in {f"{SVG}title", f"{SVG}path"}]
    assert len(markers) == 4  # one for each figure, none for the hidden one


def test_line_chart_series_differ_by_marker_and_dash_not_colour_alone() -> None:
    root = parse(line_chart(months([["2026-01", 10, 8], ["2026-02", 12, 9]]), series=["new", "closed"]))

    new, closed = series_groups(root)
    assert new[2].tag != closed[2].tag
    assert new[1].get("stroke-dasharray") != closed[1].get("stroke-dasharray")


def test_line_chart_names_each_series_in_a_text_legend() -> None:
    root = parse(line_chart(months([["2026-01", 10, 8]]), series=["new", "closed"]))

    assert {"New", "Closed"} <= set(texts(root))


def test_line_chart_labels_four_or_five_gridlines_up_to_a_round_maximum() -> None:
    root = parse(line_chart(months([["2026-01", 87, 8]]), series=["new", "closed"]))

    assert [text for text in texts(root) if text.isdigit()] == ["0", "25", "50", "75", "100"]


def test_line_chart_thins_the_period_labels_to_at_most_twelve() -> None:
    rows: list[list[Cell]] = [[f"{2020 + i // 12}-{i % 12 + 1:02}", i, i] for i in range(60)]
    root = parse(line_chart(months(rows), series=["new"]))

    shown = [text for text in texts(root) if "-" in text]
    assert 2 <= len(shown) <= 12
    assert shown[0] == "2020-01"


def square_with_centre() -> list[MapPoint]:
    return [
        MapPoint("South-west", 42.0, 25.0, 100),
        MapPoint("North-west", 43.0, 25.0, 25),
        MapPoint("North-east", 43.0, 26.0, 9, services=2),
        MapPoint("South-east", 42.0, 26.0, SUPPRESSED),
        MapPoint("Centre", 42.5, 25.5, None),
    ]


def draw_map() -> ET.Element:
    return parse(area_map(square_with_centre(), title="Requests by settlement", description="A map."))


def test_map_circle_area_is_proportional_to_the_count() -> None:
    found = places(draw_map())

    big, small = float(circle_of(found["South-west"]).get("r", "")), float(circle_of(found["North-west"]).get("r", ""))
    assert math.isclose(big / small, math.sqrt(100 / 25))


def test_map_puts_every_point_inside_the_view_box() -> None:
    root = draw_map()
    width, height = view_box(root)

    for place in places(root).values():
        circle = circle_of(place)
        x, y, r = (float(circle.get(key, "")) for key in ("cx", "cy", "r"))
        assert x - r >= 0 and x + r <= width
        assert y - r >= 0 and y + r <= height


def test_map_has_north_up_and_east_right() -> None:
    found = places(draw_map())

    assert float(circle_of(found["North-west"]).get("cy", "")) < float(circle_of(found["South-west"]).get("cy", ""))
    assert float(circle_of(found["South-east"]).get("cx", "")) > float(circle_of(found["South-west"]).get("cx", ""))


def test_map_marks_a_place_with_a_service_with_a_square() -> None:
    found = places(draw_map())

    assert found["North-east"].find(f"{SVG}rect") is not None
    assert found["South-west"].find(f"{SVG}rect") is None


def test_map_draws_a_hidden_count_as_a_small_hollow_circle() -> None:
    circle = circle_of(places(draw_map())["South-east"])

    assert circle.get("fill") == "#ffffff"
    assert float(circle.get("r", "")) <= 5


def test_map_tooltip_gives_the_name_count_and_services() -> None:
    found = places(draw_map())

    assert found["North-east"].findtext(f"{SVG}title") == "North-east: 9 requests, 2 services"
    assert found["South-east"].findtext(f"{SVG}title") == f"South-east: {SUPPRESSED_TEXT} requests, 0 services"


def test_map_labels_the_largest_places_by_name() -> None:
    points = [MapPoint(f"Village {i}", 42 + i / 100, 25 + i / 50, i * 10) for i in range(1, 15)]
    labels = set(texts(parse(area_map(points, title="Map", description="A map."))))

    assert {f"Village {i}" for i in range(5, 15)} <= labels
    assert not {f"Village {i}" for i in range(1, 5)} & labels


def test_map_draws_the_given_outline() -> None:
    outline = [(41.9, 24.9), (43.1, 24.9), (43.1, 26.1), (41.9, 26.1)]
    root = parse(area_map(square_with_centre(), outline=outline, title="Map", description="A map."))

    polygon = root.find(f"{SVG}polygon")
    assert polygon is not None
    assert len(polygon.get("points", "").split()) == 4


def test_map_labels_itself_by_its_title_and_description() -> None:
    root = parse(area_map(square_with_centre(), title="Requests & needs", description="Where <people> ask."))

    assert root.get("aria-labelledby") == "map-title map-desc"
    assert root.findtext(f"{SVG}title[@id='map-title']") == "Requests & needs"
    assert root.findtext(f"{SVG}desc[@id='map-desc']") == "Where <people> ask."


def test_convex_hull_of_a_square_and_its_centre_is_the_four_corners() -> None:
    hull = convex_hull([(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.5, 0.5)])

    assert sorted(hull) == [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]


def test_convex_hull_leaves_out_points_on_an_edge() -> None:
    assert len(convex_hull([(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (1.0, 2.0)])) == 3


def test_names_that_would_overlap_on_the_map_are_not_both_written() -> None:
    points = [
        MapPoint("Blatets", 42.70, 26.40, 50, services=1),
        MapPoint("Dragodanovo", 42.7001, 26.4003, 40, services=1),
        MapPoint("Far away", 42.40, 26.00, 30),
    ]
    with translation.override("en"):
        svg = parse(area_map(points, title="Map", description="A map"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Blatets" in texts and "Far away" in texts and "Dragodanovo" not in texts


def test_a_table_whose_every_figure_is_hidden_gets_no_chart() -> None:
    from grizha.analytics.charts import chart_for

    columns = [Column("need", "Need", kind="text"), Column("all", "All")]
    hidden = Table(slug="needs", title="Needs", columns=columns, rows=[["Meals", SUPPRESSED], ["Care", 0]])
    shown = Table(slug="needs", title="Needs", columns=columns, rows=[["Meals", SUPPRESSED], ["Care", 7]])
    assert chart_for(hidden) is None
    assert chart_for(shown) is not None
