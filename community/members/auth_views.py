"""Joining and signing in: /join, /login, /logout, /confirm, /reset."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import InvalidInput
from ..extensions import limiter
from ..web import form_failed, render_form, safe_next
from .forms import JoinForm, LoginForm, ResetForm, ResetRequestForm
from .services import accounts, directory, sessions
from .tokens import TokenError

bp = Blueprint("auth", __name__)


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("5/hour", methods=["POST"])
def join():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = JoinForm()
    organisations = directory.known_organisations()
    if form.validate_on_submit():
        try:
            accounts.join(name=form.name.data, email=form.email.data, password=form.password.data,
                          discipline=form.discipline.data, organisation=form.organisation.data,
                          consent=form.consent.data)
        except InvalidInput as error:
            return form_failed("members/join.html", form, error, organisations=organisations)
        # The same page whether or not the address already had an account.
        return render_template("members/check_email.html", email=accounts.normalise_email(form.email.data),
                               approval=current_app.config["JOIN_REQUIRES_APPROVAL"])
    return render_form("members/join.html", form, organisations=organisations)


@bp.route("/login", methods=["GET", "POST"])
# Failed sign-ins are throttled per address and per network by accounts.authenticate; this only
# bounds the password hashing one network can ask for.
@limiter.limit("60/minute", methods=["POST"])
def login():
    next_url = safe_next(request.args.get("next"), url_for("home.index"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        try:
            member = accounts.authenticate(form.email.data, form.password.data, get_remote_address())
        except InvalidInput as error:
            return form_failed("members/login.html", form, error)
        sessions.start(member)
        login_user(member, remember=form.remember.data)
        return redirect(next_url)
    return render_form("members/login.html", form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Ends this device's session on the server: a copy of its cookies no longer works.
        sessions.end(current_user._get_current_object())
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("home.index"))


@bp.route("/logout/everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    sessions.end_all(current_user._get_current_object())
    logout_user()
    flash("You have signed out on every device.")
    return redirect(url_for("home.index"))


@bp.route("/confirm/<token>")
def confirm(token: str):
    try:
        member = accounts.confirm(token)
    except TokenError as error:
        return render_template("members/link_problem.html", expired=error.expired,
                               kind="confirm"), 400
    flash("Thank you: your email address is confirmed.")
    if current_user.is_authenticated and current_user.id == member.id:
        return redirect(url_for("members.edit_profile"))
    return redirect(url_for("auth.login", next=url_for("members.edit_profile")))


@bp.route("/confirm/resend", methods=["POST"])
@login_required
@limiter.limit("5/hour")
def resend_confirmation():
    accounts.resend_confirmation(current_user)
    flash(f"We have sent a new confirmation link to {current_user.email}.")
    return redirect(url_for("home.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5/hour", methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_reset(form.email.data, get_remote_address())
        # The same answer for every address: the form never tells who is a member.
        return render_template("members/reset_sent.html", email=accounts.normalise_email(form.email.data))
    return render_form("members/reset_request.html", form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
def reset(token: str):
    try:
        accounts.member_for_reset(token)
    except TokenError as error:
        return render_template("members/link_problem.html", expired=error.expired, kind="reset"), 400
    form = ResetForm()
    if form.validate_on_submit():
        try:
            member = accounts.reset_password(token, form.password.data)
        except InvalidInput as error:
            return form_failed("members/reset.html", form, error)
        except TokenError as error:
            return render_template("members/link_problem.html", expired=error.expired, kind="reset"), 400
        sessions.start(member)
        login_user(member)
        flash("Your password has been changed and you are signed in.")
        return redirect(url_for("home.index"))
    return render_form("members/reset.html", form)
