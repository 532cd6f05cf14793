"""Pages for starting a review, joining it, answering it and seeing its results."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ltoapp.access import (
    current_viewer,
    relationship_or_404,
    remember_guest,
    require,
    review_or_404,
)
from ltoapp.audit.models import AuditVerb
from ltoapp.audit.operations import record
from ltoapp.clock import today
from ltoapp.csv_writer import write_csv
from ltoapp.extensions import db
from ltoapp.forms import refuse
from ltoapp.framework import load_framework
from ltoapp.framework.disclosure import Audience
from ltoapp.permissions import (
    audience_for,
    guest_participant_id,
    may_agree_review,
    may_answer_review,
    may_edit_review,
    may_manage_review,
    may_run_reviews,
    may_see_individuals,
    may_start_review,
    may_view_relationship,
)
from ltoapp.relationships import operations as relationship_operations
from ltoapp.relationships.forms import EndingForm
from ltoapp.relationships.operations import EndingRejected
from ltoapp.reviews import dates, export, operations, queries, room
from ltoapp.reviews.forms import (
    DONT_KNOW,
    DONT_KNOW_SHORTHANDS,
    AnonymityForm,
    DraftRejected,
    GuestForm,
    JoinCodeForm,
    NextReviewForm,
    RevealForm,
    StartReviewForm,
    clean_draft,
    comment_field_name,
    paper_form_class,
    parse_paper_rating,
    questionnaire_form_class,
    rating_field_name,
    side_choices,
)
from ltoapp.reviews.limits import limit_join_tries
from ltoapp.reviews.models import Anonymity, Participant, Review, Side
from ltoapp.reviews.questionnaire import draft_key, field_errors, summarise_errors
from ltoapp.reviews.reveal import RevealStage, room_stage, stage_for_viewer
from ltoapp.workflows import Step, wording
from ltoapp.workflows.check_page import render_check
from ltoapp.workflows.registry import current_workflows, workflow_named
from ltoapp.workflows.step_pages import default_next_review, render_step
from ltoapp.workflows.suggestion import suggest_workflow

bp = Blueprint("reviews", __name__)


def _suggested_workflow(relationship) -> tuple[str, str]:
    reviews = relationship.reviews
    last = max((review.held_on for review in reviews), default=None)
    return suggest_workflow(
        current_workflows(),
        reviewed_with=[review.workflow for review in reviews],
        last_review_on=last,
        relationship_ended=not relationship.is_current,
        today=today(),
    )


@bp.route("/relationships/<int:relationship_id>/reviews/new", methods=["GET", "POST"])
@login_required
def start(relationship_id: int) -> str | Response:
    """Start a review of a relationship, choosing its workflow."""
    relationship = relationship_or_404(relationship_id)
    require(may_start_review(current_viewer(), relationship))
    suggested, reason = _suggested_workflow(relationship)
    workflows = current_workflows()
    form = StartReviewForm(workflow=suggested)
    form.workflow.choices = [
        SelectChoice(workflow.key, workflow.name) for workflow in workflows.values()
    ]
    if form.validate_on_submit() and not refuse(
        form.held_on,
        dates.review_date_problem(form.held_on.data, relationship.started_on, today()),
    ):
        workflow = workflows[form.workflow.data]
        review = operations.start_review(
            relationship,
            form.held_on.data,
            workflow,
            facilitator=current_user if current_viewer().is_facilitator else None,
        )
        record(
            current_viewer(),
            AuditVerb.CREATED,
            "review",
            review.id,
            f"Started a {workflow.name.lower()} held on {review.held_on.isoformat()}",
            relationship.id,
        )
        db.session.commit()
        flash(f"The {workflow.name.lower()} has started.", "success")
        return redirect(
            url_for("workflows.step", review_id=review.id, step_key=review.current_step)
        )
    return render_template(
        "reviews/start.html",
        relationship=relationship,
        form=form,
        workflows=workflows,
        suggested=suggested,
        reason=reason,
    ), (422 if form.errors else 200)


@bp.get("/reviews/<int:review_id>")
@login_required
def show(review_id: int) -> str:
    """Show a review: what it is, who has answered, how to join."""
    review = review_or_404(review_id)
    return render_review(review)


def render_review(review: Review, anonymity_form: AnonymityForm | None = None):
    """Render the review's page, with the anonymity form as given (or fresh)."""
    viewer = current_viewer()
    return render_template(
        "reviews/show.html",
        review=review,
        response_count=queries.response_count(review.id),
        may_run=may_run_reviews(viewer, review.relationship),
        may_manage=may_manage_review(viewer, review),
        may_see_individuals=may_see_individuals(viewer, review),
        anonymity_form=anonymity_form
        or AnonymityForm(formdata=None, anonymity=review.anonymity.value),
        first_step=workflow_named(review.workflow).steps[0].key,
        join_url=_join_url(review),
    ), (422 if anonymity_form and anonymity_form.errors else 200)


def _join_url(review: Review) -> str | None:
    if review.join_code is None:
        return None
    return url_for("reviews.join_review", code=review.join_code, _external=True)


@bp.post("/reviews/<int:review_id>/anonymity")
@login_required
def set_anonymity(review_id: int) -> str | Response:
    """Choose what the group sees of each person's answers."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    form = AnonymityForm()
    if not form.validate_on_submit():
        return render_review(review, anonymity_form=form)
    operations.set_anonymity(review, Anonymity(form.anonymity.data))
    record(
        current_viewer(),
        AuditVerb.CHANGED,
        "review",
        review.id,
        f"Chose what the group sees: {form.anonymity.data}",
        review.relationship_id,
    )
    db.session.commit()
    flash("Saved what the group may see.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.post("/reviews/<int:review_id>/close")
@login_required
def close_answers(review_id: int) -> Response:
    """Close the review to new answers: its code and link stop working."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    operations.close_to_answers(review)
    record(
        current_viewer(),
        AuditVerb.CHANGED,
        "review",
        review.id,
        "Closed the review to new answers",
        review.relationship_id,
    )
    db.session.commit()
    flash("The review takes no more answers. The old code no longer works.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


@bp.post("/reviews/<int:review_id>/open")
@login_required
def open_answers(review_id: int) -> Response:
    """Open the review to answers again, with a new code."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    code = operations.open_to_answers(review)
    record(
        current_viewer(),
        AuditVerb.CHANGED,
        "review",
        review.id,
        "Opened the review to answers",
        review.relationship_id,
    )
    db.session.commit()
    flash(f"The review takes answers again. The new code is {code}.", "success")
    return redirect(url_for("reviews.show", review_id=review.id))


def qr_code_svg(url: str, title: str) -> Markup:
    """Draw a QR code of a link as inline SVG, made here rather than fetched."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, title=title, svgclass="qr-code"
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


@bp.get("/reviews/<int:review_id>/slip")
@login_required
def slip(review_id: int) -> str | Response:
    """Show a slip to print or project: the code, the link and its QR code."""
    review = review_or_404(review_id)
    require(may_run_reviews(current_viewer(), review.relationship))
    join_url = _join_url(review)
    if join_url is None:
        flash("The review is closed to answers. Open it again to get a code.", "info")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template(
        "reviews/slip.html",
        review=review,
        join_url=join_url,
        qr_code=qr_code_svg(join_url, f"QR code of the link {join_url}"),
    )


def ratings_step(review: Review) -> Step:
    """Return the step of the review's workflow that asks for ratings."""
    return workflow_named(review.workflow).rating_steps()[0]


def _questionnaire_form_class(review: Review):
    step = ratings_step(review)
    return questionnaire_form_class(
        load_framework(),
        columns=step.columns,
        required_columns=step.required_columns,
        column_questions={
            column: wording(question, current_app.config["LABELS"])
            for column, question in step.column_wording.items()
        },
        comment_max_length=current_app.config["COMMENT_MAX_LENGTH"],
    )


def _questionnaire_form(review: Review, participant: Participant | None):
    """Build the questionnaire, filled with the person's draft or last answers."""
    form_class = _questionnaire_form_class(review)
    if participant is not None and participant.draft is not None:
        # A draft is newer than anything sent: it is what they last saw.
        return form_class(data=participant.draft.answers)
    response = participant.response if participant is not None else None
    if response is None:
        return form_class()
    data = {
        rating_field_name(r.question_key, r.column): (
            DONT_KNOW if r.value is None else str(r.value)
        )
        for r in response.ratings
    }
    data |= {comment_field_name(c.question_key): c.text for c in response.comments}
    data["other_comments"] = response.other_comments
    return form_class(data=data)


def _answering_participant(review: Review) -> Participant | None:
    """Return who is answering: a guest's participant or the signed-in person's."""
    viewer = current_viewer()
    guest = guest_participant_id(viewer, review)
    if guest is not None:
        return db.session.get(Participant, guest)
    if current_user.is_authenticated:
        return db.session.scalar(
            db.select(Participant).filter_by(
                review_id=review.id, person_id=viewer.person_id
            )
        )
    return None


def _back_to_step(review: Review) -> str | None:
    """Return the step a rep came from ("Answer for yourself"), if it is one."""
    key = request.args.get("step", "")
    workflow = workflow_named(review.workflow)
    if review.is_agreed or key not in {step.key for step in workflow.steps}:
        return None
    return url_for("workflows.step", review_id=review.id, step_key=key)


def _draft_key(review: Review, participant: Participant | None) -> str:
    return draft_key(
        review.id,
        current_viewer().person_id if current_user.is_authenticated else None,
        participant.id if participant is not None else None,
    )


@bp.route("/reviews/<int:review_id>/respond", methods=["GET", "POST"])
def respond(review_id: int) -> str | Response:
    """Answer the framework questionnaire for a review (or change your answers)."""
    viewer = current_viewer()
    if not current_user.is_authenticated and not viewer.guest_participants:
        # Most often a guest who opened their link on another phone or
        # browser: say how to carry on, the same for every review id.
        return render_template("reviews/answer_elsewhere.html"), 403
    review = db.session.get(Review, review_id)
    require(
        review is not None
        and (
            guest_participant_id(viewer, review) is not None
            or may_view_relationship(viewer, review.relationship)
        )
    )
    if not may_answer_review(viewer, review):
        flash(
            "This review has been agreed, so it no longer takes answers."
            if review.is_agreed
            else "This review is closed to new answers.",
            "info",
        )
        if may_view_relationship(viewer, review.relationship):
            return redirect(url_for("reviews.results", review_id=review.id))
        return redirect(url_for("reviews.thanks", review_id=review.id))
    framework = load_framework()
    participant = _answering_participant(review)
    form = _questionnaire_form(review, participant)
    step = ratings_step(review)
    unexpected: list[str] = []
    if request.method == "POST":
        unexpected = form.unexpected_fields(list(request.form.keys()))
    if form.validate_on_submit() and not unexpected:
        if participant is None:
            participant = operations.participant_for_person(
                review, current_user, operations.side_for(viewer, review.relationship)
            )
        ratings = {}
        for question in framework.questions:
            for column in step.columns:
                answer = form[rating_field_name(question.key, column)].data
                if answer:
                    ratings[(question.key, column)] = (
                        None if answer == DONT_KNOW else int(answer)
                    )
        first_time = participant.response is None
        response = operations.save_response(
            participant,
            ratings=ratings,
            comments={
                question.key: form[comment_field_name(question.key)].data
                for question in framework.questions
            },
            other_comments=form.other_comments.data,
        )
        record(
            viewer,
            AuditVerb.CREATED if first_time else AuditVerb.CHANGED,
            "response",
            response.id,
            "Answered the questionnaire" if first_time else "Changed their answers",
            review.relationship_id,
        )
        db.session.commit()
        flash("Thank you. Your answers are saved.", "success")
        if may_view_relationship(viewer, review.relationship):
            return redirect(
                _back_to_step(review) or url_for("reviews.results", review_id=review.id)
            )
        return redirect(url_for("reviews.thanks", review_id=review.id))
    form_errors = []
    if unexpected:
        form_errors.append(
            "The form sent answers to questions it does not have. "
            "Check your answers below and send them again."
        )
    return render_template(
        "reviews/respond.html",
        review=review,
        participant=participant,
        form=form,
        form_errors=form_errors,
        summary=summarise_errors(field_errors(form, framework, step.columns)),
        draft_key=_draft_key(review, participant),
        ratings_step=step,
        rating_field_name=rating_field_name,
        comment_field_name=comment_field_name,
    ), (422 if request.method == "POST" else 200)


@bp.post("/reviews/<int:review_id>/draft")
def save_draft(review_id: int) -> tuple[Response, int]:
    """Keep a half-filled questionnaire as the person goes (sent by autosave.js)."""
    viewer = current_viewer()
    review = db.session.get(Review, review_id)
    require(
        review is not None
        and (
            guest_participant_id(viewer, review) is not None
            or (
                viewer.is_signed_in
                and may_view_relationship(viewer, review.relationship)
            )
        )
    )
    if not may_answer_review(viewer, review):
        return jsonify(saved=False, message="This review takes no more answers."), 409
    framework = load_framework()
    step = ratings_step(review)
    try:
        answers = clean_draft(
            request.get_json(silent=True) if request.is_json else request.form,
            rating_fields=frozenset(
                rating_field_name(q.key, column)
                for q in framework.questions
                for column in step.columns
            ),
            text_fields=frozenset(
                [comment_field_name(q.key) for q in framework.questions]
                + ["other_comments"]
            ),
            max_length=current_app.config["COMMENT_MAX_LENGTH"],
        )
    except DraftRejected as problem:
        return jsonify(saved=False, message=str(problem)), 400
    participant = _answering_participant(review) or operations.participant_for_person(
        review, current_user, operations.side_for(viewer, review.relationship)
    )
    operations.save_draft(participant, answers)
    db.session.commit()
    return jsonify(saved=True), 200


@bp.post("/reviews/<int:review_id>/next-review")
@login_required
def set_next_review(review_id: int) -> str | Response:
    """Record the date of the next review."""
    review = review_or_404(review_id)
    require(may_edit_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    form = NextReviewForm()
    if not form.validate_on_submit() or refuse(
        form.next_review_on,
        dates.next_review_problem(form.next_review_on.data, review.held_on),
    ):
        return render_step(
            review, workflow, workflow.next_steps, next_review_form=form, status=422
        )
    operations.set_next_review(review, form.next_review_on.data, by=current_viewer())
    db.session.commit()
    flash("The date of the next review is saved.", "success")
    return redirect(
        url_for("workflows.step", review_id=review.id, step_key=workflow.next_steps.key)
    )


@bp.post("/reviews/<int:review_id>/agree")
@login_required
def agree(review_id: int) -> str | Response:
    """Agree the review, which makes its record read-only."""
    review = review_or_404(review_id)
    require(may_agree_review(current_viewer(), review))
    workflow = workflow_named(review.workflow)
    ending = EndingForm() if workflow.asks_if_relationship_ends else None
    if ending is not None and not ending.validate_on_submit():
        return render_check(review, workflow, ending_form=ending, status=422)
    if review.next_review_on is None:
        review.next_review_on = default_next_review(review, workflow.next_steps)
    operations.agree_review(review, current_user)
    record(
        current_viewer(),
        AuditVerb.AGREED,
        "review",
        review.id,
        f"Agreed the {workflow.name.lower()}",
        review.relationship_id,
    )
    if ending is not None and ending.ends.data == "yes":
        return _end_relationship(review, workflow, ending)
    db.session.commit()
    flash("The review is agreed. This is now its record.", "success")
    return redirect(url_for("workflows.record", review_id=review.id))


def _end_relationship(review: Review, workflow, ending: EndingForm):
    """End the relationship as the exit interview agreed, or say why not."""
    relationship = review.relationship
    try:
        relationship_operations.end_relationship(relationship, ending.ended_on.data)
    except EndingRejected as error:
        db.session.rollback()
        ending.ended_on.errors = [str(error)]
        return render_check(review, workflow, ending_form=ending, status=422)
    record(
        current_viewer(),
        AuditVerb.CHANGED,
        "relationship",
        relationship.id,
        f"Ended the relationship on {relationship.ended_on.isoformat()}",
        relationship.id,
    )
    db.session.commit()
    flash(
        "The review is agreed and the relationship has ended. "
        "Next, record the new organisation and start its induction.",
        "success",
    )
    return redirect(url_for("relationships.show", relationship_id=relationship.id))


@bp.get("/reviews/<int:review_id>/thanks")
def thanks(review_id: int) -> str:
    """Thank a guest for their answers and let them change them."""
    review = db.session.get(Review, review_id)
    require(
        review is not None
        and guest_participant_id(current_viewer(), review) is not None
    )
    return render_template(
        "reviews/thanks.html",
        draft_key=_draft_key(review, _answering_participant(review)),
        **results_context(review),
    )


def results_context(review: Review, audience: Audience | None = None) -> dict:
    """Gather what the results partial needs, as far as the audience may see it.

    The audience is the viewer's own unless given (the group's printout).
    """
    viewer = current_viewer()
    results = queries.review_results(
        review.id,
        current_app.config,
        column=request.args.get("column"),
        audience=audience or audience_for(viewer, review),
    )
    return {
        "review": review,
        "results": results,
        "show_sides": results.disclosure.compare_sides,
        "show_names": results.disclosure.names,
        "show_flat": results.disclosure.flat_profiles,
        "may_see_individuals": results.disclosure.individuals,
        "stage": viewer_stage(review),
    }


def viewer_stage(review: Review) -> RevealStage:
    """Return the stage of the reveal this request's viewer sees the results at."""
    return stage_for_viewer(
        review.reveal_stage,
        runs_review=may_run_reviews(current_viewer(), review.relationship),
        is_agreed=review.is_agreed,
    )


@bp.get("/reviews/<int:review_id>/results")
@login_required
def results(review_id: int) -> str:
    """Show the group results of a review: charts, tables and what to talk about."""
    review = review_or_404(review_id)
    return render_template("reviews/results.html", **results_context(review))


@bp.get("/reviews/<int:review_id>/results/print")
@login_required
def print_results(review_id: int) -> str:
    """Show the results laid out for printing: the group's, or the facilitator's."""
    review = review_or_404(review_id)
    # The group's copy is the default: a printout is passed round the room.
    facilitator_copy = request.args.get("version") == "facilitator"
    if facilitator_copy:
        require(may_run_reviews(current_viewer(), review.relationship))
    audience = Audience.FACILITATOR if facilitator_copy else Audience.ROOM
    return render_template(
        "reviews/print_results.html",
        **results_context(review, audience),
        facilitator_copy=facilitator_copy,
        may_run=may_run_reviews(current_viewer(), review.relationship),
    )


@bp.get("/reviews/<int:review_id>/responses")
@login_required
def responses(review_id: int) -> str:
    """Show each person's ratings, as far as the review's anonymity allows."""
    review = review_or_404(review_id)
    require(may_see_individuals(current_viewer(), review))
    context = results_context(review)
    return render_template(
        "reviews/responses.html",
        **context,
        ratings_step=ratings_step(review),
    )


@bp.get("/reviews/<int:review_id>/results.csv")
@login_required
def results_csv(review_id: int) -> Response:
    """Download a review's results as CSV: rows per person only when allowed."""
    review = review_or_404(review_id)
    disclosure = queries.review_disclosure(
        review, audience_for(current_viewer(), review)
    )
    framework = load_framework()
    labels = current_app.config["LABELS"]
    columns = ratings_step(review).columns
    records = queries.rating_records(review.id)
    if disclosure.individuals:
        body = write_csv(
            export.INDIVIDUAL_HEADER,
            export.individual_rows(
                queries.participant_answers(review.id, records, set()),
                framework,
                columns,
                labels,
                disclosure,
            ),
        )
    else:
        body = write_csv(
            export.AGGREGATE_HEADER,
            export.aggregate_rows(records, framework, columns, labels, disclosure),
        )
    filename = f"review-{review.id}-{review.held_on.isoformat()}-results.csv"
    return current_app.response_class(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def room_results(review: Review) -> dict:
    """Return the live results as far as the room has been shown them."""
    stage = room_stage(review.reveal_stage, is_agreed=review.is_agreed)
    live = queries.live_results(review.id, current_app.config)
    return room.for_the_room(live, stage, current_app.config["LABELS"])


@bp.get("/reviews/<int:review_id>/live")
@login_required
def live(review_id: int) -> str:
    """Show the facilitator's live screen: who has answered and the group's results."""
    review = review_or_404(review_id)
    require(may_run_reviews(current_viewer(), review.relationship))
    return render_template(
        "reviews/live.html",
        review=review,
        live=room_results(review),
        reveal_form=RevealForm(),
    )


@bp.get("/reviews/<int:review_id>/live.json")
@login_required
def live_data(review_id: int) -> Response:
    """Answer the live screen's question every few seconds: the latest results."""
    review = review_or_404(review_id)
    require(may_run_reviews(current_viewer(), review.relationship))
    response = jsonify(room_results(review))
    response.cache_control.no_store = True
    return response


@bp.get("/reviews/<int:review_id>/paper")
@login_required
def paper_questionnaire(review_id: int) -> str:
    """Show this review's questionnaire blank, to print for people who prefer paper."""
    review = review_or_404(review_id)
    return render_template(
        "reviews/paper.html", review=review, ratings_step=ratings_step(review)
    )


def _paper_form(review: Review):
    form = paper_form_class(
        load_framework(),
        ratings_step(review).columns,
        current_app.config["COMMENT_MAX_LENGTH"],
    )()
    form.side.choices = side_choices(current_app.config["LABELS"])
    return form


@bp.route("/reviews/<int:review_id>/paper/enter", methods=["GET", "POST"])
@login_required
def enter_paper(review_id: int) -> str | Response:
    """Type in paper questionnaires, one person after another."""
    review = review_or_404(review_id)
    require(may_manage_review(current_viewer(), review))
    framework = load_framework()
    step = ratings_step(review)
    form = _paper_form(review)
    if form.validate_on_submit():
        ratings = {}
        for question in framework.questions:
            for column in step.columns:
                value = parse_paper_rating(
                    form[rating_field_name(question.key, column)].data or ""
                )
                if value != "":
                    ratings[(question.key, column)] = value
        response = operations.record_response(
            review,
            Side(form.side.data),
            form.display_name.data,
            ratings=ratings,
            comments={},
            other_comments=form.other_comments.data,
            on_paper=True,
        )
        record(
            current_viewer(),
            AuditVerb.CREATED,
            "response",
            response.id,
            "Typed in a paper questionnaire",
            review.relationship_id,
        )
        db.session.commit()
        flash(
            f"Saved paper {queries.paper_count(review.id)}. The form is ready for "
            "the next one.",
            "success",
        )
        return redirect(url_for("reviews.enter_paper", review_id=review.id))
    return render_template(
        "reviews/enter_paper.html",
        review=review,
        form=form,
        ratings_step=step,
        rating_field_name=rating_field_name,
        paper_count=queries.paper_count(review.id),
        dont_know_shorthands=DONT_KNOW_SHORTHANDS,
    ), (422 if form.errors else 200)


@bp.route("/join", methods=["GET", "POST"])
@limit_join_tries
def join() -> str | Response:
    """Type the code of a review to join it."""
    form = JoinCodeForm()
    if form.validate_on_submit():
        review = operations.review_by_join_code(form.code.data)
        if review is not None:
            return redirect(url_for("reviews.join_review", code=review.join_code))
        form.code.errors.append(
            "That code does not open a review. Check it with the facilitator: "
            "codes use letters and the numbers 2 to 9."
        )
    return render_template("reviews/join.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/join/<code>", methods=["GET", "POST"])
@limit_join_tries
def join_review(code: str) -> str | Response:
    """Join a review by its code: say which side you speak for, then answer."""
    review = operations.review_by_join_code(code)
    if review is None:
        return render_template("reviews/code_not_valid.html"), 404
    viewer = current_viewer()
    if guest_participant_id(viewer, review) is not None or (
        current_user.is_authenticated
        and may_view_relationship(viewer, review.relationship)
    ):
        # People already known are not asked again.
        return redirect(url_for("reviews.respond", review_id=review.id))
    form = GuestForm()
    form.side.choices = side_choices(current_app.config["LABELS"])
    if form.validate_on_submit():
        participant = operations.join_as_guest(
            review,
            Side(form.side.data),
            form.display_name.data,
            join_token=form.join_token.data,
        )
        db.session.commit()
        remember_guest(review.id, participant.id)
        return redirect(url_for("reviews.respond", review_id=review.id))
    return render_template("reviews/join_review.html", review=review, form=form), (
        422 if form.errors else 200
    )
