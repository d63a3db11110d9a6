"""Sets, invitations and meetings through the services, on a real database."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select

from community.dates import LONDON, utcnow
from community.errors import InvalidInput, NotAllowed, NotFound
from community.extensions import db
from community.members.models import Member
from community.notifications import services as notifications
from community.notifications.models import Notification
from community.rooms.models import DEFAULT_GROUND_RULES, LearningSet, Meeting, SetMembership
from community.rooms.process import Timings
from community.rooms.services import meetings, sets
from tests.factories import make_member
from tests.rooms.support import make_meeting, make_set


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_facilitator_creates_a_set_with_default_ground_rules_and_size(ctx):
    fay = make_member(name="Fay Facilitator", roles=("facilitator",))
    made = sets.create_set(fay, name="  Frailty   leaders ", purpose="Better *discharge*",
                           video_link="https://meet.example.org/abc")
    assert (made.name, made.size_limit, made.video_link) == ("Frailty leaders", 8, "https://meet.example.org/abc")
    assert made.ground_rules_source == DEFAULT_GROUND_RULES.strip()
    assert "<strong>Confidentiality.</strong>" in made.ground_rules_html
    assert "<em>discharge</em>" in made.purpose_html


def test_only_facilitators_create_sets(ctx):
    with pytest.raises(NotAllowed):
        sets.create_set(make_member(), name="Mine")
    assert _count(LearningSet) == 0


@pytest.mark.parametrize("fields, field, message", [
    ({"name": " "}, "name", "Enter a name"),
    ({"name": "x" * 121}, "name", "120 characters"),
    ({"ground_rules": ""}, "ground_rules", "Enter the ground rules"),
    ({"size_limit": 3}, "size_limit", "from 4 to 8"),
    ({"size_limit": 9}, "size_limit", "from 4 to 8"),
    ({"video_link": "http://meet.example.org/abc"}, "video_link", "https://"),
    ({"video_link": "javascript:alert(1)"}, "video_link", "https://"),
    ({"video_link": "https://"}, "video_link", "https://"),
    ({"video_link": "https://meet.example.org/a b"}, "video_link", "https://"),
])
def test_bad_set_fields_are_refused_and_nothing_is_stored(ctx, fields, field, message):
    fay = make_member(roles=("facilitator",))
    with pytest.raises(InvalidInput) as refused:
        sets.create_set(fay, **{"name": "A set", **fields})
    assert message in refused.value.errors[field]
    assert _count(LearningSet) == 0


def test_inviting_notifies_and_mails_without_the_sets_words(ctx, outbox):
    learning_set, fay = make_set(name="Secret name", purpose="Secret purpose")
    ann = make_member(name="Ann Member")
    sets.invite(fay, sets.access(fay, learning_set.id), ann.id)
    note = db.session.scalar(select(Notification).where(Notification.member_id == ann.id))
    assert (note.kind, note.set_id, note.thread_id) == ("set_invite", learning_set.id, None)
    assert notifications.describe(note) == "Fay Facilitator invited you to join an action learning set"
    assert db.session.get(Member, ann.id).unread_notifications == 1
    [mail] = outbox.to(ann.email)
    text = mail["Subject"] + outbox.body(mail)
    assert "Secret" not in text and f"/sets/{learning_set.id}" in text
    # The invitee may see the invitation, not yet the set.
    seen = sets.access(ann, learning_set.id)
    assert seen.status == "invited"
    with pytest.raises(NotFound):
        meetings.meeting_for(ann, make_meeting(fay, learning_set)[0].id)


def test_accepting_needs_the_ground_rules_then_reads_the_notification(ctx):
    learning_set, fay = make_set()
    ann = make_member()
    sets.invite(fay, sets.access(fay, learning_set.id), ann.id)
    with pytest.raises(InvalidInput) as refused:
        sets.accept(ann, sets.access(ann, learning_set.id), ground_rules=False)
    assert "ground_rules" in refused.value.errors
    assert db.session.get(SetMembership, (learning_set.id, ann.id)).status == "invited"
    sets.accept(ann, sets.access(ann, learning_set.id), ground_rules=True)
    membership = db.session.get(SetMembership, (learning_set.id, ann.id))
    assert membership.status == "active" and membership.ground_rules_accepted_at is not None
    assert db.session.get(Member, ann.id).unread_notifications == 0
    assert sets.sets_of(ann) == [learning_set]


def test_a_declined_member_can_be_invited_again_and_is_notified_again(ctx):
    learning_set, fay = make_set()
    ann = make_member()
    sets.invite(fay, sets.access(fay, learning_set.id), ann.id)
    sets.decline(ann, sets.access(ann, learning_set.id))
    with pytest.raises(NotFound):
        sets.access(ann, learning_set.id)
    sets.invite(fay, sets.access(fay, learning_set.id), ann.id)
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.member_id == ann.id)) == 2


def test_invitations_keep_places_and_the_limit_holds(ctx):
    people = [make_member() for _ in range(4)]
    learning_set, fay = make_set(members=people[:3], size_limit=4)
    extra = make_member()
    sets.invite(fay, sets.access(fay, learning_set.id), people[3].id)   # the 4th place, pending
    with pytest.raises(InvalidInput) as refused:
        sets.invite(fay, sets.access(fay, learning_set.id), extra.id)
    assert "full" in refused.value.errors["member"]
    with pytest.raises(InvalidInput) as refused:
        sets.invite(fay, sets.access(fay, learning_set.id), people[0].id)
    assert "already a member" in refused.value.errors["member"]
    with pytest.raises(InvalidInput):
        sets.update_set(fay, sets.access(fay, learning_set.id), name="x", purpose="", ground_rules="r",
                        video_link="", size_limit=4 - 1)


def test_outsiders_and_other_facilitators_cannot_know_a_set(ctx):
    ann = make_member()
    learning_set, fay = make_set(members=[ann])
    other_fac = make_member(name="Other Facilitator", roles=("facilitator",))
    make_set(other_fac, name="Theirs")
    admin = make_member(roles=("admin",))
    for outsider in (make_member(), other_fac, admin):
        with pytest.raises(NotFound):
            sets.access(outsider, learning_set.id)
    with pytest.raises(NotAllowed):
        sets.invite(ann, sets.access(ann, learning_set.id), make_member().id)


def test_a_series_keeps_its_london_time_across_the_october_clock_change(ctx):
    learning_set, fay = make_set()
    year = utcnow().year + 1
    first = date(year, 9, 1) + timedelta(days=(7 - date(year, 9, 1).weekday()) % 7)  # a Monday in September
    made = meetings.schedule(fay, sets.access(fay, learning_set.id), title="Monthly", agenda="",
                             day=first, at=time(10, 0), repeat=meetings.Repeat(every_weeks=4, occurrences=4))
    locals_ = [m.starts_at.astimezone(LONDON) for m in made]
    assert all((t.hour, t.minute) == (10, 0) for t in locals_)
    assert [t.date() for t in locals_] == [first + timedelta(weeks=4 * n) for n in range(4)]
    utc_hours = [m.starts_at.astimezone(timezone.utc).hour for m in made]
    assert utc_hours[0] == 9 and utc_hours[-1] == 10        # BST before, GMT after
    assert len({m.series_key for m in made}) == 1 and [m.series_number for m in made] == [1, 2, 3, 4]
    # Stored in UTC, read back the same.
    db.session.expire_all()
    again = db.session.get(Meeting, made[-1].id)
    assert again.starts_at == datetime(*(locals_[-1].date().timetuple()[:3]), 10, 0, tzinfo=timezone.utc)


def test_a_time_the_clocks_skip_is_refused(ctx):
    learning_set, fay = make_set()
    year = utcnow().year + 1
    march_end = date(year, 3, 31)
    last_sunday = march_end - timedelta(days=(march_end.weekday() + 1) % 7)
    with pytest.raises(InvalidInput) as refused:
        meetings.schedule(fay, sets.access(fay, learning_set.id), title="Early", agenda="",
                          day=last_sunday, at=time(1, 30))
    assert "clocks go forward" in refused.value.errors["start_time"]
    assert _count(Meeting) == 0


def test_meetings_have_default_timings_that_can_be_changed_per_meeting(ctx):
    learning_set, fay = make_set()
    [plain] = make_meeting(fay, learning_set)
    assert plain.timings == Timings().as_dict()
    [custom] = make_meeting(fay, learning_set, timings={"presenting": 12, "check_in": 2})
    assert (custom.timings["presenting"], custom.timings["check_in"], custom.timings["offers"]) == (12, 2, 5)
    with pytest.raises(InvalidInput) as refused:
        make_meeting(fay, learning_set, timings={"presenting": 500})
    assert "timings" in refused.value.errors


@pytest.mark.parametrize("fields, field", [
    ({"title": ""}, "title"), ({"duration": 5}, "duration"), ({"days": -2}, "start_date"),
    ({"repeat": meetings.Repeat(every_weeks=13, occurrences=3)}, "every_weeks"),
    ({"repeat": meetings.Repeat(every_weeks=4, occurrences=1)}, "occurrences"),
])
def test_bad_meetings_are_refused_and_nothing_is_stored(ctx, fields, field):
    learning_set, fay = make_set()
    with pytest.raises(InvalidInput) as refused:
        make_meeting(fay, learning_set, **fields)
    assert field in refused.value.errors
    assert _count(Meeting) == 0


def test_upcoming_meetings_are_those_of_my_sets_soonest_first(ctx):
    ann = make_member()
    learning_set, fay = make_set(members=[ann])
    later = make_meeting(fay, learning_set, days=14)[0]
    sooner = make_meeting(fay, learning_set, days=3)[0]
    theirs, other_fac = make_set(name="Another set")
    make_meeting(other_fac, theirs, days=1)
    assert [m.id for m in meetings.upcoming_for(ann)] == [sooner.id, later.id]
    assert [m.id for m in meetings.upcoming_for(fay)] == [sooner.id, later.id]
    # Still listed while it runs, gone once over.
    assert meetings.upcoming_for(ann, now=sooner.starts_at + timedelta(minutes=30))[0].id == sooner.id
    assert sooner.id not in [m.id for m in meetings.upcoming_for(ann, now=sooner.starts_at + timedelta(hours=4))]


def test_changing_a_meeting_bumps_its_revision(ctx):
    learning_set, fay = make_set()
    [meeting] = make_meeting(fay, learning_set)
    local = meeting.starts_at.astimezone(LONDON)
    meetings.update_meeting(fay, meeting, title="Renamed", agenda="Bring a problem", day=local.date(),
                            at=time(14, 30), duration=120, timings={"presenting": 8})
    assert (meeting.title, meeting.revision, meeting.duration_minutes) == ("Renamed", 1, 120)
    assert meeting.starts_at.astimezone(LONDON).time() == time(14, 30)


def test_removing_a_member_or_withdrawing_an_invitation_frees_the_place(ctx):
    ann, bob = make_member(), make_member()
    learning_set, fay = make_set(members=[ann], size_limit=4)
    sets.invite(fay, sets.access(fay, learning_set.id), bob.id)
    sets.remove(fay, sets.access(fay, learning_set.id), ann.id)
    sets.remove(fay, sets.access(fay, learning_set.id), bob.id)
    for person in (ann, bob):
        with pytest.raises(NotFound):
            sets.access(person, learning_set.id)
    assert db.session.get(Member, bob.id).unread_notifications == 0
    assert sets.sets_of(ann) == [] and sets.invitations_of(bob) == []
    with pytest.raises(NotFound):
        sets.remove(fay, sets.access(fay, learning_set.id), ann.id)
    # Invited again later, they hear about it again.
    sets.invite(fay, sets.access(fay, learning_set.id), bob.id)
    assert db.session.get(Member, bob.id).unread_notifications == 1


def test_a_member_leaves_but_the_facilitator_cannot(ctx):
    ann = make_member()
    learning_set, fay = make_set(members=[ann])
    sets.leave(ann, sets.access(ann, learning_set.id))
    with pytest.raises(NotFound):
        sets.access(ann, learning_set.id)
    with pytest.raises(NotAllowed):
        sets.leave(fay, sets.access(fay, learning_set.id))
