"""Digests run from cron have no request: links come from BASE_URL when SERVER_NAME is unset."""
import pytest

from community.notifications import services
from community.threads.services import posting
from tests.factories import make_member, make_space, make_thread


@pytest.fixture
def app_config():
    return {"SERVER_NAME": None, "BASE_URL": "https://community.example.org"}


def test_digest_links_use_base_url(app, ctx, outbox):
    make_space()
    member, writer = make_member(), make_member()
    services.set_digest_frequency(member, "daily")
    thread = make_thread(member)
    posting.add_comment(writer, thread, body="News")
    result = app.test_cli_runner().invoke(args=["notifications", "send-digests"])
    assert result.output == "Digests (daily): 1 queued, 1 notification.\n"
    links = outbox.links(outbox.to(member.email)[0])
    assert f"https://community.example.org/threads/{thread.id}?page=1#post-2" in links
    assert "https://community.example.org/notifications/settings" in links
