"""vieclam indicators --year Y [--quarter Q | --month M | --from D --to D] --format table|json|xlsx."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from .. import db
from ..services.indicators import compute_report, period_for, rebuild_rollup
from ..services.indicators_export import report_rows, report_xlsx
from . import transactional


def _fmt(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".")
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


@click.command("indicators")
@click.option("--year", type=int)
@click.option("--quarter", type=click.IntRange(1, 4))
@click.option("--month", type=click.IntRange(1, 12))
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "xlsx"]), default="table", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option("--no-rollup", is_flag=True, help="Count placements directly (slower; same figures).")
@transactional
def indicators(
    year: int | None,
    quarter: int | None,
    month: int | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    fmt: str,
    output: Path | None,
    no_rollup: bool,
) -> None:
    """Employment indicators for a period: the report's table (people who got jobs)."""
    period = period_for(year, quarter, month, start.date() if start else None, end.date() if end else None)
    report = compute_report(db.get_session(), period, use_rollup=False if no_rollup else None)
    if fmt == "xlsx":
        data = report_xlsx(report)
        target = output or Path(f"indicators-{period.start}-{period.end}.xlsx")
        target.write_bytes(data)
        click.echo(f"Wrote {target}")
        return
    if fmt == "json":
        text = json.dumps(report, ensure_ascii=False, indent=2)
    else:
        lines = [f"Period {period.start} – {period.end} (people who got jobs)"]
        header = ("no", "indicator", "plan", "actual", "% plan", "last year", "% last year")
        rows = [
            (
                r["no"],
                r["label"],
                r["plan"],
                r["actual"],
                r["percent_of_plan"],
                r["last_year"],
                r["percent_of_last_year"],
            )
            for r in report_rows(report)
        ]
        widths = [max(len(_fmt(x)) for x in col) for col in zip(header, *rows, strict=False)]
        for row in (header, *rows):
            lines.append(
                "  ".join(
                    _fmt(v).ljust(w) if i < 2 else _fmt(v).rjust(w)
                    for i, (v, w) in enumerate(zip(row, widths, strict=True))
                )
            )
        text = "\n".join(lines)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {output}")
    else:
        click.echo(text)


@click.command("rollup")
@click.option("--year", "years", type=int, multiple=True, help="Only these years (default all).")
@transactional
def rollup(years: tuple[int, ...]) -> None:
    """Rebuild the indicator rollup and first-in-year flags from the placements."""
    people = rebuild_rollup(db.get_session(), list(years) or None)
    click.echo(f"Rollup rebuilt: {people:,} people counted.")


commands = [indicators, rollup]
