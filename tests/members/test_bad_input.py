"""Bad input to the join form: a clear message beside the field, 4xx, what was typed kept,
nothing stored. Then bodies no person would send: undecodable, too big, or without CSRF."""
from __future__ import annotations

import pytest

from tests.support import JOIN_FIELDS, Page, join, member_by_email, member_count

TOO_COMMON = "This password is too common. Choose one that would be hard to guess"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", None, "Enter your full name"),
    ("name", "   ", "Enter your full name"),
    ("email", None, "Enter your email address"),
    ("password", None, "Enter a password"),
    ("discipline", None, "Select your discipline"),
    ("organisation", None, "Enter the organisation you work for"),
    ("consent", None, "Agree to the community guidelines and privacy notice to join"),
    ("email", "grace.hopper.example.nhs.uk",
     "Enter an email address in the correct format, like name@example.nhs.uk"),
    ("email", "grace@hopper@example.nhs.uk",
     "Enter an email address in the correct format, like name@example.nhs.uk"),
    ("password", "short-pw", "Password must be 10 characters or more"),
    ("password", "password1234", TOO_COMMON),
    ("password", "Password1234", TOO_COMMON),
    ("password", "GRACE.HOPPER@example.nhs.uk", "Password must not be your email address"),
    ("password", "Grace Hopper", "Password must not be your name"),
    ("password", "x" * 201, "Password is too long"),
    ("discipline", "astrology", "Select your discipline"),
    ("name", "N" * 121, "Name must be 120 characters or fewer"),
    ("name", "Grace\x00Hopper", "Remove the unusual characters from this field"),
    ("organisation", "O" * 161, "Organisation must be 160 characters or fewer"),
])
def test_join_refuses_bad_input(app, client, outbox, field, value, message):
    response = join(client, **{field: value})

    page = Page(response)
    assert response.status_code == 422
    assert page.error_beside(field) == message
    assert page.fields_in_error == {field}
    assert page.error_summary_links == {f"#{field}": message}
    assert page.h1 == "Join the community"
    # Everything the person typed is still there, except the password.
    for name in ("name", "email", "organisation"):
        if name != field:
            assert page.value(name) == JOIN_FIELDS[name]
    if field != "discipline":
        assert page.value("discipline") == JOIN_FIELDS["discipline"]
    if field != "consent":
        assert page.checked("consent") == {"y"}
    assert page.value("password") is None
    assert member_count(app) == 0
    assert outbox.messages == []


def test_an_over_long_name_is_kept_so_it_can_be_shortened(app, client):
    page = Page(join(client, name="N" * 121))
    assert page.value("name") == "N" * 121


def test_several_problems_are_all_listed_in_form_order(app, client):
    response = join(client, name=None, email="nope", consent=None)

    page = Page(response)
    assert response.status_code == 422
    assert page.error_summary == [
        "Enter your full name",
        "Enter an email address in the correct format, like name@example.nhs.uk",
        "Agree to the community guidelines and privacy notice to join",
    ]
    assert member_count(app) == 0


def _raw_body(token: str, **fields: bytes) -> bytes:
    values = {k.encode(): v.encode() for k, v in JOIN_FIELDS.items()}
    values.update({k.encode(): v for k, v in fields.items()})
    values[b"csrf_token"] = token.encode()
    return b"&".join(k + b"=" + v for k, v in values.items() if k != b"email") + b"&email=" + \
        fields.get("email", b"grace%40example.nhs.uk")


@pytest.mark.parametrize("fields", [
    {"name": b"\xff\xfe"},                      # raw bytes that are not UTF-8 at all
    {"name": b"%FF%FE", "consent": b"%C3"},     # percent-escapes that decode to no UTF-8
    {"email": b"%FF%FE%40example.nhs.uk"},
])
def test_a_body_that_is_not_utf8_is_refused_not_crashed_on(app, client, fields):
    response = client.post("/join", data=_raw_body(client.csrf_token(), **fields),
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert Page(response).h1 == "Something was wrong with that request"
    assert member_count(app) == 0


def test_names_beyond_ascii_are_stored_as_typed(app, client):
    response = join(client, name="Siân O’Connell-Núñez", organisation="Ysbyty Gwynedd")

    assert response.status_code == 200
    member = member_by_email(app, JOIN_FIELDS["email"])
    assert member.name == "Siân O’Connell-Núñez"
    assert member.organisation_name == "Ysbyty Gwynedd"


def test_a_body_without_a_token_and_not_utf8_is_refused(app, client):
    response = client.post("/join", data=b"name=%FF%FE&email=\xff@example.nhs.uk",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert member_count(app) == 0


def test_a_body_over_the_size_limit_is_refused_with_413(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]

    response = client.post_form("/join", {**JOIN_FIELDS, "name": "N" * (limit + 1)})

    assert response.status_code == 413
    assert Page(response).h1 == "That was too much to send"
    assert member_count(app) == 0


@pytest.mark.parametrize("token", [None, "", "not-the-token", "IjAxMjM0NTY3ODki.aaaa.bbbb"])
def test_a_post_without_the_right_token_is_refused_and_stores_nothing(app, client, outbox, token):
    client.get("/join")  # the session has a real token; the form does not carry it
    data = dict(JOIN_FIELDS)
    if token is not None:
        data["csrf_token"] = token

    response = client.post("/join", data=data)

    assert response.status_code == 400
    assert Page(response).h1 == "Your form expired"
    assert member_count(app) == 0
    assert outbox.messages == []


def test_a_token_from_another_session_is_refused(app, client, another_client):
    token = another_client.csrf_token()

    response = client.post("/join", data={**JOIN_FIELDS, "csrf_token": token})

    assert response.status_code == 400
    assert member_count(app) == 0
