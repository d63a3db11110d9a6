"""Helpers the members and moderation tests share: set-up in a short app context, and reading
pages the way a person does (the heading, the message beside a field, what a field still holds).

Set-up and checks run in `in_app(app)`, which closes before any request is made. A request made
while an outer app context is open reuses that context and its `g`, where Flask-Login keeps the
signed-in member, so a second client would be treated as the first one.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sqlalchemy import func, select

from community.extensions import db
from community.members.models import Member
from community.members.services import accounts
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_member

JOIN_FIELDS = {
    "name": "Grace Hopper",
    "email": "grace.hopper@example.nhs.uk",
    "password": "lighthouse-kettle-orchard",
    "discipline": "medicine",
    "organisation": "Riverside University Hospitals NHS Trust",
    "consent": "y",
}


@contextmanager
def in_app(app) -> Iterator[None]:
    """A request context for factories, services and database checks; closed before requests."""
    with app.test_request_context():
        yield


@dataclass(frozen=True)
class Person:
    """What a test needs to act as a member after the set-up context has closed."""

    id: int
    email: str
    name: str


def add_member(app, **kwargs) -> Person:
    with in_app(app):
        member = make_member(**kwargs)
        return Person(member.id, member.email, member.name)


def signed_in(client, person: Person, password: str = PASSWORD):
    response = sign_in(client, person.email, password)
    assert response.status_code == 302, f"{person.email} could not sign in"
    return client


def join(client, **overrides):
    """Post the real join form; a value of None leaves that field out."""
    data = {**JOIN_FIELDS, **overrides}
    return client.post_form("/join", {k: v for k, v in data.items() if v is not None})


def member_count(app) -> int:
    with in_app(app):
        return db.session.scalar(select(func.count()).select_from(Member))


def member_by_email(app, email: str) -> Member | None:
    """The member row, loaded with what tests read, detached from its closed session."""
    with in_app(app):
        member = accounts.find_by_email(email)
        if member is not None:
            _ = (member.roles, member.tags, member.offers, member.organisation)
            db.session.expunge(member)
        return member


def member_by_id(app, member_id: int) -> Member | None:
    with in_app(app):
        member = db.session.get(Member, member_id)
        if member is not None:
            _ = (member.roles, member.tags, member.offers, member.organisation)
            db.session.expunge(member)
        return member


# Reading pages ---------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self) -> Iterator["Element"]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


class Page:
    """A rendered page, read by what a person sees on it."""

    def __init__(self, response):
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        builder = _Builder()
        builder.feed(self.html)
        self.root = builder.root

    def all(self, tag: str | None = None, *, cls: str | None = None, **attrs) -> list[Element]:
        return [e for e in self.root.iter()
                if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
                and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def one(self, tag: str | None = None, *, cls: str | None = None, **attrs) -> Element:
        found = self.all(tag, cls=cls, **attrs)
        assert len(found) == 1, f"expected one {tag or ''}.{cls or ''}{attrs}, found {len(found)}"
        return found[0]

    @property
    def text(self) -> str:
        main = self.all("main")
        return (main[0] if main else self.root).text

    @property
    def h1(self) -> str:
        return self.one("h1").text

    def error_beside(self, field_id: str) -> str:
        """The message shown beside a field, without the hidden "Error:" prefix."""
        element = self.one(cls="nhsuk-error-message", id=f"{field_id}-error")
        return re.sub(r"^Error:\s*", "", element.text)

    @property
    def error_summary(self) -> list[str]:
        summaries = self.all(cls="nhsuk-error-summary")
        return [li.text for summary in summaries for li in summary.iter() if li.tag == "li"] or \
            [p.text for summary in summaries for p in summary.iter() if p.tag == "p"]

    @property
    def error_summary_links(self) -> dict[str, str]:
        """Where each summary entry links (`#field-id`) and what it says."""
        return {a.attrs.get("href", ""): a.text for summary in self.all(cls="nhsuk-error-summary")
                for a in summary.iter() if a.tag == "a"}

    @property
    def fields_in_error(self) -> set[str]:
        return {e.attrs["id"].removesuffix("-error") for e in self.all(cls="nhsuk-error-message")}

    def value(self, name: str) -> str | None:
        """What a text input or select named `name` holds now."""
        for element in self.all(name=name):
            if element.tag == "input" and element.attrs.get("type") not in ("checkbox", "radio"):
                return element.attrs.get("value")
            if element.tag == "select":
                chosen = [o for o in element.iter() if o.tag == "option" and "selected" in o.attrs]
                return chosen[0].attrs.get("value") if chosen else None
            if element.tag == "textarea":
                return element.text
        raise AssertionError(f"no field named {name!r}")

    def checked(self, name: str) -> set[str]:
        return {e.attrs.get("value", "") for e in self.all("input", name=name) if "checked" in e.attrs}
