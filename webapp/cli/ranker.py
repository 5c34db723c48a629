"""vieclam ranker train | evaluate [--json]."""

from __future__ import annotations

import json

import click
from flask import current_app

from .. import db
from ..services import matching_training
from . import transactional


@click.group("ranker")
def ranker_group() -> None:
    """Train and evaluate the matching ranker on past application outcomes."""


@ranker_group.command("train")
@click.option("--json", "as_json", is_flag=True, help="Print the model card as JSON.")
@transactional
def train(as_json: bool) -> None:
    """Train on every decided application and save to RANKER_PATH (with a model card next to it)."""
    path = current_app.config["RANKER_PATH"]
    card = matching_training.train(db.get_session(), path, int(current_app.config["RANKER_MIN_OUTCOMES"]))
    if as_json:
        click.echo(json.dumps(card, ensure_ascii=False, indent=2))
        return
    data, val = card["data"], card.get("validation", {})
    click.echo(f"Saved {path}")
    click.echo(f"  rows {data['rows']}, hired {data['hired']}, features {len(card['features'])}")
    click.echo(
        f"  validation ({val.get('split')}): ROC AUC {val.get('roc_auc')}, log loss {val.get('log_loss')}"
    )
    click.echo(f"  training took {card['training_seconds']} s")


@ranker_group.command("evaluate")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of a table.")
@click.option("--test-share", default=0.25, show_default=True, type=click.FloatRange(0.05, 0.9))
@transactional
def evaluate(as_json: bool, test_share: float) -> None:
    """Time-split comparison: trained ranker vs weighted score vs BM25 text relevance vs random."""
    result = matching_training.evaluate(db.get_session(), test_share)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    methods = ["model", "weighted", "text", "random"]
    click.echo(f"{'metric':<14}" + "".join(f"{m:>10}" for m in methods))
    for metric in ("ndcg@10", "precision@10", "recall@50"):
        row = result[metric]
        click.echo(f"{metric:<14}" + "".join(f"{row[m]:>10.4f}" for m in methods))
    fair = result.get("fairness")
    if fair:
        click.echo(
            f"{'women top10':<14}" + "".join(f"{fair['women_share_top10'][m]:>10.3f}" for m in methods)
        )
        click.echo(f"women among eligible: {fair['women_share_eligible']:.3f}")
    r, s = result["ratios"], result["split"]
    click.echo(f"NDCG@10 ratios: model/weighted {r['model_vs_weighted']}, model/text {r['model_vs_text']}")
    click.echo(f"text relevance: {result['text_method']}")
    click.echo(
        f"split: train before {s['train_before']} ({s['train_rows']} rows), "
        f"test {s['test_rows']} rows in {result['pools']} pools with a hire"
    )


commands = [ranker_group]
