"""People and a space the thread-moderation tests share (set up in a request context)."""
import pytest

from tests.factories import make_member, make_space


@pytest.fixture
def space(ctx):
    return make_space()


@pytest.fixture
def author(space):
    return make_member(name="Ada Author", discipline="medicine")


@pytest.fixture
def member(space):
    return make_member(name="Nia Nurse", discipline="nursing")


@pytest.fixture
def moderator(space):
    return make_member(name="Mo Moderator", discipline="pharmacy", roles=("moderator",))
