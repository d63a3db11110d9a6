"""Set operations, one function per thing a person means to do: sets (create, edit, invite,
answer), meetings (schedule, change, read) and calendars (.ics, the secret feed)."""
