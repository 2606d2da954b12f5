"""`{name|fallback}`: a blank value takes the fallback instead of skipping the message."""

from __future__ import annotations

import json

import pytest
from trig_lifecycle.messages.render import RenderError, placeholder_names, render
from trig_lifecycle.pending import with_fallbacks


def test_renderer_uses_the_fallback_only_for_a_blank_value() -> None:
    template = "Hi {first_name|there},"
    assert render(template, {"first_name": "Ada"}, "body") == "Hi Ada,"
    assert render(template, {"first_name": "  "}, "body") == "Hi there,"
    assert render(template, {}, "body") == "Hi there,"
    assert placeholder_names(template, "body") == ["first_name"]


def test_fallback_is_text_never_a_template() -> None:
    # values (and fallbacks) are substituted in one pass: never parsed as templates
    assert render("Hi {first_name|there}", {"first_name": "{plan}"}, "body") == "Hi {plan}"
    with pytest.raises(RenderError, match="not a placeholder"):
        render("{0.__class__|x}", {}, "body")


def test_fallbacks_from_the_package_fill_blank_attributes() -> None:
    # the package turns `{first_name|there}` into `{first_name}` + {"fallbacks": {...}}
    config = json.loads('{"body": "Hi {first_name},", "fallbacks": {"first_name": "there"}}')
    filled = with_fallbacks({"first_name": None, "plan": "pro"}, config["fallbacks"])
    assert render(config["body"], filled, "body") == "Hi there,"
    assert with_fallbacks({"first_name": "Ada"}, config["fallbacks"])["first_name"] == "Ada"
