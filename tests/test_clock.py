"""The app's one clock: every "today" follows the ``TODAY`` setting."""

from __future__ import annotations

from datetime import date

from ltoapp.accounts.operations import add_membership
from ltoapp.clock import today
from ltoapp.extensions import db
from ltoapp.relationships.forms import RelationshipForm
from ltoapp.reviews.forms import StartReviewForm

FIXED = date(2024, 2, 29)


def test_today_follows_the_setting(app):
    app.config["TODAY"] = FIXED
    assert today() == FIXED


def test_a_new_membership_starts_on_the_apps_today(app, make_person, make_lto):
    app.config["TODAY"] = FIXED
    membership = add_membership(make_person(), make_lto())
    db.session.commit()
    assert membership.joined_on == FIXED


def test_date_boxes_start_on_the_apps_today(app):
    app.config["TODAY"] = FIXED
    with app.test_request_context():
        assert StartReviewForm().held_on.data == FIXED
        assert RelationshipForm().started_on.data == FIXED
