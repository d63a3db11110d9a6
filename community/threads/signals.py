"""What happened in a thread, for the domains that react to it (notifications, live updates,
moderation) without the posting services knowing about them.

Each signal is sent inside the writing transaction, after the rows are flushed, so a receiver
that writes rows joins the same commit and a receiver that must wait for the commit (mail,
broadcasts) queues itself with `community.db.on_commit`. Receivers must not commit.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent before a post is written or an edit saved, outside the writing transaction. sender: the
# author (Member); kwargs: text, post (the post being edited; None for a new post). A receiver
# raises a domain error (RateLimited) to refuse, or returns why the post must be held for review
# (None to let it through). Moderation answers it; posting does not know who does.
screening = _signals.signal("screening")

# sender: the new Post (opening post of a new thread, or a comment); kwargs: author, thread.
# A post held for review (Post.held_at) is not announced when written, but when a moderator
# approves it (community.moderation.services.review.approve_post), in the approving transaction.
post_created = _signals.signal("post-created")
# sender: the edited Post; kwargs: member (who edited)
post_edited = _signals.signal("post-edited")
# sender: the removed Post; kwargs: member (who removed it)
post_deleted = _signals.signal("post-deleted")
# sender: the Post reacted to; kwargs: member, kind
reaction_added = _signals.signal("reaction-added")
# sender: the Thread; kwargs: member, number (they have now read every post up to this number)
thread_read = _signals.signal("thread-read")

# Who may see what changed (community.visibility): moderation sends these inside its transaction,
# after the rows are flushed, as posting sends the ones above. Search, live delivery and anything
# else that keeps a copy of what members may read listen here instead of importing moderation.
# sender: the Post; kwargs: member (the moderator), reason
post_hidden = _signals.signal("post-hidden")
# sender: the Post; kwargs: member, reason
post_unhidden = _signals.signal("post-unhidden")
# sender: the Post released from review; kwargs: member, reason. (post_created follows it, since
# an approved post is announced as if just posted.)
post_approved = _signals.signal("post-approved")
# sender: the Thread; kwargs: member, source and target (the Spaces), reason
thread_moved = _signals.signal("thread-moved")
# sender: the Thread; kwargs: member, reason (locked: only moderators may write in it now)
thread_locked = _signals.signal("thread-locked")
# sender: the Thread; kwargs: member, reason
thread_unlocked = _signals.signal("thread-unlocked")
# sender: the Thread, whose visibility (hidden_at, held_at) changed; kwargs: member
thread_visibility_changed = _signals.signal("thread-visibility-changed")
