"""Browser journey for notifications: an author invites a pharmacist from "who's missing"; the
pharmacist sees the notification, replies mentioning the author with the @mention menu driven by
the keyboard alone, and the author is notified and emailed. axe-core checks the pages, the menu
open included.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import Person, add_space, make_admins, flash, heading, menu_link, signed_in_page

pytestmark = pytest.mark.e2e

NOOR = Person("Noor Haddad", "noor.haddad@example.nhs.uk", "lanterns drift over harbour", "Medicine")
BEA = Person("Bea Okonkwo", "bea.okonkwo@example.nhs.uk", "violet trains hum at dusk", "Pharmacy")
TITLE = "Deprescribing for people living with frailty"


def test_invite_from_whos_missing_then_mention_back(server, new_context, axe_check):
    make_admins(server, NOOR, BEA)

    bea = signed_in_page(new_context, BEA, axe=True)
    bea.goto("/profile")
    bea.get_by_label("Discipline").select_option(label=BEA.discipline)
    bea.get_by_role("button", name="Save profile").click()
    expect(menu_link(bea, "Notifications")).to_be_visible()

    noor = signed_in_page(new_context, NOOR, axe=True)
    add_space(noor, "Leading across the system", "System leadership across organisations.")
    noor.goto("/threads/new")
    noor.get_by_label("Title").fill(TITLE)
    noor.get_by_label("What do you want to discuss?").fill("Which medicines do we stop first, and who decides?")
    noor.get_by_label("Space").select_option(label="Leading across the system")
    noor.get_by_label("Pharmacy").check()
    noor.get_by_role("button", name="Start thread").click()
    expect(noor.get_by_role("heading", level=1)).to_have_text(TITLE)
    thread_url = noor.url

    noor.get_by_role("button", name=f"Invite {BEA.name} to this thread").click()
    expect(flash(noor, f"{BEA.name} has been invited")).to_be_visible()
    noor.get_by_role("button", name=f"Invite {BEA.name} to this thread").click()
    expect(noor.get_by_role("alert")).to_contain_text(f"You have already invited {BEA.name}")
    assert len(server.mail_to(BEA.email)) == 1
    # Noor keeps the thread open while Bea replies: the reply must arrive without a reload.
    noor.goto(thread_url)
    missing = noor.get_by_role("heading", name="Who's missing").locator("xpath=..")
    expect(missing).to_contain_text("Pharmacy")
    expect(missing).to_contain_text(BEA.name)
    expect(noor.locator("[data-live=joined]")).to_have_count(1)
    noor.evaluate("() => { window.__sameLoad = true }")

    bea.goto("/")
    link = menu_link(bea, "Notifications (1) unread")
    expect(link).to_be_visible()
    link.click()
    expect(heading(bea, "Notifications")).to_be_visible()
    axe_check(bea, "/notifications")
    bea.get_by_role("button", name=f"New {NOOR.name} invited you to join “{TITLE}”").click()
    expect(bea.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(menu_link(bea, "Notifications")).to_be_visible()

    comment = bea.get_by_label("Your comment")
    comment.click()
    comment.press_sequentially("Thanks @No", delay=20)
    menu = bea.get_by_role("listbox", name="People you can mention")
    expect(menu).to_be_visible()
    expect(comment).to_have_attribute("aria-expanded", "true")
    option = menu.get_by_role("option").filter(has_text=NOOR.name)
    expect(option).to_have_attribute("aria-selected", "true")
    expect(comment).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    axe_check(bea, "/threads/<id> with the mention menu open")
    comment.press("Escape")
    expect(menu).to_be_hidden()
    expect(comment).to_have_attribute("aria-expanded", "false")
    comment.press_sequentially("o", delay=20)
    expect(menu).to_be_visible()
    comment.press("Enter")
    expect(menu).to_be_hidden()
    assert re.fullmatch(r"Thanks @\[Noor Haddad\]\(\d+\) ", comment.input_value())
    comment.press_sequentially("— pharmacy reviews help here.", delay=5)
    bea.get_by_role("button", name="Post comment").click()
    mention = bea.locator(".community-post a.community-mention")
    expect(mention).to_have_text(f"@{NOOR.name}")
    assert re.search(r"/members/\d+$", mention.get_attribute("href"))

    arrived = noor.locator(".community-post").filter(has_text="pharmacy reviews help here")
    expect(arrived).to_have_count(1)
    expect(arrived.locator("a.community-mention")).to_have_text(f"@{NOOR.name}")
    expect(noor.locator("#live-announcer")).to_have_text(f"New comment from {BEA.name}")
    assert noor.evaluate("() => window.__sameLoad") is True

    noor.goto("/notifications")
    expect(noor.get_by_role("button", name=f"New {BEA.name} mentioned you in “{TITLE}”")).to_be_visible()
    assert server.link_mailed_to(NOOR.email, "/threads/").startswith(thread_url.split("?")[0])

    # Opening the thread again reads what it shows, the mention with it.
    with noor.expect_response(lambda r: r.url.endswith("/read") and r.status == 204):
        noor.goto(thread_url)
    noor.goto("/notifications/settings")
    expect(menu_link(noor, "Notifications")).to_be_visible()
    expect(heading(noor, "Notification emails")).to_be_visible()
    axe_check(noor, "/notifications/settings")
    noor.get_by_label("Daily").check()
    noor.get_by_role("button", name="Save").click()
    expect(flash(noor, "daily digest")).to_be_visible()
