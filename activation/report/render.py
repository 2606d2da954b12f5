"""Render ReportData into one self-contained HTML file: data, Chart.js (vendored, see
docs/decisions/503-report-charts.md) and the page's script are all inline; nothing is
fetched when the file is opened."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .data import ReportData

HIDDEN_PATTERN_COLUMNS = {"observation_days", "horizon_days", "churned_during_window"}


def render_report(data: ReportData) -> str:
    environment = Environment(
        loader=PackageLoader("trig_lifecycle.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        count=_count, money=_money, pct=_pct, days=_days, points=_points, ratio=_ratio, cell=_cell
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        data=data,
        kpis=_kpis(data),
        lift={row["job_name"]: row for row in data.lift or []},
        pattern_columns=_pattern_columns(data.patterns or []),
        member_columns=_member_columns,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        charts_json=_inline(json.dumps(_chart_data(data), default=str)),
        chart_js=_inline(_chart_library()),
    )


def _chart_library() -> str:
    source = files("trig_lifecycle.report").joinpath("assets/chart.umd.min.js").read_text()
    # The source map is not shipped: drop the reference so nothing asks for it.
    return "\n".join(line for line in source.splitlines() if "sourceMappingURL" not in line)


def _inline(text: str) -> Markup:
    """Text placed inside <script>: only `</` could end the element early."""
    return Markup(text.replace("</", "<\\/"))


def _kpis(data: ReportData) -> dict[str, Any]:
    job_rows = [job for job in data.jobs if job.get("object_kind") == "job"]
    return {
        "stage_active": sum(stage["active"] for stage in data.stages),
        "active_signals": sum(signal["active"] for signal in data.signals),
        "arr_at_risk": sum(signal["arr_at_risk"] for signal in data.signals),
        "job_entered": sum(int(job["entered"] or 0) for job in job_rows),
        "job_completed": sum(int(job["completed"] or 0) for job in job_rows),
    }


def _chart_data(data: ReportData) -> dict[str, Any]:
    return {
        "stages": data.stages,
        "signal_history": data.signal_history,
        "jobs": [
            {
                "name": job["object_name"],
                "completed": int(job["completed"] or 0),
                "exited": int(job["exited"] or 0),
                "active": int(job["active"] or 0),
            }
            for job in data.jobs
            if job.get("object_kind") == "job"  # behaviours' counts would dwarf the jobs'
        ],
    }


def _pattern_columns(patterns: list[dict[str, Any]]) -> list[str]:
    if not patterns:
        return ["stage_name", "candidate_name"]
    return [c for c in patterns[0] if c not in HIDDEN_PATTERN_COLUMNS]


def _member_columns(group: dict[str, Any]) -> list[str]:
    columns: list[str] = []
    for member in group["members"]:
        columns += [c for c in member if c not in columns]
    return columns


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _count(value: Any) -> str:
    return "–" if _missing(value) else f"{int(value):,}"


def _money(value: Any) -> str:
    return "–" if _missing(value) else f"{float(value):,.0f}"


def _pct(value: Any) -> str:
    return "–" if _missing(value) else f"{float(value) * 100:.1f}%"


def _points(value: Any) -> str:
    return "–" if _missing(value) else f"{float(value) * 100:+.1f} pts"


def _days(value: Any) -> str:
    return "–" if _missing(value) else f"{float(value):.1f}"


def _ratio(value: Any) -> str:
    return "–" if _missing(value) else f"{float(value):.3f}"


def _cell(value: Any) -> str:
    if _missing(value):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)
