"""Walking a widget tree in headless tests, as the browser would see it."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

CONTROL_TYPES = (
    widgets.Dropdown,
    widgets.FloatSlider,
    widgets.IntSlider,
    widgets.BoundedFloatText,
    widgets.BoundedIntText,
    widgets.Text,
    widgets.Textarea,
    widgets.Button,
    widgets.Checkbox,
    widgets.ToggleButton,
    widgets.RadioButtons,
    widgets.ToggleButtons,
)


def walk(widget: widgets.Widget):
    """Every widget in the tree, depth first (Box children and nothing else)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def with_class(widget: widgets.Widget, name: str) -> list[widgets.Widget]:
    return [w for w in walk(widget) if name in getattr(w, "_dom_classes", ())]


def controls(widget: widgets.Widget) -> list[widgets.Widget]:
    return [w for w in walk(widget) if isinstance(w, CONTROL_TYPES)]


def visible(widget: widgets.Widget) -> bool:
    return getattr(widget.layout, "display", None) != "none"


def text_of(markup: str) -> str:
    """The text a reader sees: tags removed, entities decoded, spaces collapsed."""
    markup = re.sub(r"<svg.*?</svg>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()
