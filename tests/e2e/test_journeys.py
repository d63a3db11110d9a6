"""Browser journeys: people joining, finding each other and connecting, driven like a person would.

All tests share one server (see conftest.py); each person gets their own browser context.
POST /join is limited to 5 an hour per address, so the tests here submit the join form
4 times in all: the journey twice, the keyboard test once, the accessibility test once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    password: str
    discipline: str  # as the discipline select shows it
    organisation: str = ""


MAYA = Person("Maya Lindqvist", "maya.lindqvist@example.nhs.uk", "copper kettle under moonlight",
              "Nursing", "Northfield Community Health Trust")
TOBIAS = Person("Tobias Mwangi", "tobias.mwangi@example.nhs.uk", "seven owls borrow umbrellas",
                "Pharmacy", "Eastgate Primary Care Network")


def heading(page: Page, text: str):
    return page.get_by_role("heading", level=1, name=text, exact=True)


def flash(page: Page, text: str):
    """A message the app flashed: an NHS.UK inset text with role=status."""
    return page.get_by_role("status").filter(has_text=text)


def menu_link(page: Page, text: str):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=text, exact=True)


def fill_join_form(page: Page, person: Person) -> None:
    page.get_by_label("Full name").fill(person.name)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Create a password").fill(person.password)
    page.get_by_label("Discipline").select_option(label=person.discipline)
    page.get_by_label("Organisation").fill(person.organisation)
    page.get_by_label("I agree to the community guidelines").check()


def join(page: Page, person: Person) -> None:
    page.goto("/join")
    expect(heading(page, "Join the community")).to_be_visible()
    fill_join_form(page, person)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(heading(page, "Check your email")).to_be_visible()
    expect(page.get_by_text(person.email, exact=True)).to_be_visible()


def sign_in(page: Page, person: Person) -> None:
    expect(heading(page, "Sign in")).to_be_visible()
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(person.password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()


def signed_in_page(new_context, person: Person, axe: bool = False) -> Page:
    """A new browser context with `person` signed in through the form."""
    page = new_context(axe=axe).new_page()
    page.goto("/login")
    sign_in(page, person)
    return page


def make_admins(server, *people: Person) -> None:
    """Confirmed accounts with the admin role, made with the operators' own command."""
    server.flask_all(*(["members", "create-admin", person.email, "--name", person.name,
                        "--password", person.password] for person in people))


def add_space(page: Page, name: str, description: str) -> None:
    """An admin adds a discussion space through /admin/spaces."""
    page.goto("/admin/spaces")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Description").fill(description)
    page.get_by_role("button", name="Add space").click()
    expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_member_joins_completes_profile_and_connects_across_disciplines(server, new_context):
    # A pharmacist joins through the same form and confirms, so there is someone to find.
    colleague = new_context().new_page()
    join(colleague, TOBIAS)
    colleague.goto(server.link_mailed_to(TOBIAS.email, "/confirm/"))
    expect(flash(colleague, "Thank you: your email address is confirmed.")).to_be_visible()

    # Maya, a nurse, arrives on the landing page and joins.
    page = new_context().new_page()
    page.goto("/")
    expect(heading(page, "Leading together across health and care")).to_be_visible()
    page.get_by_role("link", name="Join the community").click()
    expect(heading(page, "Join the community")).to_be_visible()
    fill_join_form(page, MAYA)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(heading(page, "Check your email")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"We have sent an email to {MAYA.email}")

    # She follows the link in her email; not signed in here, so she is asked to sign in.
    page.goto(server.link_mailed_to(MAYA.email, "/confirm/"))
    expect(page).to_have_url(re.compile(r"/login\?next=(%2F|/)profile$"))
    expect(flash(page, "Thank you: your email address is confirmed.")).to_be_visible()
    sign_in(page, MAYA)

    # Signing in takes her on to complete her profile; what she gave when joining is there.
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(heading(page, "Your profile")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value(MAYA.name)
    expect(page.get_by_label("Discipline")).to_have_value("nursing")
    expect(page.get_by_label("Organisation")).to_have_value(MAYA.organisation)
    page.get_by_label("Job title").fill("Deputy Chief Nurse")
    page.get_by_label("Place", exact=True).fill("Northfield")
    page.get_by_label("About you").fill("I lead our frailty work across hospital and community.")
    page.get_by_label("Interests").fill("frailty, workforce, digital")
    open_to = page.get_by_role("group", name="Open to")
    open_to.get_by_label("Mentoring").check()
    open_to.get_by_label("Shadowing visits").check()
    page.get_by_role("button", name="Save profile").click()

    expect(page).to_have_url(re.compile(r"/members/\d+$"))
    expect(flash(page, "Your profile has been saved.")).to_be_visible()
    expect(heading(page, MAYA.name)).to_be_visible()
    expect(page.get_by_text(f"Deputy Chief Nurse, {MAYA.organisation}")).to_be_visible()
    expect(page.get_by_role("link", name="frailty", exact=True)).to_be_visible()
    expect(page.get_by_text("Mentoring, Shadowing visits")).to_be_visible()

    # She looks for a pharmacist in the directory.
    menu_link(page, "Members").click()
    expect(heading(page, "Members")).to_be_visible()
    filters = page.get_by_role("search", name="Find members")
    filters.get_by_label("Discipline").select_option(label="Pharmacy")
    filters.get_by_label("Name", exact=True).fill("Tobias")
    filters.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"discipline=pharmacy"))
    expect(page.get_by_role("status")).to_have_text("1 member found")
    results = page.get_by_role("main").get_by_role("list")
    expect(results.get_by_role("link", name=MAYA.name)).to_have_count(0)
    results.get_by_role("link", name=TOBIAS.name, exact=True).click()

    # His profile, and a request to connect.
    expect(heading(page, TOBIAS.name)).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Pharmacy", exact=True)).to_be_visible()
    expect(page.get_by_text(TOBIAS.organisation)).to_be_visible()
    page.get_by_role("button", name=f"Connect with {TOBIAS.name}").click()
    expect(flash(page, f"Connection request sent to {TOBIAS.name}.")).to_be_visible()
    expect(page.get_by_text(f"You asked to connect with {TOBIAS.name}.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw request")).to_be_visible()

    # Tobias signs in (he was left on the sign-in page after confirming) and sees the request.
    sign_in(colleague, TOBIAS)
    menu_link(colleague, "Home").click()
    expect(heading(colleague, f"Welcome, {TOBIAS.name}")).to_be_visible()
    requests = colleague.get_by_role("heading", name="Connection requests")
    expect(requests).to_be_visible()
    expect(colleague.get_by_role("link", name=MAYA.name, exact=True)).to_be_visible()
    colleague.get_by_role("button", name=f"Accept {MAYA.name}").click()
    expect(flash(colleague, f"You are now connected with {MAYA.name}.")).to_be_visible()
    expect(requests).to_have_count(0)
    expect(colleague.get_by_text("1 connection across 1 discipline and 1 organisation.")).to_be_visible()

    # Maya's network now has him: one connection, reaching one other discipline.
    menu_link(page, "My network").click()
    expect(heading(page, "My network")).to_be_visible()
    expect(page.get_by_text("1 connection, spanning 1 discipline and 1 organisation.")).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Pharmacy: 1")).to_be_visible()
    expect(page.get_by_text("No requests waiting.")).to_be_visible()
    expect(page.get_by_text("None waiting.")).to_be_visible()
    expect(page.get_by_role("button", name=f"Remove {TOBIAS.name}")).to_be_visible()
    page.get_by_role("link", name=TOBIAS.name, exact=True).click()
    expect(heading(page, TOBIAS.name)).to_be_visible()
    expect(page.get_by_text("Connected", exact=True)).to_be_visible()


def test_join_form_errors_with_the_keyboard_alone(new_context):
    page = new_context().new_page()
    page.goto("/join")
    # The NHS.UK frontend script runs (our CSP allows only files under /static).
    expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))

    keyboard = page.keyboard
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    keyboard.press("Enter")
    keyboard.press("Tab")
    expect(page.get_by_label("Full name")).to_be_focused()
    keyboard.type("Sam Keys")
    keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    keyboard.type("sam.keys-at-example.nhs.uk")
    keyboard.press("Tab")
    expect(page.get_by_label("Create a password")).to_be_focused()
    keyboard.type("short")
    keyboard.press("Enter")  # submits the form, leaving discipline, organisation and consent out

    # The error summary takes focus and lists every problem; each field shows its own.
    expect(page).to_have_title(re.compile(r"^Error: Join the community"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    problems = summary.get_by_role("link")
    expect(problems).to_have_text([
        "Enter an email address in the correct format, like name@example.nhs.uk",
        "Select your discipline",
        "Enter the organisation you work for",
        "Agree to the community guidelines and privacy notice to join",
    ])
    expect(page.locator(".nhsuk-error-message")).to_have_count(4)
    expect(page.get_by_label("Email address")).to_have_accessible_description(
        re.compile(r"Error:\s+Enter an email address in the correct format"))
    # What was typed is kept, except the password.
    expect(page.get_by_label("Full name")).to_have_value("Sam Keys")
    expect(page.get_by_label("Email address")).to_have_value("sam.keys-at-example.nhs.uk")
    expect(page.get_by_label("Create a password")).to_have_value("")

    # From the summary, Enter on a problem goes to its field.
    keyboard.press("Tab")
    expect(problems.first).to_be_focused()
    keyboard.press("Enter")
    email = page.get_by_label("Email address")
    expect(email).to_be_focused()
    keyboard.press("ControlOrMeta+A")
    keyboard.type("sam.keys@example.nhs.uk")
    expect(email).to_have_value("sam.keys@example.nhs.uk")

    # Every remaining control is reachable in order; Space ticks the consent box.
    keyboard.press("Tab")
    expect(page.get_by_label("Create a password")).to_be_focused()
    keyboard.press("Tab")
    expect(page.get_by_label("Discipline")).to_be_focused()
    keyboard.press("Tab")
    expect(page.get_by_label("Organisation")).to_be_focused()
    keyboard.press("Tab")
    consent = page.get_by_label("I agree to the community guidelines")
    expect(consent).to_be_focused()
    keyboard.press("Space")
    expect(consent).to_be_checked()
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="community guidelines", exact=True)).to_be_focused()
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="privacy notice", exact=True)).to_be_focused()
    keyboard.press("Tab")
    expect(page.get_by_role("button", name="Join", exact=True)).to_be_focused()


def test_pages_have_no_wcag_violations(server, new_context, axe_check):
    aled = Person("Aled Rhys", "aled.rhys@example.nhs.uk", "lantern harbour quietly hums",
                  "Management and operations")
    bea = Person("Bea Sandoval", "bea.sandoval@example.nhs.uk", "marble fox drinks cold tea",
                 "Management and operations")
    make_admins(server, aled, bea)

    page = new_context(axe=True).new_page()
    page.goto("/")
    expect(heading(page, "Leading together across health and care")).to_be_visible()
    axe_check(page, "/ (visitor)")

    page.goto("/join")
    axe_check(page, "/join")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    axe_check(page, "/join with errors")

    page.goto("/login")
    axe_check(page, "/login")
    sign_in(page, aled)
    expect(heading(page, f"Welcome, {aled.name}")).to_be_visible()
    axe_check(page, "/ (member home)")

    # Bea asks to connect, so Aled's pages show a request to answer.
    other = signed_in_page(new_context, bea)
    other.goto("/members?q=Aled")
    other.get_by_role("link", name=aled.name, exact=True).click()
    other.get_by_role("button", name=f"Connect with {aled.name}").click()
    expect(flash(other, f"Connection request sent to {aled.name}.")).to_be_visible()

    page.reload()
    expect(page.get_by_role("heading", name="Connection requests")).to_be_visible()
    axe_check(page, "/ (member home with a connection request)")

    menu_link(page, "Members").click()
    expect(heading(page, "Members")).to_be_visible()
    axe_check(page, "/members")
    page.get_by_role("link", name=bea.name, exact=True).click()
    expect(heading(page, bea.name)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/members/\d+$"))
    axe_check(page, "/members/<id> (someone asking to connect)")

    menu_link(page, "My profile").click()
    expect(heading(page, "Your profile")).to_be_visible()
    axe_check(page, "/profile")

    menu_link(page, "My network").click()
    expect(heading(page, "My network")).to_be_visible()
    axe_check(page, "/network (a request waiting)")
    page.get_by_role("button", name=f"Accept {bea.name}").click()
    expect(flash(page, f"You are now connected with {bea.name}.")).to_be_visible()
    axe_check(page, "/network (one connection)")
