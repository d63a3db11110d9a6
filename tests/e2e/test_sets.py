"""Browser journey for action learning sets: a facilitator creates a set and invites a member from
the directory; the member accepts from their notification (agreeing to the ground rules); the
facilitator schedules a meeting; the member sees the set and the meeting on their home page.
axe-core checks every page on the way, with the Content-Security-Policy on.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import Person, flash, heading, make_admins, menu_link, signed_in_page

pytestmark = pytest.mark.e2e

FAY = Person("Fay Facilitator", "fay.facilitator@example.nhs.uk", "orchards glow beneath lanterns", "Psychology")
MO = Person("Mo Member", "mo.member@example.nhs.uk", "quiet rivers carry paper boats", "Nursing")
SET = "Discharge leaders' set"


def test_facilitator_creates_a_set_invites_and_the_member_sees_the_meeting(server, new_context, axe_check):
    make_admins(server, FAY, MO)

    fay = signed_in_page(new_context, FAY)
    # An admin grants the facilitator role; here Fay grants it to herself.
    fay.get_by_role("navigation", name="Account").get_by_role("link", name=FAY.name).click()
    fay_id = re.search(r"/members/(\d+)", fay.url).group(1)
    fay.goto(f"/admin/members/{fay_id}")
    fay.get_by_label("Facilitator").check()
    fay.get_by_role("button", name="Save roles").click()

    menu_link(fay, "Sets").click()
    expect(heading(fay, "Action learning sets")).to_be_visible()
    axe_check(fay, "/sets")
    fay.get_by_role("link", name="Create a set").click()
    expect(fay.get_by_label("Ground rules")).to_contain_text("Confidentiality.")
    fay.get_by_label("Video call link (optional)").fill("http://meet.example.org/discharge")
    fay.get_by_role("button", name="Create the set").click()
    expect(fay.get_by_role("alert")).to_contain_text("Enter a name for the set")
    expect(fay.get_by_role("alert")).to_contain_text("https://")
    axe_check(fay, "/sets/new with errors")
    fay.get_by_label("Name").fill(SET)
    fay.get_by_label("Purpose (optional)").fill("Getting people home sooner, together.")
    fay.get_by_label("Video call link (optional)").fill("https://meet.example.org/discharge")
    fay.get_by_role("button", name="Create the set").click()

    expect(heading(fay, "Invite members")).to_be_visible()
    fay.get_by_label("Find a member by name").fill("Mo")
    fay.get_by_role("button", name="Search").click()
    axe_check(fay, "/sets/<id>/invite")
    fay.get_by_role("button", name=f"Invite {MO.name}").click()
    expect(flash(fay, f"{MO.name} is invited")).to_be_visible()
    assert len(server.mail_to(MO.email)) == 1

    mo = signed_in_page(new_context, MO)
    menu_link(mo, "Notifications (1) unread").click()
    mo.get_by_role("button", name=f"New {FAY.name} invited you to join an action learning set").click()
    expect(heading(mo, SET)).to_be_visible()
    axe_check(mo, "the invitation")
    mo.get_by_role("button", name="Join the set").click()
    expect(mo.get_by_role("alert")).to_contain_text("Agree to the ground rules")
    mo.get_by_label("I agree to the set's ground rules").check()
    mo.get_by_role("button", name="Join the set").click()
    expect(flash(mo, f"Welcome to {SET}")).to_be_visible()

    fay.get_by_role("link", name="Back to the set").click()
    fay.get_by_role("link", name="Schedule meetings").click()
    day = date.today() + timedelta(days=9)
    fay.get_by_label("Title").fill("First meeting")
    fay.get_by_label("Date", exact=True).fill(day.isoformat())
    fay.get_by_label("Start time (UK time)").fill("09:30")
    fay.get_by_label("Presenting (minutes)").fill("12")
    axe_check(fay, "/sets/<id>/meetings/new")
    fay.get_by_role("button", name="Schedule").click()
    expect(flash(fay, "The meeting is scheduled")).to_be_visible()
    expect(fay.get_by_role("link", name="First meeting")).to_be_visible()
    expect(fay.get_by_text(MO.name).first).to_be_visible()
    axe_check(fay, "/sets/<id>")

    mo.goto("/")
    sets_card = mo.locator(".community-my-sets")
    expect(sets_card.get_by_role("link", name=SET)).to_be_visible()
    expect(sets_card.get_by_role("link", name="First meeting")).to_be_visible()
    expect(sets_card).to_contain_text("9:30am")
    axe_check(mo, "home with a set")
    sets_card.get_by_role("link", name="First meeting").click()
    expect(heading(mo, "First meeting")).to_be_visible()
    expect(mo.get_by_text("12 min")).to_be_visible()
    axe_check(mo, "/meetings/<id>")
    expect(mo.get_by_role("link", name="Add to your calendar (.ics)")).to_be_visible()

    # The live room: both enter, the member speaks in the lobby, the facilitator starts.
    mo.get_by_role("link", name="Enter the meeting room").click()
    expect(heading(mo, "Meeting room")).to_be_visible()
    expect(mo.get_by_text("Confidentiality.")).to_be_visible()
    axe_check(mo, "/meetings/<id>/room, the ground rules")
    mo.get_by_role("button", name="Enter the room").click()
    expect(mo.get_by_text("Agree to the ground rules to enter the room")).to_be_visible()
    mo.get_by_label("I agree to the set's ground rules for this meeting").check()
    mo.get_by_role("button", name="Enter the room").click()
    expect(mo.locator("#room[data-live='joined']")).to_be_attached()
    meeting_room = mo.url
    fay.goto(meeting_room)
    fay.get_by_label("I agree to the set's ground rules for this meeting").check()
    fay.get_by_role("button", name="Enter the room").click()
    expect(fay.locator("#room[data-live='joined']")).to_be_attached()
    expect(fay.get_by_role("heading", name="Facilitator's controls")).to_be_visible()
    expect(mo.get_by_role("heading", name="Facilitator's controls")).to_be_hidden()
    expect(fay.locator("#room-present")).to_contain_text(MO.name)
    axe_check(fay, "/meetings/<id>/room as facilitator")
    mo.get_by_label("Your message").fill("Good morning, everyone")
    mo.get_by_role("button", name="Send", exact=True).click()
    expect(fay.get_by_role("log", name="Messages in the room")).to_contain_text("Good morning, everyone")
    expect(mo.get_by_label("Your message")).to_have_value("")
    fay.get_by_role("button", name="Start the meeting").click()
    expect(mo.locator("#room-phase")).to_have_text("Check-in")
    expect(fay.locator("#room-phase")).to_have_text("Check-in")
    axe_check(mo, "/meetings/<id>/room as member")
