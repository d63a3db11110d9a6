"""Settings an operator relies on (the production secret key, cookies, the development key),
/healthz, and the `flask` commands that make the first admin and load the demo data."""
from __future__ import annotations

import secrets
import stat

import pytest
from sqlalchemy import func, select

from community import create_app, demo
from community.extensions import db
from community.dates import utcnow
from community.members.models import Member, MemberRole
from tests.conftest import _TOKEN
from tests.factories import PASSWORD, make_member
from tests.support import Page, add_member, in_app, member_by_email, signed_in

STRONG = "lighthouse-kettle-orchard"


@pytest.fixture
def bare_env(monkeypatch):
    """No settings from the shell running the tests."""
    for name in ("COMMUNITY_ENV", "SECRET_KEY", "DATABASE_URL", "SESSION_COOKIE_SECURE", "BASE_URL",
                 "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    # Production needs the site's address too (tests/members/test_mail_links.py); set, so these
    # tests see the key decide.
    monkeypatch.setenv("BASE_URL", "https://community.example.nhs.uk")
    return monkeypatch


def build(tmp_path, **config):
    return create_app({"INSTANCE_PATH": str(tmp_path / "instance"),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'config.db'}", **config})


# The secret key ----------------------------------------------------------------------------

def test_production_refuses_to_start_without_a_secret_key(tmp_path, bare_env):
    bare_env.setenv("COMMUNITY_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        build(tmp_path)
    assert not (tmp_path / "instance" / "secret_key").exists()


@pytest.mark.parametrize("key", [
    "",
    "short",
    "x" * 31,
    "dev",
    "changeme",
    "x" * 64,                                    # long, but one character
    "changeme" * 4,                              # long, but a placeholder repeated
    "abc123" * 10,
    "please-change-this-secret-key-in-production",
    "your-secret-key-goes-here-0123456789",
])
def test_production_refuses_a_short_or_weak_secret_key(tmp_path, bare_env, key):
    bare_env.setenv("COMMUNITY_ENV", "production")
    bare_env.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        build(tmp_path)


@pytest.mark.parametrize("key", [secrets.token_urlsafe(48), secrets.token_hex(32), secrets.token_hex(16)])
def test_production_starts_with_a_random_key_and_secure_cookies(tmp_path, bare_env, key):
    bare_env.setenv("COMMUNITY_ENV", "production")
    bare_env.setenv("SECRET_KEY", key)

    app = build(tmp_path)

    assert app.config["SECRET_KEY"] == key
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_production_behind_a_plain_http_proxy_may_turn_secure_cookies_off(tmp_path, bare_env):
    bare_env.setenv("COMMUNITY_ENV", "production")
    bare_env.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    bare_env.setenv("SESSION_COOKIE_SECURE", "0")
    assert not build(tmp_path).config["SESSION_COOKIE_SECURE"]


def test_development_cookies_are_not_secure_unless_asked(tmp_path, bare_env):
    assert not build(tmp_path).config["SESSION_COOKIE_SECURE"]
    bare_env.setenv("SESSION_COOKIE_SECURE", "yes")
    assert build(tmp_path).config["SESSION_COOKIE_SECURE"]


def test_development_makes_a_secret_key_once_and_keeps_it(tmp_path, bare_env):
    first = build(tmp_path)
    path = tmp_path / "instance" / "secret_key"

    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir() if "secret" in p.name] == ["secret_key"]
    assert len(first.config["SECRET_KEY"]) >= 32
    assert build(tmp_path).config["SECRET_KEY"] == first.config["SECRET_KEY"]
    # Another instance folder (another checkout) gets its own.
    assert build(tmp_path / "other").config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_sessions_survive_a_development_restart(tmp_path, bare_env):
    """The point of keeping the key: signing in again after every restart would be a nuisance."""
    first = build(tmp_path)
    with first.app_context():
        db.create_all()
    client = first.test_client()
    with first.test_request_context():
        make_member(email="ada@example.nhs.uk")
    token = _TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"email": "ada@example.nhs.uk", "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    cookie = client.get_cookie("session")

    restarted = build(tmp_path).test_client()
    restarted.set_cookie("session", cookie.value)
    assert restarted.get("/members").status_code == 200


def test_an_explicit_key_wins_in_development(tmp_path, bare_env):
    bare_env.setenv("SECRET_KEY", "k" * 40)
    assert build(tmp_path).config["SECRET_KEY"] == "k" * 40
    assert not (tmp_path / "instance" / "secret_key").exists()


# /healthz ----------------------------------------------------------------------------------

def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize("url", ["sqlite:////nonexistent-directory/for/sure/community.db",
                                 "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"])
def test_healthz_answers_503_when_the_database_does_not(tmp_path, url):
    app = build(tmp_path, TESTING=True, SECRET_KEY="k" * 40, SQLALCHEMY_DATABASE_URI=url)
    client = app.test_client()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"
    assert "no-" in response.headers["Cache-Control"]
    # It keeps answering (the session was cleaned up), and says ok once the database is back.
    assert client.get("/healthz").status_code == 503


# flask members create-admin ----------------------------------------------------------------

def create_admin(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["members", "create-admin", *args], input=input)


def admins(app) -> list[str]:
    with in_app(app):
        return list(db.session.scalars(select(Member.email).join(MemberRole)
                                       .where(MemberRole.role == "admin").order_by(Member.email)))


def test_create_admin_on_a_suspended_account_says_it_reinstates_it(app, client):
    person = add_member(app, name="Sam Suspended")
    with in_app(app):
        db.session.get(Member, person.id).suspended_at = utcnow()
        db.session.commit()
    result = create_admin(app, person.email)
    assert result.exit_code == 0, result.output
    assert f"{person.email} was suspended and has been reinstated." in result.output
    assert not member_by_email(app, person.email).is_suspended
    assert "reinstated" not in create_admin(app, person.email).output


def test_create_admin_makes_a_confirmed_admin_who_can_sign_in(app, client):
    result = create_admin(app, " Boss@Example.ORG ", "--name", "Bea Boss", "--password", STRONG)

    assert result.exit_code == 0, result.output
    assert "boss@example.org is an admin." in result.output
    boss = member_by_email(app, "boss@example.org")
    assert boss.name == "Bea Boss"
    assert boss.is_confirmed and boss.is_approved and not boss.is_suspended
    assert boss.role_names == {"member", "admin"}
    signed_in(client, boss, STRONG)
    assert client.get("/admin").status_code == 200


def test_create_admin_prompts_for_what_it_was_not_given(app):
    result = create_admin(app, "boss@example.org", input=f"Bea Boss\n{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert admins(app) == ["boss@example.org"]


def test_create_admin_is_idempotent(app):
    for _ in range(2):
        result = create_admin(app, "boss@example.org", "--name", "Bea Boss", "--password", STRONG)
        assert result.exit_code == 0, result.output
    assert admins(app) == ["boss@example.org"]
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Member)) == 1


def test_create_admin_promotes_an_existing_member_and_keeps_their_password(app, client):
    ada = add_member(app, email="ada@example.nhs.uk", confirmed=False)

    result = create_admin(app, "ADA@example.nhs.uk", "--password", "ignored-for-existing-1")

    assert result.exit_code == 0, result.output
    assert admins(app) == ["ada@example.nhs.uk"]
    assert member_by_email(app, ada.email).is_confirmed
    signed_in(client, ada)  # the old password


@pytest.mark.parametrize("password, message", [
    ("password1234", "too common"),
    ("short", "10 characters or more"),
    ("boss@example.org", "must not be your email address"),
])
def test_create_admin_refuses_a_weak_password(app, password, message):
    result = create_admin(app, "boss@example.org", "--name", "Bea Boss", "--password", password)

    assert result.exit_code != 0
    assert message in result.output
    assert member_by_email(app, "boss@example.org") is None


@pytest.mark.parametrize("email", ["not-an-email", "boss@", "@example.org", "bo ss@example.org", ""])
def test_create_admin_refuses_an_address_that_is_not_one(app, email):
    result = create_admin(app, email, "--name", "Bea Boss", "--password", STRONG)

    assert result.exit_code != 0
    assert "email address" in result.output.lower()
    assert admins(app) == []


# flask demo seed ---------------------------------------------------------------------------

def test_demo_seed_if_empty_loads_a_community_once(app, client):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["demo", "seed", "--if-empty"])

    assert first.exit_code == 0, first.output
    assert demo.ADMIN_EMAIL in first.output and demo.PASSWORD in first.output
    with in_app(app):
        members = db.session.scalars(select(Member)).all()
        roles = {r for m in members for r in m.role_names}
        disciplines = {m.discipline for m in members}
        assert 35 <= len(members) <= 45
        assert roles == {"member", "facilitator", "designer", "moderator", "admin"}
        assert len(disciplines) >= 11
        assert all(m.is_confirmed and m.is_approved for m in members)
        count = len(members)

    second = runner.invoke(args=["demo", "seed", "--if-empty"])

    assert second.exit_code == 0, second.output
    assert "nothing loaded" in second.output
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Member)) == count
    # The printed sign-in works.
    response = client.post_form("/login", {"email": demo.ADMIN_EMAIL, "password": demo.PASSWORD})
    assert response.status_code == 302
    assert Page(client.get("/admin")).status == 200


@pytest.mark.parametrize("app_config", [{"SERVER_NAME": None, "BASE_URL": "http://demo.example:5000"}])
def test_demo_seed_works_as_make_run_calls_it_with_no_server_name(app, app_config, outbox):
    """`make run` has no SERVER_NAME, and demo comments mention people: building their links
    outside a request used to crash the seed. Any mail it writes links to BASE_URL."""
    result = app.test_cli_runner().invoke(args=["demo", "seed", "--if-empty"])
    assert result.exit_code == 0, result.output
    links = [link for message in outbox.messages for link in outbox.links(message)]
    assert all(link.startswith("http://demo.example:5000/") for link in links)


def test_demo_seed_without_if_empty_refuses_a_database_with_members(app):
    add_member(app)
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code != 0
    assert "already has members" in result.output
