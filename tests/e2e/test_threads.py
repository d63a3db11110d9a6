"""Browser checks for discussions: an admin sets up a space, a member starts a thread with hostile
markup in it, and no script from it runs; axe-core finds nothing on the thread pages.

The page context bypasses CSP (axe needs to be injected), so an injected script *would* run here:
only the cleaning on write stands between the payloads and the reader.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import Person, heading, sign_in

pytestmark = pytest.mark.e2e

PAYLOADS = "\n\n".join([
    "Plain words first, with **bold** and a [safe link](https://example.org).",
    "<script>window.__xss = 'script'</script>",
    '<img src="x" onerror="window.__xss = \'img\'">',
    '<svg onload="window.__xss = \'svg\'"></svg>',
    "[click me](javascript:window.__xss='md-link')",
    '<a href="javascript:window.__xss=\'a-href\'">and me</a>',
    '<iframe srcdoc="<script>parent.__xss=\'iframe\'</script>"></iframe>',
    "<details open ontoggle=\"window.__xss='details'\">x</details>",
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
])


def post_links(page) -> list[str]:
    return page.locator(".community-post a").evaluate_all("(links) => links.map(a => a.href)")


def test_thread_pages_are_accessible_and_hostile_markup_never_runs(server, new_context, axe_check):
    iris = Person("Iris Thorne", "iris.thorne@example.nhs.uk", "quiet rivers carry lanterns", "")
    server.flask("members", "create-admin", iris.email, "--name", iris.name, "--password", iris.password)
    page = new_context(axe=True).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto("/login")
    sign_in(page, iris)
    page.goto("/admin/spaces")
    expect(heading(page, "Spaces")).to_be_visible()
    page.get_by_label("Name").fill("Quality improvement")
    page.get_by_label("Description").fill("Measuring, testing and spreading what works.")
    page.get_by_role("button", name="Add space").click()
    expect(page.get_by_role("link", name="Quality improvement", exact=True)).to_be_visible()
    axe_check(page, "/admin/spaces")

    page.goto("/threads/new")
    expect(heading(page, "Start a thread")).to_be_visible()
    axe_check(page, "/threads/new")
    page.get_by_role("button", name="Start thread").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page, "/threads/new with errors")

    page.get_by_label("Title").fill("Run charts for small numbers <script>window.__xss='title'</script>")
    page.get_by_label("What do you want to discuss?").fill(PAYLOADS)
    page.get_by_label("Space").select_option(label="Quality improvement")
    page.get_by_label("Pharmacy").check()
    page.get_by_label("Topics").fill("measurement, <b>spc</b>")
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Run charts for small numbers")
    expect(page.get_by_text("Plain words first")).to_be_visible()
    axe_check(page, "/threads/<id>")

    page.get_by_label("Your comment").fill("<script>window.__xss='comment'</script>A comment, "
                                           "<img src=x onerror=\"window.__xss='comment-img'\">")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("A comment,")).to_be_visible()
    axe_check(page, "/threads/<id> with a comment")

    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    assert page.locator(".community-post script, .community-post img, .community-post svg, "
                        ".community-post iframe, .community-post details").count() == 0
    for href in post_links(page):
        assert href.split(":", 1)[0] in ("http", "https", "mailto"), href

    page.goto("/threads")
    expect(heading(page, "Discussions")).to_be_visible()
    axe_check(page, "/threads")
    page.goto("/threads?view=needs")
    axe_check(page, "/threads?view=needs")
    assert page.evaluate("() => window.__xss") is None
