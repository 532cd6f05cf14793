"""What a phone downloads: no chart code where nothing is drawn, compressed
text, and bundles a browser keeps until a new release renames them."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from ltoapp.accounts.models import Role
from tests.conftest import sign_in
from tests.test_review_sessions import all_answers, join_as_guest

SCRIPT = re.compile(r'<script src="(/static/gen/[^"]+)"')


def scripts_of(page: str) -> list[str]:
    return SCRIPT.findall(page)


def download(client, url: str, encoding: str = ""):
    """GET a static file and close it, as a browser would."""
    with client.get(url, headers={"Accept-Encoding": encoding}) as response:
        return response.headers, response.get_data()


def chart_bundle(app) -> str:
    with app.test_request_context():
        from ltoapp.extensions import assets

        (url,) = assets["charts"].urls()
    return url


@pytest.fixture
def review(make_review):
    return make_review()


def test_a_guests_journey_loads_no_chart_code(app, review):
    charts = chart_bundle(app)
    guest = app.test_client()
    pages = [guest.get("/join").text, guest.get(f"/join/{review.join_code}").text]
    guest = join_as_guest(app, review)
    questionnaire = guest.get(f"/reviews/{review.id}/respond")
    assert questionnaire.status_code == 200
    pages.append(questionnaire.text)

    for page in pages:
        assert scripts_of(page), "the app's own script still loads"
        assert charts not in scripts_of(page)


def test_a_page_with_a_chart_loads_chart_code_after_the_apps(
    app, client, make_person, review
):
    # Three answers: fewer make no group to draw (the disclosure rule).
    for name in ("Ann", "Bob", "Cy"):
        guest = join_as_guest(app, review, name=name)
        guest.post(f"/reviews/{review.id}/respond", data=all_answers("6"))
    facilitator = make_person(role=Role.FACILITATOR, facilitates=(review.relationship,))
    page = sign_in(client, facilitator).get(f"/reviews/{review.id}/results").text

    assert "data-radar-chart" in page
    scripts = scripts_of(page)
    # Both are deferred, so they run in this order before the page is ready:
    # the app's drawing code finds Chart.js when the page has loaded.
    assert scripts[-1] == chart_bundle(app)
    assert len(scripts) == 2


@pytest.mark.parametrize(
    ("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_pages_and_bundles_are_compressed(app, review, encoding, decode):
    guest = app.test_client()
    plain = guest.get(f"/join/{review.join_code}")
    packed = guest.get(
        f"/join/{review.join_code}", headers={"Accept-Encoding": encoding}
    )
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 2
    # The same page but for the tokens, which are new for each form.
    token = re.compile(rb'name="(?:csrf|join)_token"[^>]*value="[^"]+"')
    assert token.sub(b"", decode(packed.data)) == token.sub(b"", plain.data)

    for url in [*scripts_of(plain.text), chart_bundle(app)]:
        _, whole = download(guest, url)
        headers, bundle = download(guest, url, encoding)
        assert headers["Content-Encoding"] == encoding
        assert decode(bundle) == whole
        assert len(bundle) < len(whole) / 2


def test_bundles_are_kept_for_a_year_and_pages_are_not(app, review):
    guest = app.test_client()
    page = guest.get(f"/join/{review.join_code}")
    bundle, _ = download(guest, scripts_of(page.text)[0])

    assert bundle["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "immutable" not in page.headers.get("Cache-Control", "")
    favicon, _ = download(guest, "/static/img/favicon.svg")
    assert "immutable" not in favicon.get("Cache-Control", "")


def test_the_chart_bundle_holds_only_the_parts_drawn(app):
    whole = (app.config["NODE_MODULES"] / "chart.js/dist/chart.umd.js").stat().st_size
    _, bundle = download(app.test_client(), chart_bundle(app))

    assert len(bundle) < whole * 0.9
    # Chart.js's licence travels with it.
    assert b"Released under the MIT License" in bundle
