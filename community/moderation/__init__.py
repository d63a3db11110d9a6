"""Moderation and administration: approving joiners, roles, suspensions."""
