"""Moving through a page with the keyboard alone, as the journeys do: Tab to an element, and check at
every stop that the focus can be seen."""

from __future__ import annotations

from typing import Any

# How the focused element looks, and how it looks without the focus. The focus is visible when it
# draws an outline (at least 2px, not transparent) or changes the element's box-shadow, background
# or colour (our links and buttons turn yellow inside a dark ring).
FOCUS_INDICATOR = """(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing is focused";
  const look = () => {
    const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, ring: s.boxShadow,
            background: s.backgroundColor, color: s.color};
  };
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus();
  const [style, width, ...color] = focused.outline.split(" ");
  const transparent = /rgba\\(.*, 0\\)$|transparent/.test(color.join(" "));
  const outline = style !== "none" && parseFloat(width) >= 2 && !transparent;
  const changed = ["ring", "background", "color"].filter((key) => focused[key] !== unfocused[key]);
  if (outline || changed.includes("ring") || changed.includes("background")) return "";
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || "").trim().slice(0, 30);
  return `focus not visible on ${name}: ${JSON.stringify(focused)}`;
})()"""


def focused(page: Any, expression: str) -> Any:
    """`expression` (JavaScript on `el`, the focused element)."""
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def assert_focus_visible(page: Any) -> None:
    problem = page.evaluate(FOCUS_INDICATOR)
    assert not problem, problem


def tab_to(page: Any, condition: str, limit: int = 80) -> None:
    """Press Tab until the focused element meets `condition` (JavaScript on `el`), checking that the
    focus is visible on every element it stops at."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if focused(page, f"!!el && ({condition})"):
            return
    raise AssertionError(f"no focusable element where {condition}")
