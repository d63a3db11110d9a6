"""`flask` commands: demo data and member administration."""
from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from . import demo
from .dates import utcnow
from .db import atomic
from .errors import InvalidInput
from .extensions import db
from .members.models import Member, MemberRole
from .members.services import accounts
from .web import site_links

demo_cli = AppGroup("demo", help="Demo data for trying Community locally.")
members_cli = AppGroup("members", help="Member administration.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing if any member exists (for `make run`).")
def seed_command(if_empty: bool) -> None:
    """Load ~40 demo members across every discipline, with roles and connections."""
    if db.session.scalar(select(func.count()).select_from(Member)):
        if if_empty:
            click.echo("Demo data: members already exist, nothing loaded.")
            return
        raise click.ClickException("The database already has members; demo data goes into an empty one.")
    # Demo comments mention people, and mentions send mail with links to the post.
    with site_links(current_app._get_current_object()):
        count = demo.seed()
    click.echo(f"Demo data: {count} members loaded. Sign in as {demo.ADMIN_EMAIL} / {demo.PASSWORD}")


@members_cli.command("create-admin")
@click.argument("email")
@click.option("--name", help="Full name, for a new account.")
@click.option("--password", help="Password for a new account (prompted if not given).")
def create_admin(email: str, name: str | None, password: str | None) -> None:
    """Make EMAIL an admin, creating a confirmed account if it does not exist."""
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise click.ClickException(f"{email!r} is not an email address.") from None
    member = accounts.find_by_email(email)
    if member is None:
        name = name or click.prompt("Full name")
        password = password or click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            member = demo.create_member(name=name, email=email, password=password,
                                        discipline="management", organisation="")
        except InvalidInput as error:
            raise click.ClickException("; ".join(error.errors.values())) from None
    with atomic():
        now = utcnow()
        member.confirmed_at = member.confirmed_at or now
        member.approved_at = member.approved_at or now
        was_suspended = member.suspended_at is not None
        member.suspended_at = None
        if "admin" not in {r.role for r in member.roles}:
            db.session.add(MemberRole(member_id=member.id, role="admin"))
    if was_suspended:  # an operator should know they have just lifted a suspension
        click.echo(f"{member.email} was suspended and has been reinstated.")
    click.echo(f"{member.email} is an admin.")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(members_cli)
