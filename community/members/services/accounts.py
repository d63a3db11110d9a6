"""Joining, confirming, signing in, resetting and changing passwords and email."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ...content import clean_text
from ...dates import utcnow
from ...db import atomic, is_unique_violation
from ...disciplines import DISCIPLINES
from ...errors import InvalidInput
from ...extensions import db
from ...links import site_url
from ...mail import queue_mail
from .. import passwords, tokens
from ..models import Member, Organisation

GENERIC_SIGN_IN_ERROR = "Enter a correct email address and password"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> Member | None:
    return db.session.scalar(select(Member).where(func.lower(Member.email) == normalise_email(email)))


def email_domain_allowed(email: str) -> bool:
    allowed = current_app.config["JOIN_ALLOWED_EMAIL_DOMAINS"]
    if not allowed:
        return True
    domain = email.rsplit("@", 1)[-1]
    # A listed domain admits its subdomains: listing nhs.uk admits every trust's xyz.nhs.uk.
    return any(domain == d or domain.endswith("." + d) for d in allowed)


def organisation_named(name: str) -> Organisation | None:
    """The organisation with this name (any case), created if new; None for a blank name."""
    name = " ".join(clean_text(name).split())
    if not name:
        return None
    # The database lower-cases both sides, as its unique index does: Python's lower() differs
    # (SQLite folds ASCII only; PostgreSQL knows no final sigma), and a miss here met the index.
    found = db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == func.lower(name)))
    if found:
        return found
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def join(*, name: str, email: str, password: str, discipline: str, organisation: str,
         consent: bool) -> Member | None:
    """Create an unconfirmed member and mail the confirmation link.

    An address that already has an account gets a warning mail instead, and the caller
    shows the same page either way, so the form never tells who is a member.
    Returns the new member, or None when the address was taken.
    """
    email = normalise_email(email)
    name = " ".join(clean_text(name).split())
    problems = {}
    # Judged after cleaning, as the form could not: nothing printable left, or longer once normalised.
    if not name:
        problems["name"] = "Enter your full name"
    elif len(name) > 120:
        problems["name"] = "Name must be 120 characters or fewer"
    organisation_text = " ".join(clean_text(organisation).split())
    if not organisation_text:
        problems["organisation"] = "Enter the organisation you work for"
    elif len(organisation_text) > 160:
        problems["organisation"] = "Organisation must be 160 characters or fewer"
    if not consent:
        problems["consent"] = "Agree to the community guidelines and privacy notice to join"
    if discipline not in DISCIPLINES:
        problems["discipline"] = "Select your discipline"
    if not email_domain_allowed(email):
        problems["email"] = ("Join with your work email address. This community accepts addresses "
                             "ending in " + ", ".join(current_app.config["JOIN_ALLOWED_EMAIL_DOMAINS"]))
    weak = passwords.problem_with(password, email=email, name=name)
    if weak:
        problems["password"] = weak
    if problems:
        raise InvalidInput(problems)

    password_hash = passwords.hash_password(password)  # also for a taken address: same timing
    existing = find_by_email(email)
    if existing:
        _warn_existing(existing)
        return None
    try:
        with atomic():
            now = utcnow()
            member = Member(
                email=email, name=name, password_hash=password_hash, discipline=discipline,
                organisation=organisation_named(organisation), joined_at=now,
                approved_at=None if current_app.config["JOIN_REQUIRES_APPROVAL"] else now,
            )
            db.session.add(member)
            db.session.flush()
            _send_confirmation(member)
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        # Someone joined with the same address a moment ago.
        existing = find_by_email(email)
        if existing:
            _warn_existing(existing)
        return None
    return member


def _warn_existing(member: Member) -> None:
    with atomic():
        queue_mail(
            member.email, "Someone tried to join Community with your email address",
            f"Hello {member.name},\n\nSomeone, perhaps you, tried to join Community with this email "
            f"address. You already have an account.\n\nSign in: {site_url('auth.login')}\n"
            f"Forgotten your password? Reset it: {site_url('auth.reset_request')}\n\n"
            "If this was not you, you can ignore this email.\n",
        )


def _send_confirmation(member: Member) -> None:
    token = tokens.make(tokens.CONFIRM, {"m": member.id, "e": member.email})
    link = site_url("auth.confirm", token=token)
    queue_mail(
        member.email, "Confirm your email address for Community",
        f"Hello {member.name},\n\nWelcome to Community. Confirm your email address to start "
        f"posting and connecting:\n\n{link}\n\nThis link works for 48 hours.\n",
    )


def resend_confirmation(member: Member) -> None:
    if member.is_confirmed:
        return
    with atomic():
        _send_confirmation(member)


def confirm(token: str) -> Member:
    """Confirm a joining address or a changed one; raise TokenError if the link is no good."""
    max_age = current_app.config["CONFIRM_TOKEN_MAX_AGE"]
    try:
        payload = tokens.read(tokens.CONFIRM, token, max_age)
        purpose = tokens.CONFIRM
    except tokens.TokenError as first:
        try:
            payload = tokens.read(tokens.CHANGE_EMAIL, token, max_age)
            purpose = tokens.CHANGE_EMAIL
        except tokens.TokenError:
            raise first from None
    member = db.session.get(Member, payload["m"])
    if member is None:
        raise tokens.TokenError(expired=False)
    if purpose == tokens.CONFIRM:
        if member.email != payload.get("e"):
            raise tokens.TokenError(expired=False)
        if not member.is_confirmed:
            with atomic():
                member.confirmed_at = utcnow()
        return member
    return _apply_email_change(member, payload.get("e", ""))


def _apply_email_change(member: Member, new_email: str) -> Member:
    if not new_email or member.pending_email != new_email:
        raise tokens.TokenError(expired=False)  # spent, or superseded by a later change
    if find_by_email(new_email):
        with atomic():
            member.pending_email = None
        raise tokens.TokenError(expired=False)
    old_email = member.email
    try:
        with atomic():
            member.email = new_email
            member.pending_email = None
            member.confirmed_at = member.confirmed_at or utcnow()
            queue_mail(
                old_email, "Your Community email address was changed",
                f"Hello {member.name},\n\nThe email address for your Community account is now "
                f"{new_email}. If you did not ask for this, reset your password now: "
                f"{site_url('auth.reset_request')}\n",
            )
    except IntegrityError:
        raise tokens.TokenError(expired=False) from None
    return member


def authenticate(email: str, password: str) -> Member:
    member = find_by_email(email)
    if member is None:
        passwords.spend_time_like_a_check(password)
        raise InvalidInput(email=GENERIC_SIGN_IN_ERROR)
    if not passwords.verify(member.password_hash, password):
        raise InvalidInput(email=GENERIC_SIGN_IN_ERROR)
    if member.is_suspended:
        raise InvalidInput(email="This account is suspended. Contact the academy team if you think "
                                 "this is a mistake")
    return member


def request_reset(email: str) -> None:
    """Mail a reset link if the address has an account; say nothing either way."""
    member = find_by_email(email)
    if member is None or member.is_suspended:
        return
    token = tokens.make(tokens.RESET, {"m": member.id,
                                       "h": tokens.password_fingerprint(member.password_hash)})
    with atomic():
        queue_mail(
            member.email, "Reset your Community password",
            f"Hello {member.name},\n\nUse this link to choose a new password:\n\n"
            f"{site_url('auth.reset', token=token)}\n\n"
            "It works once, for 2 hours. If you did not ask for this, ignore this email: "
            "your password has not changed.\n",
        )


def member_for_reset(token: str) -> Member:
    payload = tokens.read(tokens.RESET, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    member = db.session.get(Member, payload["m"])
    if (member is None or member.is_suspended
            or tokens.password_fingerprint(member.password_hash) != payload.get("h")):
        raise tokens.TokenError(expired=False)
    return member


def reset_password(token: str, password: str) -> Member:
    member = member_for_reset(token)
    _set_password(member, password)
    return member


def change_password(member: Member, current: str, new: str) -> None:
    if not passwords.verify(member.password_hash, current):
        raise InvalidInput(current_password="Your current password is not correct")
    _set_password(member, new, field="new_password")


def _set_password(member: Member, password: str, field: str = "password") -> None:
    weak = passwords.problem_with(password, email=member.email, name=member.name)
    if weak:
        raise InvalidInput({field: weak})
    with atomic():
        member.password_hash = passwords.hash_password(password)
        # Other devices sign out; the caller signs this one back in with the new version.
        member.session_version += 1
        # Following the emailed link proves the address, as confirming would.
        member.confirmed_at = member.confirmed_at or utcnow()


def request_email_change(member: Member, new_email: str, password: str) -> None:
    new_email = normalise_email(new_email)
    if not passwords.verify(member.password_hash, password):
        raise InvalidInput(password="Your password is not correct")
    if new_email == member.email:
        raise InvalidInput(email="That is already your email address")
    if not email_domain_allowed(new_email):
        raise InvalidInput(email="Use an address ending in "
                           + ", ".join(current_app.config["JOIN_ALLOWED_EMAIL_DOMAINS"]))
    with atomic():
        member.pending_email = new_email
        if find_by_email(new_email):
            # Say nothing here about who owns it; the link will not work.
            return
        token = tokens.make(tokens.CHANGE_EMAIL, {"m": member.id, "e": new_email})
        queue_mail(
            new_email, "Confirm your new email address for Community",
            f"Hello {member.name},\n\nConfirm this as your new Community email address:\n\n"
            f"{site_url('auth.confirm', token=token)}\n\n"
            "This link works for 48 hours. Until then, sign in with your current address.\n",
        )
