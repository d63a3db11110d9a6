"""The designer's pages and the member's answer form, through the real forms."""
from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.consultations.models import Answer, Consultation, Participants, Question, Response
from community.consultations.services import building
from community.extensions import db
from community.members.models import Member
from tests.consultations.helpers import make_consultation
from tests.support import add_member, in_app, signed_in


@pytest.fixture
def people(app):
    return {"designer": add_member(app, name="Dee Designer", roles=("designer",)),
            "nurse": add_member(app, name="Nia Nurse", discipline="nursing"),
            "doctor": add_member(app, name="Dan Doctor", discipline="medicine")}


def _consultation(app, people, **kwargs) -> tuple[int, dict[str, Question]]:
    with in_app(app):
        designer = db.session.get(Member, people["designer"].id)
        consultation = make_consultation(designer, **kwargs)
        return consultation.id, {q.kind: (q.id, [o.id for o in q.options]) for q in consultation.questions}


def _count(app, model) -> int:
    with in_app(app):
        return db.session.scalar(select(func.count()).select_from(model))


def _took_part(app) -> list[str]:
    with in_app(app):
        return [ids for ids in db.session.scalars(select(Participants.member_ids)) if ids]


def test_a_designer_creates_builds_previews_and_publishes(app, client, people):
    signed_in(client, people["designer"])
    day = building.today().isoformat()
    response = client.post_form("/consultations/new", {
        "title": "Designing the academy", "purpose": "Tell us", "opens_on": day, "closes_on": "not a date",
        "audience": "disciplines", "disciplines": ["nursing"], "principles": ["learning"], "anonymous": "y"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a real date" in page and 'value="Designing the academy"' in page and 'value="not a date"' in page
    assert _count(app, Consultation) == 0
    response = client.post_form("/consultations/new", {
        "title": "Designing the academy", "purpose": "Tell us", "opens_on": day, "closes_on": day,
        "audience": "disciplines", "disciplines": ["nursing"], "principles": ["learning"], "anonymous": "y"})
    assert response.status_code == 303
    build = response.headers["Location"]
    consultation_id = int(build.split("/")[2])
    url = f"/consultations/{consultation_id}"
    response = client.post_form(f"{url}/questions", {"kind": "single", "prompt": "Which?", "options": "Only"})
    assert response.status_code == 422 and "at least two options" in response.get_data(as_text=True)
    assert _count(app, Question) == 0
    response = client.post_form(f"{url}/questions", {"kind": "scale", "prompt": "How far?", "required": "y",
                                                     "low_label": "Not at all", "high_label": "Completely"})
    assert response.status_code == 303
    preview = client.get(f"{url}/preview").get_data(as_text=True)
    assert "How far?" in preview and "This consultation is anonymous" in preview and "type=\"button\" name=\"action\" value=\"submit\"" in preview
    assert client.post_form(f"{url}/publish").status_code == 303
    with in_app(app):
        assert db.session.get(Consultation, consultation_id).published_at is not None


def test_another_designer_may_read_results_but_not_change_it(app, client, people):
    consultation_id, _ = _consultation(app, people)
    other = add_member(app, name="Omar Other", roles=("designer",))
    signed_in(client, other)
    assert client.get(f"/consultations/{consultation_id}/build").status_code == 403
    assert client.post_form(f"/consultations/{consultation_id}/close").status_code == 403
    assert client.get(f"/consultations/{consultation_id}/results").status_code == 200


def test_a_member_saves_halfway_comes_back_and_submits(app, client, people):
    consultation_id, q = _consultation(app, people, anonymous=True)
    signed_in(client, people["nurse"])
    url = f"/consultations/{consultation_id}"
    page = client.get(url).get_data(as_text=True)
    assert page.index("This consultation is anonymous") < page.index("Which format suits you best?")
    assert "can still identify you" in page
    single_id, single_options = q["single"]
    scale_id, _ = q["scale"]
    response = client.post_form(url, {f"q{single_id}": str(single_options[1]), "action": "save"})
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert f'value="{single_options[1]}" checked' in page and "Your answers so far are saved" in page
    # Submitting without the required scale: the message is beside it, the other answer kept.
    response = client.post_form(url, {f"q{single_id}": str(single_options[2]), "action": "submit"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="q{scale_id}-error"' in page and f'value="{single_options[2]}" checked' in page
    response = client.post_form(url, {f"q{single_id}": str(single_options[2]), f"q{scale_id}": "4",
                                      "action": "submit"})
    assert response.status_code == 303
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Response).where(Response.submitted)) == 1
        assert db.session.scalar(select(Participants.member_ids)) == str(people["nurse"].id)
        assert db.session.scalar(select(Response.member_id)) is None


@pytest.mark.parametrize("fields, status, message", [
    ({"q999999": "1"}, 422, "not in this consultation"),
    ({"scale": "6"}, 422, "Choose a number from 1 to 5"),
    ({"single": "other"}, 422, "Choose from the options given"),
    ({"multiple": "twice"}, 422, "Choose each option only once"),
    ({"ranking": "incomplete"}, 422, "Rank every option, or leave them all blank"),
    ({"ranking": "repeated"}, 422, "Give each option a different rank"),
])
def test_bad_answers_are_refused_and_nothing_is_stored(app, client, people, fields, status, message):
    consultation_id, q = _consultation(app, people)
    signed_in(client, people["nurse"])
    single_id, single_options = q["single"]
    multiple_id, multiple_options = q["multiple"]
    ranking_id, ranking_options = q["ranking"]
    data = {f"q{single_id}": str(single_options[0]), f"q{q['scale'][0]}": "3", "action": "submit"}
    for key, value in fields.items():
        if key == "scale":
            data[f"q{q['scale'][0]}"] = value
        elif key == "single":
            _, other_q = _consultation(app, people, title="Another")
            data[f"q{single_id}"] = str(other_q["single"][1][0])
        elif key == "multiple":
            data[f"q{multiple_id}"] = [str(multiple_options[0]), str(multiple_options[0])]
        elif key == "ranking":
            ranks = ["1", "", ""] if value == "incomplete" else ["1", "1", "2"]
            data.update({f"q{ranking_id}-{o}": r for o, r in zip(ranking_options, ranks)})
        else:
            data[key] = value
    response = client.post_form(f"/consultations/{consultation_id}", data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert _count(app, Response) == 0 and _count(app, Answer) == 0 and _took_part(app) == []


def test_outside_the_audience_closed_and_second_responses_are_refused(app, client, people):
    consultation_id, q = _consultation(app, people, audience="disciplines", disciplines=["medicine"])
    signed_in(client, people["nurse"])
    url = f"/consultations/{consultation_id}"
    assert client.get(url).status_code == 403
    assert client.post_form(url, {"action": "save"}).status_code == 403
    anonymous_id, aq = _consultation(app, people, anonymous=True, title="Anonymous")
    answer = {f"q{aq['single'][0]}": str(aq["single"][1][0]), f"q{aq['scale'][0]}": "2", "action": "submit"}
    assert client.post_form(f"/consultations/{anonymous_id}", answer).status_code == 303
    # The same member in a browser that does not hold the answers: refused, not a second response.
    elsewhere = app.test_client()
    signed_in(elsewhere, people["nurse"])
    response = elsewhere.post_form(f"/consultations/{anonymous_id}", answer)
    assert response.status_code == 409 and "already answered" in response.get_data(as_text=True)
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Response).where(
            Response.consultation_id == anonymous_id)) == 1
        db.session.get(Consultation, anonymous_id).closed_at = building.utcnow()
        db.session.commit()
    response = client.post_form(f"/consultations/{anonymous_id}", answer)
    assert response.status_code == 409 and "has closed" in response.get_data(as_text=True)


def test_not_yet_open_is_refused(app, client, people):
    consultation_id, q = _consultation(app, people)
    with in_app(app):
        c = db.session.get(Consultation, consultation_id)
        c.opens_on, c.closes_on = building.today() + timedelta(days=2), building.today() + timedelta(days=9)
        db.session.commit()
    signed_in(client, people["nurse"])
    response = client.post_form(f"/consultations/{consultation_id}",
                                {f"q{q['scale'][0]}": "2", "action": "save"})
    assert response.status_code == 409 and "opens on" in response.get_data(as_text=True)


def test_home_page_shows_open_consultations(app, client, people):
    _consultation(app, people, title="Tell us what you think")
    signed_in(client, people["nurse"])
    assert "Tell us what you think" in client.get("/").get_data(as_text=True)


def test_control_characters_in_a_free_text_answer_are_refused(app, client, people):
    consultation_id, q = _consultation(app, people)
    signed_in(client, people["nurse"])
    response = client.post_form(f"/consultations/{consultation_id}", {
        f"q{q['single'][0]}": str(q["single"][1][0]), f"q{q['scale'][0]}": "3",
        f"q{q['text'][0]}": "before\x00after", "action": "submit"})
    assert response.status_code == 422 and "Remove the unusual characters" in response.get_data(as_text=True)
    assert _count(app, Response) == 0 and _took_part(app) == []
