"""vieclam serve: a production WSGI server (waitress) unless --debug."""

from __future__ import annotations

import click
from flask import current_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Flask's development server with the reloader.")
def serve(host: str, port: int, threads: int, debug: bool) -> None:
    """Serve the site."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    from waitress import serve as waitress_serve

    from ..runtime import freeze_startup_heap

    freeze_startup_heap()
    click.echo(f"ViecLam on http://{host}:{port}/ (waitress, {threads} threads)")
    waitress_serve(app, host=host, port=port, threads=threads)


commands = [serve]
