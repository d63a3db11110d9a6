"""Defects the hostile-input suite found, each pinned by a test that failed before its fix."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.members.models import Member, Organisation
from tests.support import add_member, in_app, join, signed_in

# A capital the database lower-cases differently from Python: SQLite's lower() folds ASCII only
# ("École" stays "École"), PostgreSQL's knows no final sigma ("ΟΔΟΣ" -> "οδοσ", Python "οδος").
NAMES = ["École de santé publique", "ΟΔΟΣ Υγείας", "Ärztekammer Nord"]


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


@pytest.mark.parametrize("organisation", NAMES)
def test_saving_a_profile_again_keeps_an_organisation_with_non_ascii_capitals(app, client, organisation):
    person = add_member(app, name="Wren Writer")
    signed_in(client, person)
    form = {"name": person.name, "discipline": "nursing", "organisation": organisation}
    assert client.post_form("/profile", form).status_code == 302
    assert client.post_form("/profile", form).status_code == 302  # was a 500
    with in_app(app):
        assert db.session.scalars(select(Organisation.name)).all().count(organisation) == 1


@pytest.mark.parametrize("organisation", NAMES)
def test_joining_an_organisation_someone_named_already_makes_the_account(app, client, another_client,
                                                                          organisation):
    join(client, organisation=organisation)
    answer = join(another_client, organisation=organisation, email="second.joiner@example.nhs.uk",
                  name="Second Joiner")
    assert answer.status_code == 200
    with in_app(app):
        # Was silently dropped: the clash on the organisation was taken for a taken address.
        second = db.session.scalar(select(Member).where(Member.email == "second.joiner@example.nhs.uk"))
        assert second is not None and second.organisation.name == organisation
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_a_second_space_of_the_same_non_ascii_name_is_refused(app, client):
    admin = add_member(app, name="Ada Admin", roles=("admin",))
    signed_in(client, admin)
    assert client.post_form("/admin/spaces", {"name": "Équipes", "description": ""}).status_code == 302
    again = client.post_form("/admin/spaces", {"name": "Équipes", "description": ""})
    assert again.status_code == 422  # SQLite took it: Python and SQLite lower-case É differently
    assert "There is already a space with that name" in again.get_data(as_text=True)
