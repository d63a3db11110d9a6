"""Browser journey for moderation: a member reports a post, a moderator hides it from the queue
with a reason the author then reads, locks the thread and finds both in the log. axe-core checks
the report form (with and without errors), the queue, the thread with moderator tools, and the log.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import Person, add_space, make_admins, flash, heading, signed_in_page

pytestmark = pytest.mark.e2e

RAE = Person("Rae Moreno", "rae.moreno@example.nhs.uk", "amber gulls circle the pier", "Nursing")
LIO = Person("Lio Hart", "lio.hart@example.nhs.uk", "granite stairs hum softly", "Medicine")
TITLE = "Handover at shift change"
REASON = "Names a patient. Please post again without the name."


def test_report_hide_lock_and_the_log(server, new_context, axe_check):
    make_admins(server, RAE, LIO)

    lio = signed_in_page(new_context, LIO, axe=True)
    add_space(lio, "Workforce", "Recruiting, keeping and developing people.")
    lio.goto("/threads/new")
    lio.get_by_label("Title").fill(TITLE)
    lio.get_by_label("What do you want to discuss?").fill("Mr Example in bay 3 was missed at handover.")
    lio.get_by_label("Space").select_option(label="Workforce")
    lio.get_by_role("button", name="Start thread").click()
    expect(lio.get_by_role("heading", level=1)).to_have_text(TITLE)
    thread_url = lio.url

    rae = signed_in_page(new_context, RAE, axe=True)
    rae.goto(thread_url)
    rae.get_by_role("link", name=f"Report {LIO.name}'s post").click()
    expect(heading(rae, "Report a post")).to_be_visible()
    axe_check(rae, "/posts/<id>/flag")
    rae.get_by_role("button", name="Send report").click()
    expect(rae.locator(".nhsuk-error-summary")).to_contain_text("Choose why you are reporting this post")
    axe_check(rae, "/posts/<id>/flag with errors")
    rae.get_by_label("Shares confidential or patient-identifiable information").check()
    rae.get_by_label("Anything the moderators should know (optional)").fill("A patient's name")
    rae.get_by_role("button", name="Send report").click()
    expect(flash(rae, "A moderator will look at the post you reported")).to_be_visible()

    rae.goto("/moderation")
    expect(heading(rae, "Moderation")).to_be_visible()
    expect(rae.get_by_text("Reported 1 time")).to_be_visible()
    axe_check(rae, "/moderation with a report")
    rae.get_by_label(f"Reason for hiding, shown to {LIO.name}").fill(REASON)
    rae.get_by_role("button", name=f"Hide post by {LIO.name}").click()
    expect(flash(rae, "The post is hidden")).to_be_visible()
    expect(rae.get_by_text("No open reports.")).to_be_visible()

    lio.reload()
    expect(lio.get_by_text(f"Hidden by a moderator: {REASON}")).to_be_visible()

    rae.goto(thread_url)
    rae.get_by_role("button", name="Lock thread").click()
    expect(flash(rae, "The thread is locked")).to_be_visible()
    axe_check(rae, "/threads/<id> locked, with moderator tools")

    rae.goto("/moderation/log")
    expect(heading(rae, "Moderation log")).to_be_visible()
    rows = rae.locator("tr.community-audit-entry")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Locked a thread")
    expect(rows.nth(1)).to_contain_text("Hid a post")
    expect(rows.nth(1)).to_contain_text(REASON)
    axe_check(rae, "/moderation/log")
