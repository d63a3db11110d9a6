"""/admin/spaces: admins create, rename, describe and order the discussion spaces."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from ..errors import InvalidInput
from ..forms import CommunityForm
from ..permissions import require
from ..web import form_failed, render_form
from .services import spaces

bp = Blueprint("spaces", __name__)


class SpaceForm(CommunityForm):
    # Lengths are judged by the service, which also sees names already taken.
    name = StringField("Name", validators=[Length(max=1000)])
    description = TextAreaField("Description", validators=[Length(max=5000)])


@bp.route("/admin/spaces", methods=["GET", "POST"])
@login_required
def index():
    require(current_user, "spaces.manage")
    form = SpaceForm()
    if form.validate_on_submit():
        try:
            space = spaces.create(current_user, name=form.name.data, description=form.description.data)
        except InvalidInput as error:
            return form_failed("threads/spaces_admin.html", form, error, spaces=spaces.ordered())
        flash(f"Space “{space.name}” created.")
        return redirect(url_for("spaces.index"))
    return render_form("threads/spaces_admin.html", form, spaces=spaces.ordered())


@bp.route("/admin/spaces/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    require(current_user, "spaces.manage")
    space = spaces.by_slug(slug)
    form = SpaceForm(obj=space)
    if form.validate_on_submit():
        try:
            spaces.update(current_user, space, name=form.name.data, description=form.description.data)
        except InvalidInput as error:
            return form_failed("threads/space_edit.html", form, error, space=space)
        flash(f"Space “{space.name}” saved.")
        return redirect(url_for("spaces.index"))
    return render_form("threads/space_edit.html", form, space=space)


@bp.route("/admin/spaces/<slug>/move", methods=["POST"])
@login_required
def move(slug: str):
    require(current_user, "spaces.manage")
    space = spaces.by_slug(slug)
    try:
        spaces.move(current_user, space, request.form.get("direction", ""))
    except InvalidInput as error:
        flash(error.errors["direction"], "error")
    return redirect(url_for("spaces.index"))
