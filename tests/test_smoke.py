"""The app starts, answers health checks and serves the public pages."""
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_member


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_member_signs_in_and_sees_home(app, client, ctx):
    member = make_member(name="Ada Lovelace", email="ada@example.nhs.uk")
    response = sign_in(client, "ada@example.nhs.uk", PASSWORD)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Welcome, Ada Lovelace" in page
    assert member.id
