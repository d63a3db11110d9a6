"""What the registry is built from: places that show text (pages, fragments, JSON answers, mail)
and ways to submit it (a real form, a search box). Each place reads what one person sees and
returns readings judged by html_rules.py; see text_fields.py for how a field uses them."""
from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from tests.guard_rails import html_rules
from tests.guard_rails.text_world import World
from tests.support import in_app


@dataclass(frozen=True)
class Reading:
    where: str
    problems: list[str]
    text: str


@dataclass(frozen=True)
class Place:
    label: str
    read: Callable[[World, dict], list[Reading]]
    literal: bool = False


def lit(place: Place) -> Place:
    """The place shows the field's text as typed (escaped), not a summary or a rendering."""
    return replace(place, literal=True)


def _fill(template: str, target: dict) -> str:
    return template.format(**target)


def _html(response, where: str, fragment: bool = False) -> Reading:
    root = html_rules.parse(response.get_data(as_text=True), fragment=fragment)
    return Reading(where, html_rules.markup_problems(root, where), html_rules.text_of(root))


def page(who: str, url: str, status: int = 200) -> Place:
    def read(world: World, target: dict) -> list[Reading]:
        address = _fill(url, target)
        response = world.get(who, address)
        assert response.status_code == status, f"GET {address} as {who}: {response.status_code}"
        return [_html(response, f"{address} as {who}")]
    return Place(f"{url} as {who}", read)


def fragment(who: str, url: str) -> Place:
    def read(world: World, target: dict) -> list[Reading]:
        address = _fill(url, target)
        response = world.get(who, address)
        assert response.status_code == 200, f"GET {address} as {who}: {response.status_code}"
        return [_html(response, f"{address} as {who}", fragment=True)]
    return Place(f"fragment {url} as {who}", read)


def json_answer(who: str, url: str, prose_keys: tuple[str, ...] = (),
                must_find: Callable[[World, dict, object], bool] | None = None) -> Place:
    def read(world: World, target: dict) -> list[Reading]:
        address = _fill(url, target)
        response = world.get(who, address)
        assert response.status_code == 200, f"GET {address} as {who}: {response.status_code}"
        problems, text = html_rules.json_problems(response, prose_keys, f"{address} as {who}")
        if must_find is not None and not must_find(world, target, response.get_json()):
            problems.append(f"{address} as {who} did not list what it should: {response.get_json()}")
        return [Reading(f"{address} as {who}", problems, text)]
    return Place(f"json {url} as {who}", read)


def mails(to: str, action: Callable[[World, dict], None] | None = None, label: str = "") -> Place:
    """Mail to `to` written since the submission (after `action`, if any)."""
    def read(world: World, target: dict) -> list[Reading]:
        if action is not None:
            action(world, target)
        address = world.emails.get(to, to) if to in world.emails else target.get(to, to)
        readings = []
        for path in sorted(world.mail_files() - target["_mail_before"]):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == address:
                problems, text = html_rules.mail_problems(message, f"mail {path.name} to {to}")
                readings.append(Reading(f"mail to {to}: {message['Subject']}", problems, text))
        assert readings, f"no mail to {to} ({label})"
        return readings
    return Place(f"mail to {to} {label}".strip(), read)


def preview(who: str, field_name: str) -> Place:
    """The Preview button's answer for the text just typed into `field_name`."""
    def read(world: World, target: dict) -> list[Reading]:
        response = world.client(who).post("/preview", data={"body": target["_values"][field_name]},
                                          headers={"X-CSRFToken": world.token(who), "Accept": "application/json"})
        assert response.status_code == 200, response.status_code
        problems, text = html_rules.json_problems(response, ("html",), f"/preview as {who}")
        return [Reading(f"/preview as {who}", problems, text)]
    return Place(f"preview as {who}", read)


def combined(label: str, first: Callable[[World, dict], None], then: Place) -> Place:
    """`then` after an action that brings the text there (a mention, a report, a digest run)."""
    def read(world: World, target: dict) -> list[Reading]:
        first(world, target)
        return then.read(world, target)
    return Place(label, read)


# Submitting ------------------------------------------------------------------------------------

Submit = Callable[[World, dict[str, str]], tuple[object, dict]]


def form_post(who: str, url: str, baseline: dict, target: Callable | None = None,
              before: Callable[[World], dict] | None = None) -> Submit:
    """Post `baseline` with the values under test through the real form as `who`.

    `before(world)` runs first and returns ids for the URL (a fresh post to report, say);
    `target(world, response, ids)` returns the ids the places need after a success."""
    def submit(world: World, values: dict[str, str]):
        ids = {**world.ids, **(before(world) if before else {})}
        data = {k: (v(world) if callable(v) else v) for k, v in baseline.items()}
        response = world.post(who, _fill(url, ids), {**data, **values})
        if response.status_code < 400 and target is not None:
            ids.update(target(world, response, ids))
        return response, ids
    return submit


def query_get(who: str, url: str) -> Submit:
    """A search box: the text travels in the query string and the answer echoes it."""
    def submit(world: World, values: dict[str, str]):
        return world.client(who).get(url, query_string=values), dict(world.ids)
    return submit


def id_in(response, prefix: str) -> int:
    return int(re.search(re.escape(prefix) + r"(\d+)", response.headers["Location"]).group(1))


def newest(model_name: str, **where):
    def find(world: World, *_):
        from sqlalchemy import select

        from community.extensions import db
        from community.members.models import Member
        from community.threads.models import Post
        model = {"Post": Post, "Member": Member}[model_name]
        with in_app(world.app):
            query = select(model.id).order_by(model.id.desc()).limit(1)
            for key, value in where.items():
                query = query.where(getattr(model, key) == (world.ids[value] if value in world.ids else value))
            return db.session.scalar(query)
    return find


def post_page(world: World, post_id: int) -> str:
    """The path of the thread page that shows the post (the world's thread grows each round)."""
    from community.threads.services import posting, reading
    with in_app(world.app):
        return reading.post_url(posting.get_post(post_id)).split("#")[0]
