"""Moderation operations, one module per kind of work: reports (flags and the review queues),
review (holding, hiding, approving posts), thread_actions (lock, pin, move), members (joiners,
roles, suspensions), screening (what happens to a post before it is written) and audit (the log
every action writes to)."""
