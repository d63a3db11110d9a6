"""Browser journey for consultations: a designer builds a 4-question anonymous consultation for two
disciplines and publishes it; two members answer (one saves halfway and comes back); the designer
closes it, reads the charts and the suppressed breakdown, downloads the CSV and publishes the
results, which members then read. axe-core checks the builder, the answer form and the results."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import Person, flash, heading, make_admins, signed_in_page

pytestmark = pytest.mark.e2e

DANA = Person("Dana Whitfield", "dana.whitfield@example.nhs.uk", "quiet lanterns over the weir", "Other")
NOOR = Person("Nia Hassan", "nia.hassan@example.nhs.uk", "harbour bells at low tide", "Medicine")
BEA = Person("Bea Osei", "bea.osei@example.nhs.uk", "violet trains hum at noon", "Pharmacy")
TITLE = "What should the academy's first year look like?"


def _set_discipline(page, person: Person) -> None:
    page.goto("/profile")
    page.get_by_label("Discipline").select_option(label=person.discipline)
    page.get_by_role("button", name="Save profile").click()


def _add_question(page, kind: str, prompt: str, options: str = "", low: str = "", high: str = "",
                  required: bool = True) -> None:
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add question"))
    form.get_by_label(kind, exact=True).check()
    form.get_by_label("Question", exact=True).fill(prompt)
    if not required:
        form.get_by_label("Members must answer this question").uncheck()
    if options:
        form.get_by_label("Options, one on each line").fill(options)
    if low:
        form.get_by_label("What 1 means (for a scale)").fill(low)
        form.get_by_label("What 5 means (for a scale)").fill(high)
    form.get_by_role("button", name="Add question").click()
    expect(flash(page, "Question added.")).to_be_visible()


def test_designer_builds_members_answer_designer_reads_results(server, new_context, axe_check):
    make_admins(server, DANA, NOOR, BEA)
    noor = signed_in_page(new_context, NOOR, axe=True)
    _set_discipline(noor, NOOR)
    bea = signed_in_page(new_context, BEA, axe=True)
    _set_discipline(bea, BEA)

    dana = signed_in_page(new_context, DANA, axe=True)
    dana.goto("/consultations")
    dana.get_by_role("link", name="Create a consultation").click()
    today = datetime.now(ZoneInfo("Europe/London")).date()
    dana.get_by_label("Title").fill(TITLE)
    dana.get_by_label("Purpose").fill("We are designing the academy with you.")
    dana.get_by_label("A culture of learning").check()
    dana.get_by_label("Opens on").fill(today.isoformat())
    dana.get_by_label("Closes on").fill((today - timedelta(days=1)).isoformat())
    dana.get_by_label("Members of some disciplines").check()
    dana.get_by_label("Medicine").check()
    dana.get_by_label("Pharmacy").check()
    dana.get_by_label("Anonymous: answers are not linked").check()
    dana.get_by_role("button", name="Save").click()
    # A closing date before the opening date: the message beside the field, the rest kept.
    expect(dana.get_by_role("alert")).to_contain_text("The closing date must be on or after the opening date")
    expect(dana.get_by_label("Title")).to_have_value(TITLE)
    axe_check(dana, "/consultations/new with an error")
    dana.get_by_label("Closes on").fill((today + timedelta(days=14)).isoformat())
    dana.get_by_role("button", name="Save").click()
    expect(heading(dana, TITLE)).to_be_visible()

    _add_question(dana, "Single choice", "Which format would you use most?", "Workshops\nOnline sessions\nCoaching")
    _add_question(dana, "Scale from 1 to 5", "How supported do you feel?", low="Not at all", high="Very well")
    _add_question(dana, "Multiple choice", "Which topics first?", "Strategy\nCulture\nInequalities", required=False)
    _add_question(dana, "Free text", "What one thing should we do first?", required=False)
    dana.get_by_role("button", name="Move up").nth(2).click()   # free text above the multiple choice
    expect(dana.locator(".community-question").nth(2)).to_contain_text("What one thing should we do first?")
    axe_check(dana, "consultation builder")
    dana.get_by_role("link", name="Preview as members see it").click()
    expect(dana.locator("#anonymous-notice")).to_be_visible()
    axe_check(dana, "preview")
    dana.get_by_role("link", name="Back to the consultation").click()
    dana.get_by_role("button", name="Publish and tell members").click()
    expect(flash(dana, "Published. 2 members were told")).to_be_visible()
    assert "/consultations/" in server.link_mailed_to(NOOR.email, "/consultations/")

    # Nia sees it on her home page, answers the first question and saves.
    noor.goto("/")
    noor.get_by_role("link", name=TITLE).first.click()
    expect(noor.locator("#anonymous-notice")).to_contain_text("can still identify you")
    noor.get_by_label("Online sessions").check()
    noor.get_by_role("button", name="Save and come back later").click()
    expect(flash(noor, "Your answers are saved")).to_be_visible()
    # She comes back later: her choice is still there; submitting without the scale is refused.
    noor.goto("/")
    noor.get_by_role("link", name=TITLE).first.click()
    expect(noor.get_by_label("Online sessions")).to_be_checked()
    noor.get_by_role("textbox", name="Your answer to question 3").fill("Protect time for learning")
    noor.get_by_role("button", name="Submit answers").click()
    expect(noor.get_by_role("alert")).to_contain_text("Answer this question")
    expect(noor.get_by_role("textbox", name="Your answer to question 3")).to_have_value("Protect time for learning")
    axe_check(noor, "answer form with an error")
    noor.get_by_label("4", exact=True).check()
    noor.get_by_role("button", name="Submit answers").click()
    expect(flash(noor, "Thank you")).to_be_visible()

    bea.goto("/consultations")
    bea.get_by_role("link", name=TITLE).first.click()
    axe_check(bea, "answer form")
    bea.get_by_label("Workshops").check()
    bea.get_by_label("2", exact=True).check()
    bea.get_by_label("Culture").check()
    bea.get_by_role("button", name="Submit answers").click()
    expect(flash(bea, "Thank you")).to_be_visible()

    # Dana closes it and reads the results: charts with tables, and the breakdown held back.
    dana.get_by_role("button", name="Close it now").click()
    expect(flash(dana, "Closed.")).to_be_visible()
    dana.get_by_role("link", name="Results").click()
    expect(dana.get_by_text("2 submitted responses")).to_be_visible()
    expect(dana.locator("svg.community-chart")).to_have_count(3)
    expect(dana.locator("#suppression-note")).to_contain_text("too few responses to show any group")
    expect(dana.get_by_text("Protect time for learning")).to_be_visible()
    axe_check(dana, "results")
    with dana.expect_download() as download:
        dana.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert {r["option"]: r["count"] for r in rows if r["question"] == "Which format would you use most?"} == {
        "Workshops": "1", "Online sessions": "1", "Coaching": "0"}
    assert not [r for r in rows if r["section"] in ("discipline", "organisation", "place")]
    dana.get_by_role("button", name="Publish results to members").click()
    expect(flash(dana, "Results published")).to_be_visible()

    bea.goto("/consultations")
    bea.get_by_role("link", name=TITLE).last.click()
    expect(bea.get_by_role("heading", level=1)).to_have_text(TITLE)
