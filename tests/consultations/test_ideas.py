"""The idea board and "you said, we did": support once each, designers respond, and everyone who
contributed hears when a linked decision changes, anonymous respondents included."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from community.consultations.models import Idea, IdeaSupport
from community.consultations.services import decisions, ideas
from community.errors import InvalidInput, NotAllowed
from community.extensions import db
from community.notifications.models import Notification
from community.threads.services import posting
from tests.consultations.helpers import answer, make_consultation
from tests.factories import make_member
from tests.support import add_member, in_app, signed_in


def _told(member) -> list[str]:
    return [n.subject for n in db.session.scalars(select(Notification).where(
        Notification.member_id == member.id, Notification.kind == "consultation").order_by(Notification.id))]


@pytest.fixture
def board(ctx):
    author = make_member(name="Ada Author")
    designer = make_member(name="Dee Designer", roles=("designer",))
    idea = ideas.post_idea(author, title="Protected learning time", body="Half a day a month, in job plans.")
    return author, designer, idea


def test_posting_an_idea_makes_its_discussion_thread(board):
    author, _, idea = board
    thread = ideas.thread_of(idea)
    assert thread.title == "Protected learning time" and thread.author_id == author.id
    assert ideas.opening_post(thread).body_source == "Half a day a month, in job plans."


def test_bad_ideas_store_nothing(ctx):
    with pytest.raises(InvalidInput) as refused:
        ideas.post_idea(make_member(), title=" ", body="")
    assert set(refused.value.errors) == {"title", "body"}
    assert db.session.scalar(select(Idea.id)) is None


def test_support_once_each_and_never_your_own(board):
    author, _, idea = board
    fan = make_member()
    ideas.support(fan, idea)
    assert idea.support_count == 1
    with pytest.raises(InvalidInput, match="already support"):
        ideas.support(fan, idea)
    with pytest.raises(NotAllowed):
        ideas.support(author, idea)
    ideas.withdraw_support(fan, idea)
    assert idea.support_count == 0 and db.session.scalar(select(IdeaSupport.member_id)) is None


def test_a_designer_responds_and_the_author_supporters_and_commenters_hear(board):
    author, designer, idea = board
    fan, talker = make_member(), make_member()
    ideas.support(fan, idea)
    posting.add_comment(talker, ideas.thread_of(idea), body="Yes, and protect it from rota gaps")
    with pytest.raises(InvalidInput) as refused:
        ideas.respond(designer, idea, status="maybe", response="")
    assert set(refused.value.errors) == {"status", "response"}
    with pytest.raises(NotAllowed):
        ideas.respond(author, idea, status="adopted", response="Mine")
    ideas.respond(designer, idea, status="considering", response="We are costing it.")
    for person in (author, fan, talker):
        assert _told(person) == ["Idea “Protected learning time”: Under consideration"]
    assert _told(designer) == []


def test_you_said_we_did_notifies_anonymous_respondents_without_listing_them(board):
    author, designer, idea = board
    consultation = make_consultation(designer, anonymous=True)
    respondents = [make_member(), make_member()]
    for person in respondents:
        answer(person, consultation)
    bystander = make_member()
    with pytest.raises(InvalidInput) as refused:
        decisions.create(designer, theme="Time", decision="", change="", status="planned",
                         consultation_ids=[], idea_ids=[])
    assert set(refused.value.errors) == {"decision"}
    decision = decisions.create(designer, theme="Time to learn", decision="Half a day a month", change="",
                                status="planned", consultation_ids=[consultation.id], idea_ids=[idea.id])
    for person in (*respondents, author):
        assert _told(person)[-1] == "You said, we did: “Time to learn” is planned"
    assert _told(bystander) == []
    decisions.set_status(designer, decision, "done")
    for person in (*respondents, author):
        assert _told(person)[-1] == "You said, we did: “Time to learn” is done"
    with pytest.raises(InvalidInput, match="already done"):
        decisions.set_status(designer, decision, "done")


def test_the_pages(app, client):
    with in_app(app):
        designer = make_member(name="Dee Designer", roles=("designer",))
        email = designer.email
    member = add_member(app, name="Mo Member")
    signed_in(client, member)
    response = client.post_form("/ideas", {"title": "", "body": "Words kept"})
    assert response.status_code == 422 and "Words kept" in response.get_data(as_text=True)
    response = client.post_form("/ideas", {"title": "Visit each other's services", "body": "Shadowing days"})
    assert response.status_code == 303
    idea_url = response.headers["Location"]
    page = client.get(idea_url).get_data(as_text=True)
    assert "Shadowing days" in page and "Support this idea" not in page   # not your own
    assert "Visit each other&#39;s services" in client.get("/ideas").get_data(as_text=True)
    designer_client = app.test_client()
    signed_in(designer_client, type("P", (), {"email": email})())
    assert designer_client.post_form(f"{idea_url}/support").status_code == 303
    response = designer_client.post_form(f"{idea_url}/respond", {"status": "adopted", "response": ""})
    assert response.status_code == 422
    assert designer_client.post_form(f"{idea_url}/respond", {"status": "adopted",
                                                             "response": "Starting in March"}).status_code == 303
    assert "Starting in March" in client.get(idea_url).get_data(as_text=True)
    assert client.post_form(f"{idea_url}/respond", {"status": "adopted", "response": "x"}).status_code == 403
    idea_id = int(idea_url.rsplit("/", 1)[1])
    response = designer_client.post_form("/you-said-we-did", {"theme": "Shadowing", "decision": "Funded",
                                                               "status": "planned", "ideas": str(idea_id)})
    assert response.status_code == 303
    assert "You said: Shadowing" in client.get("/you-said-we-did").get_data(as_text=True)
