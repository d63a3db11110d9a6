"""Hostile text through every registered text field, read back from every place that shows it.

See text_fields.py for the registry (and how to add a field), xss_corpus.py for the payloads,
html_rules.py for what a page, JSON answer or mail may contain, harness.py for the packing.
"""
from __future__ import annotations

import importlib
import pkgutil
from email.message import EmailMessage

import pytest
from wtforms import StringField
from wtforms.fields.core import UnboundField

import community
from community import content
from community.forms import CommunityForm
from tests.guard_rails import html_rules
from tests.guard_rails.harness import Run, pack
from tests.guard_rails.text_fields import FIELDS, NOT_TYPED, TextField
from tests.guard_rails.text_world import build
from tests.guard_rails.xss_corpus import CORPUS, ESSENTIAL, GROUPS


@pytest.fixture
def app_config():
    # Joiners wait for a moderator, so their name reaches the queue; rate limits (tested on
    # their own) would stop a suite that submits hundreds of forms in a minute.
    return {"JOIN_REQUIRES_APPROVAL": True, "RATELIMIT_ENABLED": False}


def _by_form() -> list[list[TextField]]:
    groups: dict[int, list[TextField]] = {}
    for f in FIELDS:
        groups.setdefault(id(f.submit), []).append(f)
    return list(groups.values())


FORMS = _by_form()


@pytest.mark.parametrize("fields", FORMS, ids=["+".join(f.key for f in group) for group in FORMS])
def test_hostile_text_is_shown_as_text_everywhere(app, fields):
    outcome = Run(build(app), fields).all()
    assert outcome.problems == [], "\n".join(outcome.problems[:40])
    for f in fields:
        # The field must really keep hostile text (or, for an address, show it back refused).
        kept = outcome.stored[f.key] + (outcome.refused[f.key] if f.essential_only else 0)
        assert kept >= len(pack(f)[0]), (f.key, outcome.stored, outcome.refused)


def test_the_whole_corpus_through_the_renderer():
    wrapper = '<div class="community-prose">{}</div>'
    problems = []
    for payload in CORPUS:
        html = content.render_markdown(payload.text, mention_names=lambda ids: {i: "<b>Name</b>" for i in ids})
        root = html_rules.parse(wrapper.format(html), fragment=True)
        problems += [f"{payload.name}: {p}" for p in html_rules.markup_problems(root)]
        problems += [f"{payload.name}: evaluated {e!r}" for e in payload.evaluated if e in html]
    assert problems == []


# The registry covers every form ---------------------------------------------------------------

def _forms() -> list[type]:
    for module in pkgutil.walk_packages(community.__path__, "community."):
        importlib.import_module(module.name)
    found, todo = [], [CommunityForm]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _text_fields(form: type) -> list[str]:
    return [name for name, value in vars(form).items()
            if isinstance(value, UnboundField) and issubclass(value.field_class, StringField)]


def test_every_form_field_is_registered():
    registered = {(f.form.__name__, f.field) for f in FIELDS if f.form is not None}
    exempt = {(form if isinstance(form, str) else form.__name__, name) for form, name in NOT_TYPED}
    missing = [f"{form.__module__}.{form.__name__}.{name}" for form in _forms() for name in _text_fields(form)
               if (form.__name__, name) not in registered | exempt]
    assert missing == [], ("Register these text fields in tests/guard_rails/text_fields.py (FIELDS, with "
                           "where each is shown) or, if nothing typed there is shown, in NOT_TYPED: "
                           + ", ".join(missing))
    for form, name in registered | exempt:
        assert any(cls.__name__ == form and name in _text_fields(cls) for cls in _forms()), (form, name)


def test_registered_fields_are_unique_and_shown_somewhere():
    assert len({f.key for f in FIELDS}) == len(FIELDS)
    for f in FIELDS:
        assert f.places or f.form is None or f.essential_only, f"{f.key} is shown nowhere"


# The corpus and the checks themselves --------------------------------------------------------

def test_the_corpus_is_big_varied_and_has_no_repeats():
    assert len(CORPUS) >= 150
    assert len({p.text for p in CORPUS}) == len(CORPUS)
    assert set(GROUPS) == {"script", "handler", "url", "foreign", "broken", "markdown", "template", "css",
                           "context", "unicode"}
    assert {p.group for p in ESSENTIAL} == set(GROUPS) - {"unicode"} | {"unicode"}


def test_the_cleaner_allows_what_the_guard_rails_check():
    # Widening the cleaner must be a decision made here too, not a silent change.
    assert content.ALLOWED_TAGS == html_rules.PROSE_TAGS
    assert {k: set(v) for k, v in content.ALLOWED_ATTRIBUTES.items()} == html_rules.PROSE_ATTRIBUTES
    assert content.ALLOWED_PROTOCOLS == html_rules.PROSE_SCHEMES


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html lang=en><head><title>t</title></head><body><main>{body}</main></body></html>"


@pytest.mark.parametrize("body, expected", [
    ('<div class="community-prose"><p>fine <a href="https://example.org" rel="nofollow noopener ugc">x</a>'
     '<a href="/members/3" class="community-mention">@A</a></p></div><a href="/threads">ok</a>', []),
    ('<div class="community-prose"><img src=x></div>', ["<img> in user content"]),
    ('<div class="community-prose"><p style="color:red">x</p></div>', ["style='color:red' on <p>"]),
    ('<div class="community-prose"><a href="java\tscript:x" rel="nofollow noopener ugc">x</a></div>',
     ["javascript: link"]),
    ('<div class="community-prose"><a href="https://example.org">x</a></div>', ["without rel"]),
    ('<div class="community-prose"><a class="community-mention" href="https://evil.example">x</a></div>',
     ["class='community-mention' on <a>", "without rel"]),
    ("<p onclick=x>y</p>", ["onclick='x' on <p>"]),
    ('<a href="//evil.example/x">y</a>', ["leaves the site"]),
    ('<form action="https://evil.example"></form>', ["leaves the site"]),
    ("<script>alert(1)</script>", ["script {}"]),
    ("<svg><a xlink:href=x>y</a></svg>", ["<svg:svg> outside", "<svg:a> outside", "xlink:href='x' on <svg:a>"]),
    ('<svg class="community-chart" viewBox="0 0 10 10" role="img"><title>t</title><rect x="0" width="5" fill="#005eb8">'
     '</rect><text x="1" y="2">5 (50%)</text></svg>', []),
    ('<svg class="community-chart"><rect onclick="x"></rect><a xlink:href=x>y</a><foreignObject></foreignObject></svg>',
     ["onclick='x' on <svg:rect>", "<svg:a> outside", "xlink:href='x' on <svg:a>", "<svg:foreignObject> outside"]),
    ('<div class="community-prose"><svg class="community-chart"><rect></rect></svg></div>',
     ["<svg:svg> in user content", "<svg:rect> in user content"]),
    ('<input name="next" value="https://evil.example">', ["next='https://evil.example' leaves"]),
    ("<b>bold</b>", ["<b> outside user content"]),
])
def test_the_page_rules_catch_what_they_should(body, expected):
    problems = html_rules.markup_problems(html_rules.parse(_page(body)))
    assert len(problems) == len(expected), problems
    for problem, fragment in zip(problems, expected):
        assert fragment in problem, (problem, fragment)


def test_the_mail_rules_catch_injected_headers():
    message = EmailMessage()
    message["To"], message["Subject"], message["Bcc"] = "a@example.org", "Hi", "b@evil.example"
    message.set_content("Hello")
    problems, text = html_rules.mail_problems(message)
    assert problems == ["unexpected header 'Bcc' ()"] and "Hi Hello" in text

