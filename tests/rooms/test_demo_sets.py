"""`flask demo seed` brings action learning sets a person can try at once."""
from __future__ import annotations

from sqlalchemy import select

from community import demo
from community.extensions import db
from community.members.models import Member
from community.rooms.models import ActionCommitment, LearningSet, Meeting
from tests.conftest import sign_in
from tests.support import in_app


def test_the_demo_has_sets_with_meetings_that_their_members_see(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    with in_app(app):
        learning_sets = db.session.scalars(select(LearningSet).order_by(LearningSet.id)).all()
        assert [s.name for s in learning_sets] == [name for _, name, *_ in demo.learning_sets.SETS]
        assert len(db.session.scalars(select(Meeting)).all()) == 6 + 3 + 2
        action = db.session.scalars(select(ActionCommitment)).first()
        presenter = db.session.get(Member, action.member_id)
        email, first_set = presenter.email, learning_sets[0].id
    sign_in(client, email, demo.PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert "Frailty pathway leaders" in home and "Set meeting" in home
    page = client.get(f"/sets/{first_set}").get_data(as_text=True)
    assert "shared discharge checklist" in page and "Getting started" in page
