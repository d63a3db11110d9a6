"""Signing in and out, staying signed in, where sign-in sends you, and the rate limits."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.members.models import Connection
from community.moderation.services import members as moderation
from tests.factories import PASSWORD, make_member
from tests.support import JOIN_FIELDS, Page, add_member, in_app, join, member_by_id, member_count

NEW_PASSWORD = "marmalade-bicycle-lantern"
WRONG = "Enter a correct email address and password"


def sign_in(client, email: str, password: str = PASSWORD, query_string=None, **fields):
    return client.post_form("/login", {"email": email, "password": password, **fields},
                            query_string=query_string)


def test_a_member_signs_in_and_out(app, client):
    add_member(app, name="Ada Lovelace", email="ada@example.nhs.uk")

    response = sign_in(client, " ADA@example.nhs.uk ")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert Page(client.get("/")).h1 == "Welcome, Ada Lovelace"
    assert client.get("/members").status_code == 200

    response = client.post_form("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "You have signed out." in Page(client.get("/")).text
    assert client.get("/members").headers["Location"] == "/login?next=%2Fmembers"


def test_signing_out_needs_a_post(app, client):
    signed = add_member(app)
    sign_in(client, signed.email)
    assert client.get("/logout").status_code == 405
    assert client.get("/members").status_code == 200


@pytest.mark.parametrize("email, password", [
    ("ada@example.nhs.uk", "not-the-password"),
    ("nobody@example.nhs.uk", PASSWORD),
])
def test_a_wrong_address_or_password_gets_the_same_message(app, client, email, password):
    add_member(app, email="ada@example.nhs.uk")

    response = sign_in(client, email, password)

    page = Page(response)
    assert response.status_code == 422
    assert page.error_beside("email") == WRONG
    assert page.error_summary == [WRONG]
    assert page.value("email") == email
    assert page.value("password") is None
    assert client.get("/members").status_code == 302


def test_remember_me_sets_a_lasting_cookie_that_signs_in_alone(app, client, another_client):
    add_member(app, name="Ada Lovelace", email="ada@example.nhs.uk")

    response = sign_in(client, "ada@example.nhs.uk", remember="y")

    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert len(cookies) == 1
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0] and "Expires=" in cookies[0]
    token = client.get_cookie("remember_token")
    another_client.set_cookie("remember_token", token.value, domain=token.domain)
    assert Page(another_client.get("/")).h1 == "Welcome, Ada Lovelace"


def test_without_remember_me_there_is_no_lasting_cookie(app, client):
    add_member(app, email="ada@example.nhs.uk")
    response = sign_in(client, "ada@example.nhs.uk")
    assert response.status_code == 302
    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("target, lands_on", [
    ("/members", "/members"),
    ("/members?discipline=nursing&page=2", "/members?discipline=nursing&page=2"),
    ("//evil.example", "/"),
    ("//evil.example/members", "/"),
    ("https://evil.example", "/"),
    ("https://evil.example/members", "/"),
    ("http:evil.example", "/"),
    ("/\\evil.example", "/"),
    ("\\\\evil.example", "/"),
    ("/\t/evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("members", "/"),
])
def test_sign_in_goes_back_only_to_pages_on_this_site(app, client, target, lands_on):
    add_member(app, email="ada@example.nhs.uk")

    response = sign_in(client, "ada@example.nhs.uk", query_string={"next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == lands_on


def test_a_page_that_needs_sign_in_comes_back_after_it(app, client):
    add_member(app, email="ada@example.nhs.uk")
    login_page = client.get("/members?discipline=nursing").headers["Location"]

    response = client.post_form(login_page, {"email": "ada@example.nhs.uk", "password": PASSWORD})

    assert response.headers["Location"] == "/members?discipline=nursing"


def test_a_signed_in_member_is_not_sent_off_site_by_the_login_page(app, client):
    ada = add_member(app, email="ada@example.nhs.uk")
    sign_in(client, ada.email)
    response = client.get("/login", query_string={"next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_a_suspended_member_cannot_sign_in(app, client):
    with in_app(app):
        admin = make_member(roles=("admin",))
        ada = make_member(email="ada@example.nhs.uk")
        moderation.suspend(admin, ada)

    response = sign_in(client, "ada@example.nhs.uk")

    assert response.status_code == 422
    assert Page(response).error_beside("email") == (
        "This account is suspended. Contact the academy team if you think this is a mistake")
    assert client.get("/members").status_code == 302


def test_a_suspended_member_with_the_wrong_password_learns_nothing_more(app, client):
    with in_app(app):
        moderation.suspend(make_member(roles=("admin",)), make_member(email="ada@example.nhs.uk"))
    response = sign_in(client, "ada@example.nhs.uk", "not-the-password")
    assert Page(response).error_beside("email") == WRONG


def test_changing_the_password_signs_out_other_devices_but_not_this_one(app, client, another_client):
    ada = add_member(app, email="ada@example.nhs.uk")
    sign_in(client, ada.email)
    sign_in(another_client, ada.email, remember="y")

    response = client.post_form("/profile/password",
                                {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    assert client.get("/members").status_code == 200
    assert another_client.get("/members").headers["Location"] == "/login?next=%2Fmembers"
    assert sign_in(another_client, ada.email).status_code == 422
    assert sign_in(another_client, ada.email, NEW_PASSWORD).status_code == 302


def test_changing_the_password_needs_the_current_one(app, client):
    ada = add_member(app, email="ada@example.nhs.uk")
    sign_in(client, ada.email)

    response = client.post_form("/profile/password",
                                {"current_password": "a-guess-at-it", "new_password": NEW_PASSWORD})

    assert response.status_code == 422
    assert Page(response).error_beside("current_password") == "Your current password is not correct"
    assert member_by_id(app, ada.id).session_version == 1
    client.post_form("/logout")
    assert sign_in(client, ada.email).status_code == 302


def test_a_weak_new_password_is_refused_beside_its_field(app, client):
    ada = add_member(app, email="ada@example.nhs.uk")
    sign_in(client, ada.email)

    response = client.post_form("/profile/password",
                                {"current_password": PASSWORD, "new_password": "password1234"})

    assert response.status_code == 422
    assert Page(response).error_beside("new_password").startswith("This password is too common")


def test_an_unconfirmed_member_can_read_the_directory_but_not_connect(app, client):
    ada = add_member(app, email="ada@example.nhs.uk", confirmed=False)
    bob = add_member(app, name="Bob Okafor")
    sign_in(client, ada.email)

    assert client.get("/members").status_code == 200
    profile = Page(client.get(f"/members/{bob.id}"))
    assert "Confirm your email address to connect with colleagues." in profile.text
    assert not profile.all("button", type="submit")

    response = client.post_form(f"/members/{bob.id}/connect")

    assert response.status_code == 403
    assert "Confirm your email address before connecting with colleagues" in Page(response).text
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Connection)) == 0


def test_home_asks_an_unconfirmed_member_to_confirm(app, client):
    ada = add_member(app, email="ada@example.nhs.uk", confirmed=False)
    sign_in(client, ada.email)
    assert "Confirm your email address" in Page(client.get("/")).text


# Rate limits -----------------------------------------------------------------------------------

def _post(client, url: str, token: str, environ_base: dict | None = None, **data):
    return client.post(url, data={"csrf_token": token, **data}, environ_base=environ_base or {})


def test_sign_in_locks_an_address_after_five_failures(app, client):
    """The growing locks and the per-network limit: tests/members/test_throttle.py."""
    add_member(app, email="ada@example.nhs.uk")
    add_member(app, email="bob@example.nhs.uk")
    token = client.csrf_token()

    tries = [_post(client, "/login", token, email="ada@example.nhs.uk", password=f"guess-{n}").status_code
             for n in range(5)]
    sixth = _post(client, "/login", token, email="ADA@example.nhs.uk", password=PASSWORD)

    assert tries == [422] * 5
    assert sixth.status_code == 429
    assert Page(sixth).error_beside("email").startswith("Too many failed sign-ins for this address")
    assert client.get("/members").status_code == 302  # the right password did not get in
    other_address = _post(client, "/login", token, email="bob@example.nhs.uk", password=PASSWORD)
    assert other_address.status_code == 302


def test_one_network_may_ask_sixty_sign_ins_a_minute(app, client):
    token = client.csrf_token()
    statuses = [_post(client, "/login", token, email=f"person{n % 20}@example.nhs.uk",
                      password="guess").status_code for n in range(61)]
    assert statuses[:60] == [422] * 60 and statuses[60] == 429
    assert Page(_post(client, "/login", token, email="x@example.nhs.uk", password="guess")).h1 == "Too many tries"


def test_joining_allows_five_an_hour_per_ip(app, client, another_client, outbox):
    token = client.csrf_token()
    statuses = [_post(client, "/join", token, **{**JOIN_FIELDS, "email": f"person{n}@example.nhs.uk"})
                .status_code for n in range(6)]

    assert statuses == [200] * 5 + [429]
    assert Page(_post(client, "/join", token, **JOIN_FIELDS)).h1 == "Too many tries"
    assert member_count(app) == 5
    assert outbox.to("person5@example.nhs.uk") == []

    elsewhere = _post(another_client, "/join", another_client.csrf_token(), {"REMOTE_ADDR": "10.20.30.40"},
                      **{**JOIN_FIELDS, "email": "person6@example.nhs.uk"})
    assert elsewhere.status_code == 200
    assert member_count(app) == 6


def test_reset_requests_allow_five_an_hour_per_ip(app, client, outbox):
    add_member(app, email="ada@example.nhs.uk")
    token = client.csrf_token()

    statuses = [_post(client, "/reset", token, email=f"someone{n}@example.nhs.uk").status_code
                for n in range(5)]
    sixth = _post(client, "/reset", token, email="ada@example.nhs.uk")

    assert statuses == [200] * 5
    assert sixth.status_code == 429
    assert Page(sixth).h1 == "Too many tries"
    assert outbox.messages == []


def test_the_join_page_itself_is_not_limited(app, client):
    assert all(client.get("/join").status_code == 200 for _ in range(7))
    assert join(client).status_code == 200
