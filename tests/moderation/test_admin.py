"""/admin: finding members, granting and removing roles, suspending and reinstating."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.members.models import Member, MemberRole
from community.threads.models import Thread
from tests.factories import PASSWORD, make_member, make_space, make_thread
from tests.support import Page, add_member, in_app, member_by_id, signed_in

GRANTABLE = ["facilitator", "designer", "moderator", "admin"]
SUSPENDED = "This account is suspended. Contact the academy team if you think this is a mistake"


@pytest.fixture
def admin(app):
    return add_member(app, name="Ada Admin", email="ada@example.nhs.uk", roles=("admin",))


@pytest.fixture
def as_admin(client, admin):
    return signed_in(client, admin)


@pytest.fixture
def bob(app):
    return add_member(app, name="Bob Okafor", email="bob@example.nhs.uk")


def roles_of(app, member_id: int) -> set[str]:
    return member_by_id(app, member_id).role_names


def save_roles(client, member_id: int, roles: list[str]):
    return client.post_form(f"/admin/members/{member_id}", {"roles": roles})


# Roles -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", GRANTABLE)
def test_an_admin_grants_and_removes_each_role(app, as_admin, bob, role):
    response = save_roles(as_admin, bob.id, [role])

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/members/{bob.id}"
    assert roles_of(app, bob.id) == {"member", role}
    page = Page(as_admin.get(f"/admin/members/{bob.id}"))
    assert "Roles for Bob Okafor saved." in page.text
    assert page.checked("roles") == {role}

    assert save_roles(as_admin, bob.id, []).status_code == 302
    assert roles_of(app, bob.id) == {"member"}
    assert Page(as_admin.get(f"/admin/members/{bob.id}")).checked("roles") == set()


def test_roles_are_replaced_by_what_is_ticked(app, as_admin):
    carol = add_member(app, roles=("moderator", "facilitator"))
    save_roles(as_admin, carol.id, ["facilitator", "designer", "member"])
    assert roles_of(app, carol.id) == {"member", "facilitator", "designer"}
    with in_app(app):
        rows = db.session.scalar(select(func.count()).select_from(MemberRole)
                                 .where(MemberRole.member_id == carol.id))
    assert rows == 2  # "member" is every account's, never stored


def test_a_granted_role_works_in_the_members_open_session(app, as_admin, another_client, bob):
    signed_in(another_client, bob)
    assert another_client.get("/moderation").status_code == 403

    save_roles(as_admin, bob.id, ["moderator"])
    assert another_client.get("/moderation").status_code == 200

    save_roles(as_admin, bob.id, [])
    assert another_client.get("/moderation").status_code == 403


@pytest.mark.parametrize("roles", [["superuser"], ["moderator", "root"], [""], ["Admin"]])
def test_an_unknown_role_is_refused_beside_the_field(app, as_admin, bob, roles):
    save_roles(as_admin, bob.id, ["facilitator"])

    response = save_roles(as_admin, bob.id, roles)

    page = Page(response)
    assert response.status_code == 422
    assert page.error_beside("roles") == "Choose from the roles shown"
    assert page.error_summary_links == {"#roles": "Choose from the roles shown"}
    assert page.checked("roles") == {r for r in roles if r in GRANTABLE}  # what was ticked
    assert roles_of(app, bob.id) == {"member", "facilitator"}


def test_an_admin_cannot_remove_their_own_admin_role(app, as_admin, admin):
    response = save_roles(as_admin, admin.id, ["moderator"])

    page = Page(response)
    assert response.status_code == 422
    assert page.error_beside("roles") == "You cannot remove your own admin role. Ask another admin"
    assert roles_of(app, admin.id) == {"member", "admin"}
    assert as_admin.get("/admin").status_code == 200

    # Adding to their own roles is fine.
    assert save_roles(as_admin, admin.id, ["admin", "moderator"]).status_code == 302
    assert roles_of(app, admin.id) == {"member", "admin", "moderator"}


def test_one_admin_may_remove_another(app, as_admin):
    other = add_member(app, roles=("admin",))
    assert save_roles(as_admin, other.id, []).status_code == 302
    assert roles_of(app, other.id) == {"member"}


# Suspending ------------------------------------------------------------------------------------

def test_suspending_signs_the_member_out_at_once_and_keeps_their_content(app, as_admin, another_client,
                                                                          bob):
    with in_app(app):
        make_space()
        thread_id = make_thread(db.session.get(Member, bob.id), title="Bob's question").id
    signed_in(another_client, bob)
    # A second device that only has the remember-me cookie left.
    remembered = app.test_client()
    remembered.post_form("/login", {"email": bob.email, "password": PASSWORD, "remember": "y"})
    remembered.delete_cookie("session", domain="localhost")
    assert remembered.get_cookie("session", domain="localhost") is None
    assert remembered.get("/members").status_code == 200
    assert another_client.get("/members").status_code == 200

    response = as_admin.post_form(f"/admin/members/{bob.id}/suspend")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/members/{bob.id}"
    page = Page(as_admin.get(f"/admin/members/{bob.id}"))
    assert "Bob Okafor suspended." in page.text
    assert "Suspended since" in page.text
    assert member_by_id(app, bob.id).is_suspended
    # Both of Bob's sessions stop working, the remembered one too.
    assert another_client.get("/members").headers["Location"] == "/login?next=%2Fmembers"
    assert remembered.get("/members").status_code == 302
    # He cannot sign in again, so cannot post.
    again = another_client.post_form("/login", {"email": bob.email, "password": PASSWORD})
    assert again.status_code == 422
    assert Page(again).error_beside("email") == SUSPENDED
    assert another_client.post_form("/threads/new", {"title": "Still here", "body": "x",
                                                     "space": "quality-improvement"}).status_code == 302
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Thread)) == 1
    # What he wrote stays for everyone else to read.
    shown = Page(as_admin.get(f"/threads/{thread_id}"))
    assert shown.status == 200
    assert "Bob's question" in shown.text and "Bob Okafor" in shown.text
    assert as_admin.get(f"/members/{bob.id}").status_code == 200


def test_reinstating_lets_the_member_back_in(app, as_admin, another_client, bob):
    as_admin.post_form(f"/admin/members/{bob.id}/suspend")

    response = as_admin.post_form(f"/admin/members/{bob.id}/reinstate")

    assert response.status_code == 302
    assert "Bob Okafor reinstated." in Page(as_admin.get(f"/admin/members/{bob.id}")).text
    assert not member_by_id(app, bob.id).is_suspended
    signed_in(another_client, bob)
    with in_app(app):
        make_space()
    created = another_client.post_form("/threads/new", {"title": "Back again", "body": "Hello",
                                                        "space": "quality-improvement"})
    assert created.status_code == 302


def test_suspending_twice_or_reinstating_an_active_member_says_so(app, as_admin, bob):
    as_admin.post_form(f"/admin/members/{bob.id}/suspend")
    suspended_at = member_by_id(app, bob.id).suspended_at

    assert as_admin.post_form(f"/admin/members/{bob.id}/suspend").status_code == 302
    assert Page(as_admin.get(f"/admin/members/{bob.id}")).error_summary == [
        "Bob Okafor is already suspended"]
    assert member_by_id(app, bob.id).suspended_at == suspended_at

    as_admin.post_form(f"/admin/members/{bob.id}/reinstate")
    as_admin.post_form(f"/admin/members/{bob.id}/reinstate")
    assert Page(as_admin.get(f"/admin/members/{bob.id}")).error_summary == [
        "Bob Okafor is not suspended"]


def test_an_admin_cannot_suspend_themselves(app, as_admin, admin):
    page = Page(as_admin.get(f"/admin/members/{admin.id}"))
    assert not [b for b in page.all("button") if "Suspend" in b.text]

    response = as_admin.post_form(f"/admin/members/{admin.id}/suspend")

    assert response.status_code == 403
    assert "You cannot suspend yourself" in Page(response).text
    assert not member_by_id(app, admin.id).is_suspended
    assert as_admin.get("/admin").status_code == 200


def test_unknown_members_and_actions_are_404(app, as_admin, bob):
    assert as_admin.get("/admin/members/999999").status_code == 404
    assert save_roles(as_admin, 999_999, ["moderator"]).status_code == 404
    assert as_admin.post_form("/admin/members/999999/suspend").status_code == 404
    assert as_admin.post_form(f"/admin/members/{bob.id}/delete").status_code == 404


# Who may use /admin ----------------------------------------------------------------------------

@pytest.mark.parametrize("roles", [(), ("facilitator",), ("designer",), ("moderator",),
                                   ("moderator", "facilitator", "designer")])
def test_non_admins_get_403_on_every_admin_page_and_post(app, client, bob, roles):
    someone = add_member(app, roles=roles)
    signed_in(client, someone)

    assert client.get("/admin").status_code == 403
    assert client.get("/admin?q=bob&page=2").status_code == 403
    assert client.get(f"/admin/members/{bob.id}").status_code == 403
    assert save_roles(client, bob.id, ["admin"]).status_code == 403
    assert save_roles(client, someone.id, ["admin"]).status_code == 403
    assert client.post_form(f"/admin/members/{bob.id}/suspend").status_code == 403
    assert client.post_form(f"/admin/members/{bob.id}/reinstate").status_code == 403
    assert not Page(client.get("/")).all("a", href="/admin")

    assert roles_of(app, bob.id) == {"member"}
    assert roles_of(app, someone.id) == {"member", *roles}
    assert not member_by_id(app, bob.id).is_suspended


def test_visitors_are_sent_to_sign_in(app, client, bob):
    assert client.get("/admin").headers["Location"] == "/login?next=%2Fadmin"
    assert save_roles(client, bob.id, ["admin"]).status_code == 302
    assert roles_of(app, bob.id) == {"member"}


def test_a_suspended_admin_is_signed_out_and_cannot_use_admin(app, as_admin, another_client):
    other = add_member(app, name="Other Admin", roles=("admin",))
    signed_in(another_client, other)
    as_admin.post_form(f"/admin/members/{other.id}/suspend")
    assert another_client.get("/admin").status_code == 302


# Finding members -------------------------------------------------------------------------------

def test_the_admin_list_searches_by_name_or_email(app, as_admin, bob):
    add_member(app, name="Carla Bobbins", email="carla@example.nhs.uk")
    add_member(app, name="Dev Patel", email="dev.bobo@trust.nhs.uk")
    add_member(app, name="Eve 100% Sure", email="eve@example.nhs.uk")

    def names(q: str) -> list[str]:
        page = Page(as_admin.get("/admin", query_string={"q": q}))
        assert page.status == 200
        return [a.text for a in page.all("a") if a.attrs.get("href", "").startswith("/admin/members/")]

    assert names("BOB") == ["Bob Okafor", "Carla Bobbins", "Dev Patel"]
    assert names("trust.nhs") == ["Dev Patel"]
    assert names("100%") == ["Eve 100% Sure"]
    assert names("_") == []
    assert names("nobody-at-all") == []
    assert "0 members" in Page(as_admin.get("/admin?q=nobody-at-all")).text


def test_the_admin_list_shows_roles_and_status(app, as_admin, bob):
    add_member(app, name="Una Waiting", approved=False)
    add_member(app, name="Mo Moderator", roles=("moderator", "facilitator"))
    as_admin.post_form(f"/admin/members/{bob.id}/suspend")

    page = Page(as_admin.get("/admin"))
    table = {tr.text for tr in page.all("tr")}
    assert any("Bob Okafor" in t and "Suspended" in t for t in table)
    assert any("Una Waiting" in t and "Waiting for approval" in t for t in table)
    assert any("Mo Moderator" in t and "facilitator, moderator" in t for t in table)
    assert any("Ada Admin" in t and "admin" in t and "Active" in t for t in table)


def test_the_admin_list_is_paginated(app, as_admin):
    with in_app(app):
        for n in range(54):
            make_member(name=f"Person {n:02d} Paged")

    first = Page(as_admin.get("/admin"))
    second = Page(as_admin.get("/admin?page=2"))
    beyond = Page(as_admin.get("/admin?page=9"))

    def listed(page):
        return [a.text for a in page.all("a") if a.attrs.get("href", "").startswith("/admin/members/")]

    assert "55 members" in first.text
    assert len(listed(first)) == 50 and len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))
    assert first.all("a", rel="next") and not second.all("a", rel="next")
    assert second.all("a", rel="prev")
    assert listed(beyond) == []
    assert as_admin.get("/admin?page=not-a-number").status_code == 200


def test_the_admin_list_takes_the_same_statements_for_few_and_many(app, as_admin, statements):
    def count() -> int:
        with statements() as counter:
            assert as_admin.get("/admin").status_code == 200
        return counter.count

    few = count()
    with in_app(app):
        for n in range(12):
            make_member(name=f"Extra {n:02d} Person", roles=("facilitator",))
    assert count() == few
