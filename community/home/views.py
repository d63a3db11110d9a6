"""/ for visitors and members, and /healthz for the load balancer."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..consultations.services import building as consultations
from ..extensions import db
from ..members.services import connections, directory
from ..permissions import is_active_member
from ..rooms.services import meetings, sets

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("home/landing.html")
    member = current_user
    active = is_active_member(member)
    network = connections.network(member) if active else None
    suggestions = directory.across_disciplines(member) if active else []
    profile_incomplete = not (member.bio_source and member.tags_of("interest") and member.job_title)
    return render_template("home/home.html", network=network, suggestions=suggestions,
                           profile_incomplete=profile_incomplete, my_sets=sets.sets_of(member),
                           set_invitations=sets.invitations_of(member),
                           upcoming_meetings=meetings.upcoming_for(member, limit=5),
                           consultations=consultations.open_for(member, limit=5) if active else [])


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.route("/guidelines")
def guidelines():
    return render_template("home/guidelines.html")


@bp.route("/privacy")
def privacy():
    return render_template("home/privacy.html")


@bp.route("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="vendor/nhsuk/assets/images/favicon.ico"), code=301)
