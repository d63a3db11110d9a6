"""/consultations: the designers' builder, the members' answer form, results and exports."""
from __future__ import annotations

import json

from flask import Blueprint, Response as HttpResponse, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeSerializer

from ..errors import InvalidInput, apply_to_form
from ..extensions import limiter
from ..forms import options
from ..permissions import can, require
from ..web import form_failed, member_key, page_number, render_form
from .forms import (ConsultationForm, DecisionForm, DecisionStatusForm, IdeaForm, PrincipleForm, QuestionForm,
                    RespondForm, ThemeForm, parse_answers, validated)
from .models import AUDIENCES, DECISION_STATUSES, IDEA_STATUSES, PRINCIPLES, QUESTION_KINDS, RawAnswers
from .services import answering, building, decisions, ideas, results

bp = Blueprint("consultations", __name__)

COOKIE = "community_answers"


# Lists and details ---------------------------------------------------------------------------

@bp.route("/consultations")
@login_required
def index():
    require(current_user, "members.read")
    designer = can(current_user, "consultations.create")
    return render_template("consultations/list.html", open_now=building.open_for(current_user),
                           published_results=building.closed_with_results_for(current_user),
                           everything=building.for_designers() if designer else [],
                           today=building.today(), designer=designer)


def _details_form(consultation=None) -> ConsultationForm:
    data = None
    if consultation is not None and request.method != "POST":
        data = {"title": consultation.title, "purpose": consultation.purpose,
                "opens_on": consultation.opens_on, "closes_on": consultation.closes_on,
                "audience": consultation.audience, "disciplines": consultation.discipline_slugs,
                "principles": consultation.principle_keys, "anonymous": consultation.anonymous}
    form = ConsultationForm(data=data)
    form.principles.choices = options(building.principle_choices())
    return form


def _details(form: ConsultationForm) -> dict:
    return {"title": form.title.data or "", "purpose": form.purpose.data or "",
            "opens_on": form.opens_on.data, "closes_on": form.closes_on.data,
            "audience": form.audience.data or "", "disciplines": form.disciplines.data or [],
            "principles": form.principles.data or [], "anonymous": bool(form.anonymous.data)}


@bp.route("/consultations/new", methods=["GET", "POST"])
@login_required
def new():
    require(current_user, "consultations.create")
    form = _details_form()
    if validated(form):
        try:
            consultation = building.create(current_user, **_details(form))
        except InvalidInput as error:
            return form_failed("consultations/details.html", form, error, consultation=None)
        flash("Consultation saved as a draft. Now add its questions.")
        return redirect(url_for("consultations.build", consultation_id=consultation.id), 303)
    return render_form("consultations/details.html", form, consultation=None)


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.edit", consultation)
    form = _details_form(consultation)
    if validated(form):
        try:
            building.update(current_user, consultation, **_details(form))
        except InvalidInput as error:
            return form_failed("consultations/details.html", form, error, consultation=consultation)
        flash("Details saved.")
        return redirect(url_for("consultations.build", consultation_id=consultation.id), 303)
    return render_form("consultations/details.html", form, consultation=consultation)


# Questions -----------------------------------------------------------------------------------

def _builder(consultation, form, status: int = 200, errors: dict | None = None):
    return render_template("consultations/build.html", consultation=consultation, form=form,
                           kinds=QUESTION_KINDS, principles=building.principle_labels(),
                           audiences=AUDIENCES, locked=building.has_responses(consultation),
                           state=consultation.state_on(building.today()), errors=errors or {}), status


@bp.route("/consultations/<int:consultation_id>/build")
@login_required
def build(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.edit", consultation)
    return _builder(consultation, QuestionForm())


def _question_fields(form: QuestionForm) -> dict:
    return {"kind": form.kind.data or "", "prompt": form.prompt.data or "", "hint": form.hint.data or "",
            "required": bool(form.required.data), "options": form.option_lines,
            "low_label": form.low_label.data or "", "high_label": form.high_label.data or ""}


@bp.route("/consultations/<int:consultation_id>/questions", methods=["POST"])
@login_required
def add_question(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.edit", consultation)
    form = QuestionForm()
    if not form.validate_on_submit():
        return _builder(consultation, form, 422)
    try:
        building.add_question(current_user, consultation, **_question_fields(form))
    except InvalidInput as error:
        apply_to_form(form, error)
        return _builder(consultation, form, error.status)
    flash("Question added.")
    return redirect(url_for("consultations.build", consultation_id=consultation.id) + "#questions", 303)


@bp.route("/consultations/<int:consultation_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(consultation_id: int, question_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.edit", consultation)
    question = building.get_question(consultation, question_id)
    data = None if request.method == "POST" else {
        "kind": question.kind, "prompt": question.prompt, "hint": question.hint, "required": question.required,
        "options": "\n".join(o.label for o in question.options), "low_label": question.low_label,
        "high_label": question.high_label}
    form = QuestionForm(data=data)
    context = {"consultation": consultation, "question": question}
    if form.validate_on_submit():
        try:
            building.update_question(current_user, question, **_question_fields(form))
        except InvalidInput as error:
            return form_failed("consultations/question.html", form, error, **context)
        flash("Question saved.")
        return redirect(url_for("consultations.build", consultation_id=consultation.id) + "#questions", 303)
    return render_form("consultations/question.html", form, **context)


@bp.route("/consultations/<int:consultation_id>/questions/<int:question_id>/<any(up, down, delete):action>",
          methods=["POST"])
@login_required
def change_question(consultation_id: int, question_id: int, action: str):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.edit", consultation)
    question = building.get_question(consultation, question_id)
    try:
        if action == "delete":
            building.delete_question(current_user, question)
            flash("Question removed.")
        else:
            building.move_question(current_user, question, action)
    except InvalidInput as error:
        for message in error.errors.values():
            flash(message, "error")
    return redirect(url_for("consultations.build", consultation_id=consultation.id) + "#questions", 303)


@bp.route("/consultations/<int:consultation_id>/preview")
@login_required
def preview(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.edit", consultation)
    return render_template("consultations/answer.html", consultation=consultation, draft=answering.Draft(),
                           errors={}, preview=True, state="open")


@bp.route("/consultations/<int:consultation_id>/<any(publish, close, copy):action>", methods=["POST"])
@login_required
def act(consultation_id: int, action: str):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.create" if action == "copy" else "consultations.edit", consultation)
    try:
        if action == "publish":
            told = building.publish(current_user, consultation)
            flash(f"Published. {told} member{'s were' if told != 1 else ' was'} told in the app and by email.")
        elif action == "close":
            building.close(current_user, consultation)
            flash("Closed. Members can no longer answer or change their answers.")
        else:
            twin = building.copy(current_user, consultation)
            flash("Copied as a new draft.")
            return redirect(url_for("consultations.build", consultation_id=twin.id), 303)
    except InvalidInput as error:
        for message in error.errors.values():
            flash(message, "error")
    return redirect(url_for("consultations.build", consultation_id=consultation.id), 303)


# Answering -----------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="consultation-answers")


def _tokens() -> dict[str, str]:
    """The anonymous responses this browser holds for the signed-in member: {consultation id: id}."""
    try:
        held = _serializer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return {}
    if not isinstance(held, dict) or held.get("m") != current_user.id or not isinstance(held.get("r"), dict):
        return {}
    return {str(k): v for k, v in held["r"].items() if isinstance(v, str)}


def _keep_token(response: HttpResponse, consultation_id: int, token: str) -> None:
    held = _tokens()
    held[str(consultation_id)] = token
    held = dict(list(held.items())[-50:])
    response.set_cookie(COOKIE, _serializer().dumps({"m": current_user.id, "r": held}),
                        max_age=60 * 60 * 24 * 400, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))


def _answer_page(consultation, draft, errors: dict, status: int = 200, form_error: str = ""):
    return render_template("consultations/answer.html", consultation=consultation, draft=draft, errors=errors,
                           form_error=form_error, preview=False,
                           state=consultation.state_on(building.today()),
                           may_answer=can(current_user, "consultations.answer", consultation)), status


def _typed(raw: RawAnswers, draft: answering.Draft) -> answering.Draft:
    """What the member sent, shown again as typed (nothing they wrote is lost)."""
    return answering.Draft(values=raw.values, ranks=raw.ranks, submitted=draft.submitted,
                           participated=draft.participated, lost=draft.lost)


@bp.route("/consultations/<int:consultation_id>", methods=["GET", "POST"])
@login_required
@limiter.limit("120/hour", methods=["POST"], key_func=member_key)
def show(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.read", consultation)
    token = _tokens().get(str(consultation.id))
    draft = answering.draft_for(current_user, consultation, token)
    if request.method != "POST":
        return _answer_page(consultation, draft, {})
    raw = parse_answers(request.form)
    submit = request.form.get("action") != "save"
    try:
        response = answering.save(current_user, consultation, raw, submit=submit, token=token)
    except InvalidInput as error:
        form_error = error.errors.pop("form", "")
        return _answer_page(consultation, _typed(raw, draft), error.errors, error.status, form_error)
    flash("Thank you. Your answers are saved and count in the results. You can change them until it closes."
          if response.submitted else
          "Your answers are saved. Come back to finish before it closes; they count once you submit them.")
    redirect_to = redirect(url_for("consultations.show", consultation_id=consultation.id), 303)
    if consultation.anonymous:
        _keep_token(redirect_to, consultation.id, response.id)
    return redirect_to


# Results -------------------------------------------------------------------------------------

def _results(consultation, status: int = 200, theme_error: dict | None = None):
    by = request.args.get("by", "discipline")
    if by not in results.DIMENSIONS:
        by = "discipline"
    designer = can(current_user, "consultations.export", consultation)
    return render_template(
        "consultations/results.html", consultation=consultation, total=results.response_count(consultation),
        results=results.summary(consultation, page_number()), text_page=page_number(),
        per_page=results.TEXTS_SHOWN, breakdown=results.breakdown(consultation, by),
        dimensions=results.DIMENSIONS, rates=results.response_rates(consultation) if designer else [],
        k=results.min_group(), designer=designer, state=consultation.state_on(building.today()),
        theme_error=theme_error or {}, may_edit=can(current_user, "consultations.edit", consultation)), status


@bp.route("/consultations/<int:consultation_id>/results")
@login_required
def results_page(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.results", consultation)
    return _results(consultation)


@bp.route("/consultations/<int:consultation_id>/results.csv")
@login_required
def export_csv(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.export", consultation)
    return HttpResponse(results.export_csv(consultation), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="consultation-{consultation.id}-results.csv"'})


@bp.route("/consultations/<int:consultation_id>/results.json")
@login_required
def export_json(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.export", consultation)
    return HttpResponse(json.dumps(results.export_data(consultation), ensure_ascii=False, indent=1),
                        mimetype="application/json", headers={
                            "Content-Disposition": f'attachment; filename="consultation-{consultation.id}-results.json"'})


@bp.route("/consultations/<int:consultation_id>/results/publish", methods=["POST"])
@login_required
def publish_results(consultation_id: int):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.edit", consultation)
    try:
        results.publish_results(current_user, consultation)
    except InvalidInput as error:
        for message in error.errors.values():
            flash(message, "error")
    else:
        flash("Results published. Members who were asked can now read them.")
    return redirect(url_for("consultations.results_page", consultation_id=consultation.id), 303)


@bp.route("/consultations/<int:consultation_id>/questions/<int:question_id>/answers/<response_id>/themes",
          methods=["POST"])
@login_required
def tag(consultation_id: int, question_id: int, response_id: str):
    consultation = building.get(consultation_id)
    require(current_user, "consultations.export", consultation)
    question = building.get_question(consultation, question_id)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            results.tag_answer(current_user, consultation, question, response_id, form.theme.data)
        except InvalidInput as error:
            form.theme.errors = list(error.errors.values())
    if form.theme.errors:
        # Beside the answer it was for, with what the designer typed kept.
        return _results(consultation, 422, {"question": question.id, "response": response_id,
                                            "message": ". ".join(form.theme.errors), "value": form.theme.data or ""})
    flash("Theme added.")
    return redirect(url_for("consultations.results_page", consultation_id=consultation.id) + f"#q{question.id}", 303)


# Principles ----------------------------------------------------------------------------------

@bp.route("/consultations/principles", methods=["GET", "POST"])
@login_required
def principles():
    require(current_user, "consultations.principles")
    form = PrincipleForm()
    context = {"fixed": PRINCIPLES, "choices": building.principle_choices()}
    if form.validate_on_submit():
        try:
            building.add_principle(current_user, form.name.data)
        except InvalidInput as error:
            return form_failed("consultations/principles.html", form, error, **context)
        flash("Principle added.")
        return redirect(url_for("consultations.principles"), 303)
    return render_form("consultations/principles.html", form, **context)


# The idea board ------------------------------------------------------------------------------

def _board(form: IdeaForm, status: int = 200):
    chosen = request.args.get("status", "")
    return render_template("consultations/ideas.html", form=form, listing=ideas.board(current_user, page_number(), chosen),
                           statuses=IDEA_STATUSES, chosen=chosen), status


@bp.route("/ideas", methods=["GET", "POST"])
@login_required
@limiter.limit("20/hour", methods=["POST"], key_func=member_key)
def idea_board():
    require(current_user, "members.read")
    form = IdeaForm()
    if request.method != "POST":
        return _board(form)
    require(current_user, "ideas.post", message="Confirm your email address before you post an idea")
    if not form.validate_on_submit():
        return _board(form, 422)
    try:
        idea = ideas.post_idea(current_user, title=form.title.data, body=form.body.data)
    except InvalidInput as error:
        apply_to_form(form, error)
        return _board(form, error.status)
    flash("Your idea is on the board.")
    return redirect(url_for("consultations.idea", idea_id=idea.id), 303)


def _idea_page(idea, form: RespondForm | None = None, status: int = 200):
    thread = ideas.require_readable(current_user, idea)
    opening = ideas.opening_post(thread)
    form = form or RespondForm(data={"status": idea.status, "response": idea.response})
    return render_template("consultations/idea.html", idea=idea, thread=thread, opening=opening, form=form,
                           supported=ideas.supports(current_user, idea), statuses=IDEA_STATUSES), status


@bp.route("/ideas/<int:idea_id>")
@login_required
def idea(idea_id: int):
    return _idea_page(ideas.get(idea_id))


@bp.route("/ideas/<int:idea_id>/<any(support, withdraw):action>", methods=["POST"])
@login_required
def support_idea(idea_id: int, action: str):
    idea = ideas.get(idea_id)
    ideas.require_readable(current_user, idea)
    try:
        if action == "support":
            ideas.support(current_user, idea)
            flash("You support this idea.")
        else:
            require(current_user, "ideas.post")
            ideas.withdraw_support(current_user, idea)
            flash("You no longer support this idea.")
    except InvalidInput as error:
        for message in error.errors.values():
            flash(message, "error")
    return redirect(url_for("consultations.idea", idea_id=idea.id), 303)


@bp.route("/ideas/<int:idea_id>/respond", methods=["POST"])
@login_required
def respond_to_idea(idea_id: int):
    idea = ideas.get(idea_id)
    require(current_user, "ideas.respond", idea)
    form = RespondForm()
    if not form.validate_on_submit():
        return _idea_page(idea, form, 422)
    try:
        ideas.respond(current_user, idea, status=form.status.data, response=form.response.data)
    except InvalidInput as error:
        apply_to_form(form, error)
        return _idea_page(idea, form, error.status)
    flash("Response saved. The author and supporters are told when the status changes.")
    return redirect(url_for("consultations.idea", idea_id=idea.id), 303)


# You said, we did ----------------------------------------------------------------------------

def _decision_form() -> DecisionForm:
    form = DecisionForm()
    linked_consultations, linked_ideas = decisions.linkable()
    form.consultations.choices = options((c.id, c.title) for c in linked_consultations)
    form.ideas.choices = options((i.id, i.title) for i in linked_ideas)
    return form


def _decisions_page(form: DecisionForm | None, status: int = 200):
    return render_template("consultations/you_said_we_did.html", decisions=decisions.listing(), form=form,
                           statuses=DECISION_STATUSES, status_form=DecisionStatusForm()), status


@bp.route("/you-said-we-did", methods=["GET", "POST"])
@login_required
def you_said_we_did():
    require(current_user, "members.read")
    designer = can(current_user, "decisions.manage")
    form = _decision_form() if designer else None
    if request.method != "POST":
        return _decisions_page(form)
    require(current_user, "decisions.manage")
    if not form.validate_on_submit():
        return _decisions_page(form, 422)
    try:
        decisions.create(current_user, theme=form.theme.data, decision=form.decision.data, change=form.change.data,
                         status=form.status.data, consultation_ids=form.consultations.data or [],
                         idea_ids=form.ideas.data or [])
    except InvalidInput as error:
        apply_to_form(form, error)
        return _decisions_page(form, error.status)
    flash("Added. Everyone who contributed has been told.")
    return redirect(url_for("consultations.you_said_we_did"), 303)


@bp.route("/you-said-we-did/<int:decision_id>/status", methods=["POST"])
@login_required
def decision_status(decision_id: int):
    require(current_user, "decisions.manage")
    decision = decisions.get(decision_id)
    form = DecisionStatusForm()
    try:
        if not form.validate_on_submit():
            raise InvalidInput(status="Choose a status")
        decisions.set_status(current_user, decision, form.status.data)
    except InvalidInput as error:
        for message in error.errors.values():
            flash(message, "error")
    else:
        flash("Status changed. Everyone who contributed has been told.")
    return redirect(url_for("consultations.you_said_we_did") + f"#decision-{decision.id}", 303)
