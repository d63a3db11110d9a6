"""`flask notifications send-digests`: meant for cron (daily and weekly)."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..web import site_links
from .services import digests

notifications_cli = AppGroup("notifications", help="Notification emails.")


@notifications_cli.command("send-digests")
@click.option("--frequency", type=click.Choice(["daily", "weekly"]), default="daily", show_default=True,
              help="Which members' digests to send: those who chose this frequency.")
def send_digests_command(frequency: str) -> None:
    """Email each member who chose FREQUENCY their unread notifications not yet mailed.

    Run it from cron, e.g. daily at 07:00 with --frequency daily and on Mondays at 07:00 with
    --frequency weekly. Each notification is mailed at most once, however often it runs. The
    digests join the outbox, which the app's sender (or `flask mail send`) delivers. Links
    use SERVER_NAME when set, otherwise BASE_URL (default http://127.0.0.1:5000).
    """
    with site_links(current_app._get_current_object()):
        run = digests.send_digests(frequency)
    click.echo(f"Digests ({frequency}): {run.members} queued, {run.items} notification"
               f"{'' if run.items == 1 else 's'}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(notifications_cli)
