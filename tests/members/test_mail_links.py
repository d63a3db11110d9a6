"""Links in mail come from BASE_URL, whatever Host the request that caused the mail named.

A reset asked for with `Host: evil.example` used to mail the real owner a link to
http://evil.example/reset/<token>, with a token that worked on the real site.
"""
from __future__ import annotations

import secrets

import pytest

from community import create_app
from tests.conftest import _TOKEN
from tests.factories import PASSWORD, make_space, make_thread
from tests.support import JOIN_FIELDS, add_member, in_app

SITE = "https://community.example.nhs.uk"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def app_config():
    # No SERVER_NAME: the app answers whatever host a request names, as behind a lax proxy.
    return {"SERVER_NAME": None, "BASE_URL": SITE, "RATELIMIT_ENABLED": False}


def _links(outbox, address: str) -> list[str]:
    links = [link for message in outbox.to(address) for link in outbox.links(message)]
    assert links, f"nothing mailed to {address}"
    return links


def _post_as_evil(client, url: str, data: dict):
    """A browser at evil.example (its own cookies and token) posting to the site's app."""
    page = client.get("/reset", headers=EVIL, base_url="http://evil.example")
    token = _TOKEN.search(page.get_data(as_text=True)).group(1)
    return client.post(url, data={"csrf_token": token, **data}, headers=EVIL,
                       base_url="http://evil.example")


def test_a_reset_asked_for_through_another_host_links_to_the_site(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")

    response = _post_as_evil(client, "/reset", {"email": ada.email})

    assert response.status_code == 200
    links = _links(outbox, ada.email)
    assert [link for link in links if link.startswith(f"{SITE}/reset/")], links
    assert all(link.startswith(f"{SITE}/") for link in links)
    # The link works on the site it names.
    path = outbox.last_link(ada.email, "/reset/")
    assert client.get(path).status_code == 200


def test_joining_through_another_host_mails_a_confirmation_link_to_the_site(app, client, outbox):
    response = _post_as_evil(client, "/join", JOIN_FIELDS)

    assert response.status_code == 200
    links = _links(outbox, JOIN_FIELDS["email"])
    assert [link for link in links if link.startswith(f"{SITE}/confirm/")], links
    assert all(link.startswith(f"{SITE}/") for link in links)


def test_joining_again_with_a_taken_address_mails_links_to_the_site(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    _post_as_evil(client, "/join", {**JOIN_FIELDS, "email": ada.email})
    links = _links(outbox, ada.email)
    assert f"{SITE}/login" in links and f"{SITE}/reset" in links
    assert all(link.startswith(f"{SITE}/") for link in links)


def test_a_mention_posted_through_another_host_links_to_the_site(app, client, outbox):
    with in_app(app):
        make_space()
    writer = add_member(app, name="Wren Writer")
    mentioned = add_member(app, name="Mo Mentioned", email="mo@example.nhs.uk")
    with in_app(app):
        from community.members.models import Member
        from community.extensions import db
        thread_id = make_thread(db.session.get(Member, writer.id)).id
    client.post(
        "/login", base_url="http://evil.example", headers=EVIL,
        data={"email": writer.email, "password": PASSWORD,
              "csrf_token": _TOKEN.search(client.get("/login", headers=EVIL, base_url="http://evil.example")
                                          .get_data(as_text=True)).group(1)})

    response = _post_as_evil(client, f"/threads/{thread_id}/comments",
                             {"body": f"What do you think, @[Mo Mentioned]({mentioned.id})?"})

    assert response.status_code == 302
    links = _links(outbox, mentioned.email)
    assert any(link.startswith(f"{SITE}/threads/{thread_id}") for link in links), links
    assert all(link.startswith(f"{SITE}/") for link in links)


# Production: BASE_URL required, other hosts refused ------------------------------------------

@pytest.fixture
def production_env(monkeypatch):
    for name in ("BASE_URL", "TRUSTED_HOSTS", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMMUNITY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    return monkeypatch


def _build(tmp_path, **config):
    return create_app({"INSTANCE_PATH": str(tmp_path / "instance"),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}",
                       "MAIL_SENDER_THREAD": False, **config})


@pytest.mark.parametrize("value", [None, "", "community.example.nhs.uk", "ftp://community.example.nhs.uk",
                                   "https://", "https://community.example.nhs.uk/?next=x"])
def test_production_refuses_to_start_without_a_usable_base_url(tmp_path, production_env, value):
    if value is not None:
        production_env.setenv("BASE_URL", value)
    with pytest.raises(RuntimeError, match="BASE_URL"):
        _build(tmp_path)


def test_development_links_to_the_local_server_by_default(tmp_path, monkeypatch):
    for name in ("BASE_URL", "COMMUNITY_ENV", "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    app = _build(tmp_path)
    assert app.config["BASE_URL"] == "http://127.0.0.1:5000"
    assert app.config["TRUSTED_HOSTS"] is None


def test_production_answers_only_its_own_hosts(tmp_path, production_env):
    production_env.setenv("BASE_URL", "https://community.example.nhs.uk")
    production_env.setenv("TRUSTED_HOSTS", "community-internal.example.nhs.uk, .staff.example.nhs.uk")
    app = _build(tmp_path)
    client = app.test_client()

    def status(host: str) -> int:
        return client.get("/healthz", headers={"Host": host}, base_url=f"https://{host}").status_code

    assert status("community.example.nhs.uk") == 200
    assert status("community.example.nhs.uk:443") == 200
    assert status("community-internal.example.nhs.uk") == 200
    assert status("ward.staff.example.nhs.uk") == 200
    assert status("evil.example") == 400
    assert status("community.example.nhs.uk.evil.example") == 400
    reset = client.post("/reset", headers={"Host": "evil.example"}, base_url="https://evil.example",
                        data={"email": "ada@example.nhs.uk"})
    assert reset.status_code == 400
