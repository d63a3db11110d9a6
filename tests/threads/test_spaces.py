"""Admins manage discussion spaces at /admin/spaces; everyone else is refused."""
import pytest

from tests.factories import make_space
from tests.support import Page, add_member, in_app, signed_in


@pytest.fixture
def admin(app):
    return add_member(app, name="Ada Admin", roles=("admin",))


def spaces_in_order(client) -> list[str]:
    page = Page(client.get("/admin/spaces"))
    assert page.status == 200
    return [a.text for row in page.all("tr", cls="nhsuk-table__row")[1:] for a in row.iter()
            if a.tag == "a" and a.attrs["href"].startswith("/spaces/")]


def test_an_admin_adds_spaces_which_members_then_see(app, client, another_client, admin):
    signed_in(client, admin)
    for name, description in (("Workforce", "Recruiting and keeping people."),
                              ("Leading across the system", "")):
        response = client.post_form("/admin/spaces", {"name": name, "description": description})
        assert response.status_code == 302
    assert spaces_in_order(client) == ["Workforce", "Leading across the system"]
    member = add_member(app, name="Mo Member")
    listing = Page(signed_in(another_client, member).get("/threads"))
    assert "Workforce" in listing.text and "Leading across the system" in listing.text
    assert Page(another_client.get("/spaces/leading-across-the-system")).status == 200
    form = Page(another_client.get("/threads/new"))
    assert {o.text for o in form.one("select", name="space").iter() if o.tag == "option"} >= {
        "Workforce", "Leading across the system"}


@pytest.mark.parametrize("name, description, field, message", [
    ("", "", "name", "Enter a name for the space"),
    ("   ", "", "name", "Enter a name for the space"),
    ("x" * 121, "", "name", "Name must be 120 characters or fewer"),
    ("!!!", "", "name", "Use some letters or numbers in the name"),
    ("QUALITY improvement", "", "name", "There is already a space with that name"),
    ("Fine name", "d" * 501, "description", "Description must be 500 characters or fewer"),
    ("Bad\x00name", "", "name", "Remove the unusual characters from this field"),
])
def test_bad_space_details_are_refused_beside_the_field(app, client, admin, name, description, field,
                                                        message):
    with in_app(app):
        make_space()
    signed_in(client, admin)
    page = Page(client.post_form("/admin/spaces", {"name": name, "description": description}))
    assert page.status == 422
    assert page.error_beside(field) == message
    assert page.value("name") == name
    assert spaces_in_order(client) == ["Quality improvement"]


def test_names_that_make_the_same_address_get_their_own(app, client, admin):
    signed_in(client, admin)
    client.post_form("/admin/spaces", {"name": "Frailty & falls", "description": ""})
    client.post_form("/admin/spaces", {"name": "Frailty falls", "description": ""})
    page = Page(client.get("/admin/spaces"))
    links = {a.text: a.attrs["href"] for a in page.all("a") if a.attrs.get("href", "").startswith("/spaces/")}
    assert links == {"Frailty & falls": "/spaces/frailty-falls", "Frailty falls": "/spaces/frailty-falls-2"}


def test_renaming_keeps_the_address_and_reordering_moves_one_place(app, client, admin):
    with in_app(app):
        for slug, name in (("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie")):
            make_space(slug, name)
    signed_in(client, admin)
    response = client.post_form("/admin/spaces/b/edit", {"name": "Bravo renamed", "description": "New"})
    assert response.status_code == 302
    assert Page(client.get("/spaces/b")).status == 200
    assert client.post_form("/admin/spaces/c/move", {"direction": "up"}).status_code == 302
    assert spaces_in_order(client) == ["Alpha", "Charlie", "Bravo renamed"]
    client.post_form("/admin/spaces/a/move", {"direction": "up"})  # already first: stays
    client.post_form("/admin/spaces/a/move", {"direction": "down"})
    assert spaces_in_order(client) == ["Charlie", "Alpha", "Bravo renamed"]
    page = Page(client.post_form("/admin/spaces/b/edit", {"name": "Alpha", "description": ""}))
    assert page.status == 422 and page.error_beside("name") == "There is already a space with that name"


def test_members_and_moderators_cannot_manage_spaces(app, client):
    with in_app(app):
        make_space()
    moderator = add_member(app, roles=("moderator",))
    signed_in(client, moderator)
    assert client.get("/admin/spaces").status_code == 403
    assert client.post_form("/admin/spaces", {"name": "Sneaky", "description": ""}).status_code == 403
    assert client.post_form("/admin/spaces/quality-improvement/move", {"direction": "down"}).status_code == 403
    assert client.get("/admin/spaces/quality-improvement/edit").status_code == 403


def test_an_unknown_space_is_not_found(app, client, admin):
    signed_in(client, admin)
    assert client.get("/admin/spaces/nope/edit").status_code == 404
    assert client.post_form("/admin/spaces/nope/move", {"direction": "up"}).status_code == 404
