"""A designer builds, previews and publishes a consultation; its audience hears about it."""
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import func, select

from community.consultations.models import Consultation, Question
from community.consultations.services import building
from community.errors import InvalidInput, NotAllowed
from community.extensions import db
from community.notifications.models import Notification
from community.notifications.services import describe, open_notification, page
from tests.consultations.helpers import answer, make_consultation
from tests.factories import make_member


@pytest.fixture
def designer(ctx):
    return make_member(name="Dee Designer", roles=("designer",))


def test_a_member_cannot_create_and_another_designer_cannot_edit(designer):
    member = make_member()
    with pytest.raises(NotAllowed):
        make_consultation(member)
    consultation = make_consultation(designer, publish=False)
    other = make_member(roles=("designer",))
    with pytest.raises(NotAllowed):
        building.add_question(other, consultation, kind="text", prompt="Mine?")
    with pytest.raises(NotAllowed):
        building.publish(other, consultation)


@pytest.mark.parametrize("changes, field", [
    ({"title": "  "}, "title"),
    ({"opens_on": None}, "opens_on"),
    ({"closes_on": "before"}, "closes_on"),
    ({"audience": "disciplines", "disciplines": []}, "disciplines"),
    ({"audience": "disciplines", "disciplines": ["astrology"]}, "disciplines"),
    ({"audience": "set"}, "audience"),
    ({"principles": ["made-up"]}, "principles"),
])
def test_bad_details_are_refused_by_field_and_nothing_is_stored(designer, changes, field):
    day = building.today()
    values = dict(title="Ask", purpose="", opens_on=day, closes_on=day, audience="all", disciplines=[],
                  principles=[], anonymous=False)
    values.update(changes)
    if values["closes_on"] == "before":
        values["closes_on"] = day - timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        building.create(designer, **values)
    assert field in refused.value.errors
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0


@pytest.mark.parametrize("kind, options, low, high, field", [
    ("single", ["Only one"], "", "", "options"),
    ("ranking", ["Same", "same"], "", "", "options"),
    ("scale", [], "", "Very", "low_label"),
    ("riddle", [], "", "", "kind"),
])
def test_bad_questions_are_refused(designer, kind, options, low, high, field):
    consultation = make_consultation(designer, publish=False, questions=False)
    with pytest.raises(InvalidInput) as refused:
        building.add_question(designer, consultation, kind=kind, prompt="Q?", options=options,
                              low_label=low, high_label=high)
    assert field in refused.value.errors
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_reorder_and_delete_keep_positions_in_order(designer):
    consultation = make_consultation(designer, publish=False)
    first, second = consultation.questions[:2]
    building.move_question(designer, second, "up")
    db.session.expire(consultation, ["questions"])
    assert [q.id for q in consultation.questions][:2] == [second.id, first.id]
    building.delete_question(designer, second)
    assert [q.position for q in consultation.questions] == [1, 2, 3, 4]


def test_publishing_notifies_the_audience_in_the_app_and_by_email(designer, outbox):
    nurse, doctor = make_member(discipline="nursing"), make_member(discipline="medicine")
    consultation = make_consultation(designer, audience="disciplines", disciplines=["nursing"])
    notes = db.session.scalars(select(Notification).where(Notification.kind == "consultation")).all()
    assert [n.member_id for n in notes] == [nurse.id]
    assert describe(notes[0]) == f"Have your say: “{consultation.title}”"
    assert page(nurse).items[0].id == notes[0].id
    assert open_notification(nurse, notes[0].id) == f"/consultations/{consultation.id}"
    assert [m["To"] for m in outbox.messages if "Have your say" in str(make_header(decode_header(m["Subject"])))] == [nurse.email]
    assert not outbox.to(doctor.email)


def test_publish_needs_questions_and_a_future_closing_date(designer):
    consultation = make_consultation(designer, publish=False, questions=False)
    with pytest.raises(InvalidInput, match="at least one question"):
        building.publish(designer, consultation)


def test_questions_cannot_change_once_someone_answered_but_a_copy_can(designer):
    consultation = make_consultation(designer)
    answer(make_member(), consultation)
    with pytest.raises(InvalidInput, match="cannot change"):
        building.add_question(designer, consultation, kind="text", prompt="Late?")
    with pytest.raises(InvalidInput, match="cannot change"):
        building.delete_question(designer, consultation.questions[0])
    twin = building.copy(designer, consultation)
    assert [q.prompt for q in twin.questions] == [q.prompt for q in consultation.questions]
    assert twin.published_at is None
    building.add_question(designer, twin, kind="text", prompt="Late?")


def test_admins_add_principles_to_the_six(ctx):
    admin = make_member(roles=("admin",))
    building.add_principle(admin, "Co-production with people who use services")
    labels = [label for _, label in building.principle_choices()]
    assert labels[:6] == ["A clear and motivational strategy", "Focused on impact",
                          "Structures to enable, not direct", "A culture of learning", "Diversity in all we do",
                          "Leadership support"]
    assert labels[6] == "Co-production with people who use services"
    with pytest.raises(InvalidInput):
        building.add_principle(admin, "focused on IMPACT")
    with pytest.raises(NotAllowed):
        building.add_principle(make_member(roles=("designer",)), "Another")
