"""Set and meeting pages through the real forms: success, bad input, CSRF, confidentiality and
calendars (parsed back with icalendar)."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
import pytest
from sqlalchemy import func, select

from community.dates import LONDON, utcnow
from community.extensions import db
from community.rooms.models import LearningSet, Meeting, SetMembership
from community.rooms.services import meetings
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_member
from tests.rooms.support import make_meeting, make_set

SET_FORM = {"name": "Discharge leaders", "purpose": "Getting people *home*", "size_limit": "6",
            "ground_rules": "What is said here stays here.", "video_link": "https://meet.example.org/abc"}


def _future(days: int = 10) -> str:
    return (utcnow().astimezone(LONDON) + timedelta(days=days)).date().isoformat()


def _meeting_form(**changes) -> dict:
    from community.rooms.forms import DEFAULT_TIMINGS
    form = {"title": "First meeting", "agenda": "Bring a *real* problem", "start_date": _future(),
            "start_time": "10:00", "duration": "180", "repeat": "once", "every_weeks": "4", "occurrences": "6",
            **{f"minutes_{phase}": str(minutes) for phase, minutes in DEFAULT_TIMINGS.items()}}
    return {**form, **changes}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def facilitator(ctx):
    return make_member(name="Fay Facilitator", roles=("facilitator",))


def test_a_facilitator_creates_a_set_through_the_form(ctx, client, facilitator):
    sign_in(client, facilitator.email, PASSWORD)
    page = client.get("/sets/new").get_data(as_text=True)
    assert "Confidentiality." in page          # the default ground rules are offered
    response = client.post_form("/sets/new", SET_FORM)
    assert response.status_code == 303
    made = db.session.scalar(select(LearningSet))
    assert response.headers["Location"].endswith(f"/sets/{made.id}/invite")
    page = client.get(f"/sets/{made.id}").get_data(as_text=True)
    assert "Discharge leaders" in page and "<em>home</em>" in page and "https://meet.example.org/abc" in page


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Enter a name for the set"),
    ({"size_limit": "12"}, "size_limit", "from 4 to 8"),
    ({"size_limit": "lots"}, "size_limit", "whole number"),
    ({"video_link": "http://meet.example.org/x"}, "video_link", "https://"),
    ({"ground_rules": "  "}, "ground_rules", "Enter the ground rules"),
])
def test_bad_set_input_is_shown_beside_the_field_and_kept(ctx, client, facilitator, changes, field, message):
    sign_in(client, facilitator.email, PASSWORD)
    response = client.post_form("/sets/new", {**SET_FORM, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert "Getting people *home*" in page      # what was typed is still there
    for value in changes.values():
        assert value.strip() == "" or value in page
    assert _count(LearningSet) == 0


def test_a_set_form_without_csrf_is_refused(ctx, client, facilitator):
    sign_in(client, facilitator.email, PASSWORD)
    assert client.post("/sets/new", data=SET_FORM).status_code == 400
    assert _count(LearningSet) == 0


def test_members_cannot_create_sets(ctx, client):
    member = make_member()
    sign_in(client, member.email, PASSWORD)
    assert client.get("/sets/new").status_code == 403
    assert client.post_form("/sets/new", SET_FORM).status_code == 403


def test_invite_accept_and_see_the_set(ctx, client, another_client, facilitator, outbox):
    learning_set, _ = make_set(facilitator)
    ann = make_member(name="Ann Invitee")
    sign_in(client, facilitator.email, PASSWORD)
    page = client.get(f"/sets/{learning_set.id}/invite?q=ann").get_data(as_text=True)
    assert "Ann Invitee" in page
    assert client.post_form(f"/sets/{learning_set.id}/invite", {"member": ann.id}).status_code == 303
    again = client.post_form(f"/sets/{learning_set.id}/invite", {"member": ann.id})
    assert again.status_code == 422 and "already invited" in again.get_data(as_text=True)
    assert client.post_form(f"/sets/{learning_set.id}/invite", {"member": "x"}).status_code == 422

    sign_in(another_client, ann.email, PASSWORD)
    notes = another_client.get("/notifications").get_data(as_text=True)
    assert "invited you to join an action learning set" in notes and learning_set.name not in notes
    invitation = another_client.get(f"/sets/{learning_set.id}").get_data(as_text=True)
    assert "Join the set" in invitation and "Ground rules" in invitation
    refused = another_client.post_form(f"/sets/{learning_set.id}/accept", {})
    assert refused.status_code == 422 and "Agree to the ground rules" in refused.get_data(as_text=True)
    assert another_client.post_form(f"/sets/{learning_set.id}/accept", {"ground_rules": "y"}).status_code == 303
    page = another_client.get(f"/sets/{learning_set.id}").get_data(as_text=True)
    assert "Your open actions" in page and "Ann Invitee" in page
    assert db.session.get(SetMembership, (learning_set.id, ann.id)).status == "active"


def test_declining_hides_the_set_again(ctx, client, facilitator):
    learning_set, _ = make_set(facilitator)
    ann = make_member()
    from community.rooms.services import sets
    sets.invite(facilitator, sets.access(facilitator, learning_set.id), ann.id)
    sign_in(client, ann.email, PASSWORD)
    assert client.post_form(f"/sets/{learning_set.id}/decline", {}).status_code == 303
    assert client.get(f"/sets/{learning_set.id}").status_code == 404


def test_sets_and_meetings_are_404_to_outsiders_and_other_facilitators(ctx, client):
    ann = make_member()
    learning_set, facilitator = make_set(members=[ann], name="Hidden set")
    [meeting] = make_meeting(facilitator, learning_set)
    others = [make_member(), make_member(roles=("facilitator",)), make_member(roles=("admin",)),
              make_member(roles=("moderator",))]
    make_set(others[1], name="Their own set")
    for outsider in others:
        client.post_form("/logout")
        sign_in(client, outsider.email, PASSWORD)
        for url in (f"/sets/{learning_set.id}", f"/sets/{learning_set.id}/edit", f"/sets/{learning_set.id}/invite",
                    f"/sets/{learning_set.id}/meetings/new", f"/meetings/{meeting.id}",
                    f"/meetings/{meeting.id}/edit", f"/meetings/{meeting.id}/calendar.ics"):
            assert client.get(url).status_code == 404, (outsider.name, url)
        assert client.post_form(f"/sets/{learning_set.id}/accept", {"ground_rules": "y"}).status_code == 404
        assert "Hidden set" not in client.get("/sets").get_data(as_text=True)
        assert "Hidden set" not in client.get("/").get_data(as_text=True)
    # A member sees it, but may not manage it.
    client.post_form("/logout")
    sign_in(client, ann.email, PASSWORD)
    assert client.get(f"/sets/{learning_set.id}").status_code == 200
    assert client.get(f"/sets/{learning_set.id}/edit").status_code == 403


def test_scheduling_a_series_through_the_form(ctx, client, facilitator):
    learning_set, _ = make_set(facilitator)
    sign_in(client, facilitator.email, PASSWORD)
    response = client.post_form(f"/sets/{learning_set.id}/meetings/new", _meeting_form(
        repeat="series", every_weeks="4", occurrences="3", minutes_presenting="12"))
    assert response.status_code == 303
    made = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    assert len(made) == 3 and all(m.timings["presenting"] == 12 for m in made)
    assert all(m.starts_at.astimezone(LONDON).strftime("%H:%M") == "10:00" for m in made)
    page = client.get(f"/meetings/{made[1].id}").get_data(as_text=True)
    assert "meeting 2 of 3" in page and "<em>real</em>" in page and "12 min" in page


@pytest.mark.parametrize("changes, field", [
    ({"title": ""}, "title"), ({"start_date": "not a date"}, "start_date"), ({"start_time": "25:99"}, "start_time"),
    ({"start_date": "2001-01-01"}, "start_date"), ({"duration": "5"}, "duration"),
    ({"repeat": "series", "occurrences": "40"}, "occurrences"), ({"minutes_presenting": "999"}, "minutes_presenting"),
    ({"minutes_offers": "x"}, "minutes_offers"),
])
def test_bad_meeting_input_is_refused_beside_the_field(ctx, client, facilitator, changes, field):
    learning_set, _ = make_set(facilitator)
    sign_in(client, facilitator.email, PASSWORD)
    response = client.post_form(f"/sets/{learning_set.id}/meetings/new", _meeting_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page
    assert f'id="{field}-error"' in page
    for value in changes.values():
        assert value in page                     # what was typed comes back
    assert _count(Meeting) == 0


def test_editing_a_meeting(ctx, client, facilitator):
    learning_set, _ = make_set(facilitator)
    [meeting] = make_meeting(facilitator, learning_set)
    sign_in(client, facilitator.email, PASSWORD)
    form = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="Set meeting"' in form and 'value="10:00"' in form
    changes = _meeting_form(title="Moved", start_time="14:30")
    for key in ("repeat", "every_weeks", "occurrences"):
        changes.pop(key)
    assert client.post_form(f"/meetings/{meeting.id}/edit", changes).status_code == 303
    assert meeting.title == "Moved" and meeting.starts_at.astimezone(LONDON).strftime("%H:%M") == "14:30"
    assert meeting.revision == 1


def test_a_meeting_downloads_as_ics_in_london_time(ctx, client, facilitator):
    learning_set, _ = make_set(facilitator)
    [meeting] = make_meeting(facilitator, learning_set, title="Our meeting")
    sign_in(client, facilitator.email, PASSWORD)
    response = client.get(f"/meetings/{meeting.id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert start == meeting.starts_at and start.astimezone(LONDON).strftime("%H:%M") == "10:00"
    assert event.decoded("DTEND") - start == timedelta(minutes=180)
    assert str(event["SUMMARY"]) == "Our meeting" and f"/meetings/{meeting.id}" in str(event["URL"])


def test_the_calendar_feed_lists_my_meetings_and_its_address_can_be_reset(ctx, client, another_client, facilitator):
    ann = make_member()
    learning_set, _ = make_set(facilitator, members=[ann])
    made = make_meeting(facilitator, learning_set, repeat=meetings.Repeat(4, 3))
    theirs, other = make_set(name="Not Ann's")
    make_meeting(other, theirs, title="Not for Ann")
    sign_in(client, ann.email, PASSWORD)
    page = client.get("/sets").get_data(as_text=True)
    feed = page.split('id="feed-url" type="text" spellcheck="false" value="')[1].split('"')[0]
    path = urlsplit(feed).path
    anonymous = another_client.get(path)        # a calendar app: no session
    assert anonymous.status_code == 200
    events = icalendar.Calendar.from_ical(anonymous.data).walk("VEVENT")
    assert sorted(e.decoded("DTSTART") for e in events) == [m.starts_at for m in made]
    assert all(str(e["SUMMARY"]) != "Not for Ann" for e in events)
    assert client.post_form("/calendar/reset", {}).status_code == 303
    assert another_client.get(path).status_code == 404
    fresh = client.get("/sets").get_data(as_text=True).split('spellcheck="false" value="')[1].split('"')[0]
    assert fresh != feed and another_client.get(urlsplit(fresh).path).status_code == 200
    assert client.post("/calendar/reset").status_code == 400     # CSRF


def test_home_shows_my_sets_and_upcoming_meetings(ctx, client):
    ann = make_member()
    learning_set, facilitator = make_set(members=[ann], name="Ann's set")
    make_meeting(facilitator, learning_set, title="Next get-together", days=3)
    sign_in(client, ann.email, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert "Ann&#39;s set" in page and "Next get-together" in page


def test_the_facilitator_removes_a_member_and_a_member_leaves(ctx, client, another_client, facilitator):
    ann, bob = make_member(name="Ann Leaving"), make_member(name="Bob Removed")
    learning_set, _ = make_set(facilitator, members=[ann, bob])
    sign_in(client, facilitator.email, PASSWORD)
    page = client.get(f"/sets/{learning_set.id}").get_data(as_text=True)
    assert "Remove Bob Removed from the set" in page and "Leave the set" not in page
    assert client.post_form(f"/sets/{learning_set.id}/members/{bob.id}/remove", {}).status_code == 303
    assert client.post_form(f"/sets/{learning_set.id}/members/{bob.id}/remove", {}).status_code == 404
    sign_in(another_client, ann.email, PASSWORD)
    assert "Leave the set" in another_client.get(f"/sets/{learning_set.id}").get_data(as_text=True)
    assert another_client.post_form(f"/sets/{learning_set.id}/leave", {}).status_code == 303
    assert another_client.get(f"/sets/{learning_set.id}").status_code == 404
    assert [m.member_id for m in sets_members(learning_set.id)] == []


def sets_members(set_id):
    from community.rooms.services import sets
    return sets.members_of(set_id)


def _count_statements(statements, client, url: str) -> int:
    with statements() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_set_pages_issue_the_same_statements_however_many_members_and_meetings(ctx, client, statements, facilitator):
    ann = make_member()
    learning_set, _ = make_set(facilitator, members=[ann], size_limit=8)
    make_meeting(facilitator, learning_set)
    sign_in(client, facilitator.email, PASSWORD)
    urls = (f"/sets/{learning_set.id}", "/sets", "/", f"/sets/{learning_set.id}/invite")
    client.get("/sets")   # the first visit makes the calendar address
    few = {url: _count_statements(statements, client, url) for url in urls}
    from community.rooms.services import sets as set_services
    for _ in range(5):
        person = make_member()
        set_services.invite(facilitator, set_services.access(facilitator, learning_set.id), person.id)
        set_services.accept(person, set_services.access(person, learning_set.id), ground_rules=True)
    set_services.invite(facilitator, set_services.access(facilitator, learning_set.id), make_member().id)
    make_meeting(facilitator, learning_set, repeat=meetings.Repeat(4, 5))
    for n in range(3):   # more sets, each with an open invitation to Fay's member
        other, other_fac = make_set(name=f"Other {n}")
        set_services.invite(other_fac, set_services.access(other_fac, other.id), facilitator.id)
    many = {url: _count_statements(statements, client, url) for url in urls}
    assert few == many


def test_a_sets_words_reach_no_profile_digest_or_outsider_page(ctx, client, outbox):
    ann = make_member(name="Ann Member")
    learning_set, facilitator = make_set(members=[ann], name="Zebra confidential set",
                                         purpose="Quagga secret purpose")
    make_meeting(facilitator, learning_set, title="Okapi private meeting")
    bob = make_member(name="Bob Invited")
    from community.notifications import services as notifications
    from community.rooms.services import sets as set_services
    set_services.invite(facilitator, set_services.access(facilitator, learning_set.id), bob.id)
    assert notifications.send_digests("weekly").members == 0     # a set invitation is never digested
    words = ("Zebra", "Quagga", "Okapi")
    for message in outbox.messages:
        assert not any(w in message["Subject"] + outbox.body(message) for w in words)
    outsider = make_member(roles=("admin", "moderator"))
    sign_in(client, outsider.email, PASSWORD)
    for url in (f"/members/{ann.id}", f"/members/{facilitator.id}", "/members", "/", "/sets", "/notifications",
                "/admin", f"/admin/members/{ann.id}", "/moderation"):
        page = client.get(url).get_data(as_text=True)
        assert not any(w in page for w in words), url


@pytest.mark.parametrize("url, form, left_out", [
    ("/sets/new", SET_FORM, "name"), ("/sets/new", SET_FORM, "purpose"), ("/sets/new", SET_FORM, "ground_rules"),
    ("/sets/new", SET_FORM, "video_link"),
])
def test_a_field_left_out_of_the_request_is_a_field_error_not_a_500(ctx, client, facilitator, url, form, left_out):
    sign_in(client, facilitator.email, PASSWORD)
    data = {k: v for k, v in form.items() if k != left_out}
    response = client.post_form(url, data)
    if left_out == "name":
        assert response.status_code == 422 and _count(LearningSet) == 0
    else:   # optional, or (the ground rules) the form's default text
        assert response.status_code == 303


def test_an_impossible_member_id_is_a_field_error(ctx, client, facilitator):
    learning_set, _ = make_set(facilitator)
    sign_in(client, facilitator.email, PASSWORD)
    for member in ("9223372036854775808", "1" + "0" * 40, "-3"):
        response = client.post_form(f"/sets/{learning_set.id}/invite", {"member": member})
        assert response.status_code == 422, member
