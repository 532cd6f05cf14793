"""A workshop burst: many guests join one review by its code and send their
answers while the facilitator's screen polls and the facilitator moves the
reveal stages on.

Guests are threads with a browser each (their own cookies), arriving evenly
over the burst's seconds; the facilitator is a process of its own.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as ConnectionType
from multiprocessing.synchronize import Event as EventType

from sqlalchemy import create_engine, func, select

from bench.server import Browser
from ltoapp.framework import load_framework
from ltoapp.reviews.models import Participant, Rating, Response

POLL_SECONDS = 3.0
#: How long after the last arrival the guests may take, whatever happens.
GRACE_SECONDS = 45.0


@dataclass(frozen=True)
class Burst:
    """One burst's shape: who joins which review, how fast."""

    name: str
    review_id: int
    join_code: str
    guests: int
    arrival_seconds: float


@dataclass
class BurstFigures:
    guests: int
    submitted: int = 0
    stored: int = 0
    ratings_stored: int = 0
    #: Participants with more than one response: must be none.
    stored_twice: int = 0
    ratings_sent: int = 0
    stage_moves: int = 0
    errors: list[str] = field(default_factory=list)
    join_seconds: list[float] = field(default_factory=list)
    submit_seconds: list[float] = field(default_factory=list)
    poll_seconds: list[float] = field(default_factory=list)
    wall_seconds: float = 0.0


def questionnaire(
    rng: random.Random, number: int, question_keys: list[str]
) -> dict[str, str]:
    """A complete set of answers: every question in columns A, B and C."""
    answers = {}
    for question_key in question_keys:
        for column in ("A", "B", "C"):
            value = str(rng.randint(1, 10)) if rng.random() > 0.05 else "dk"
            answers[f"rating-{question_key}-{column}"] = value
        answers[f"comment-{question_key}"] = ""
    answers["other_comments"] = f"Guest {number} was here." if number % 5 == 0 else ""
    return answers


def guest(
    base: str,
    shape: Burst,
    number: int,
    start_at: float,
    question_keys: list[str],
    burst: BurstFigures,
    lock: threading.Lock,
) -> None:
    """Join the review by its code, fill in the questionnaire, submit it."""
    rng = random.Random(number)
    time.sleep(max(0.0, start_at - time.monotonic()))
    browser = Browser(base)
    join = f"/join/{shape.join_code}"
    respond = f"/reviews/{shape.review_id}/respond"
    try:
        token, _ = browser.csrf_token(join)
        side = ("partnership", "lto", "partnership", "neutral")[number % 4]
        status, _, location, join_took = browser.request(
            join, {"csrf_token": token, "side": side, "display_name": f"Guest {number}"}
        )
        if status != 302 or location != respond:
            raise RuntimeError(f"joining answered {status} {location}")
        token, _ = browser.csrf_token(respond)
        # People take a moment over the form; this spreads the submits.
        time.sleep(rng.uniform(0.5, 3.0))
        answers = questionnaire(rng, number, question_keys)
        # "Don't know" is stored too, as a rating without a value.
        sent = sum(1 for key in answers if key.startswith("rating-"))
        answers["csrf_token"] = token
        status, _, location, submit_took = browser.request(respond, answers)
        if status != 302 or not location.endswith("/thanks"):
            raise RuntimeError(f"submitting answered {status} {location}")
        status, *_ = browser.request(location)
        if status != 200:
            raise RuntimeError(f"the thank-you page answered {status}")
    except Exception as error:  # every failure is a figure
        with lock:
            burst.errors.append(f"guest {number}: {error}")
        return
    with lock:
        burst.submitted += 1
        burst.ratings_sent += sent
        burst.join_seconds.append(join_took)
        burst.submit_seconds.append(submit_took)


#: Moves a review to the reveal stage with this number (0 = counts only).
StageMover = Callable[[Browser, int, int], None]


def facilitator(
    browser: Browser,
    path: str,
    review_id: int,
    stages: list[tuple[float, int]],
    move_stage: StageMover | None,
    stop: EventType,
    results: ConnectionType,
) -> None:
    """Poll the live screen every few seconds and move the reveal stages on.

    Runs in a process of its own, as the facilitator's laptop would: in the
    guests' process it would wait for their threads' turn at the GIL, and
    that wait would be counted as the server's. ``stages`` holds (monotonic
    time, stage) pairs. Sends back the seconds each poll took, the stage
    moves made and the errors, once, at the end.
    """
    polls: list[float] = []
    errors: list[str] = []
    moves = 0
    pending = sorted(stages)
    while not stop.is_set():
        try:
            if move_stage is not None and pending and pending[0][0] <= time.monotonic():
                move_stage(browser, review_id, pending.pop(0)[1])
                moves += 1
            status, _, _, took = browser.request(path)
            if status != 200:
                raise RuntimeError(f"poll answered {status}")
            polls.append(took)
        except Exception as error:  # every failure is a figure
            errors.append(f"facilitator: {error}")
        stop.wait(POLL_SECONDS)
    results.send((polls, moves, errors))


def workshop_burst(
    base: str,
    url: str,
    shape: Burst,
    admin: Browser,
    poll_path: str,
    move_stage: StageMover | None = None,
    stage_count: int = 4,
) -> BurstFigures:
    """Run one burst; return what the guests and the facilitator saw and
    what the database holds afterwards."""
    question_keys = list(load_framework().question_keys)
    burst = BurstFigures(guests=shape.guests)
    lock = threading.Lock()
    # Forked before any guest thread starts.
    processes = multiprocessing.get_context("fork")
    stop = processes.Event()
    results, poller_results = processes.Pipe(duplex=False)
    began = time.monotonic()
    # Counts while answers come in, then each later stage in turn, the last
    # as the last guests arrive.
    stages = [
        (began + shape.arrival_seconds * n / stage_count, n) for n in range(stage_count)
    ]
    poller = processes.Process(
        target=facilitator,
        args=(
            admin,
            poll_path,
            shape.review_id,
            stages,
            move_stage,
            stop,
            poller_results,
        ),
        daemon=True,
    )
    guests = [
        threading.Thread(
            target=guest,
            args=(
                base,
                shape,
                number,
                began + shape.arrival_seconds * number / shape.guests,
                question_keys,
                burst,
                lock,
            ),
            daemon=True,
        )
        for number in range(shape.guests)
    ]
    poller.start()
    for thread in guests:
        thread.start()
    deadline = began + shape.arrival_seconds + GRACE_SECONDS
    for thread in guests:
        thread.join(max(0.0, deadline - time.monotonic()))
    stop.set()
    if results.poll(35):
        burst.poll_seconds, burst.stage_moves, poll_errors = results.recv()
        burst.errors.extend(poll_errors)
    else:
        burst.errors.append("the facilitator's poller did not finish")
    poller.join(5)
    if poller.is_alive():
        poller.kill()
    burst.wall_seconds = time.monotonic() - began
    unfinished = sum(thread.is_alive() for thread in guests)
    if unfinished:
        burst.errors.append(f"{unfinished} guests unfinished after the deadline")
    count_stored(url, shape.review_id, burst)
    return burst


def count_stored(url: str, review_id: int, burst: BurstFigures) -> None:
    """Read back what the database holds for the burst's review."""
    in_review = (
        select(Response.id)
        .join(Participant, Response.participant_id == Participant.id)
        .where(Participant.review_id == review_id)
    )
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            burst.stored = connection.scalar(
                select(func.count()).select_from(in_review.subquery())
            )
            burst.ratings_stored = connection.scalar(
                select(func.count(Rating.id)).where(Rating.response_id.in_(in_review))
            )
            per_participant = (
                select(Response.participant_id)
                .join(Participant, Response.participant_id == Participant.id)
                .where(Participant.review_id == review_id)
                .group_by(Response.participant_id)
                .having(func.count() > 1)
            )
            burst.stored_twice = connection.scalar(
                select(func.count()).select_from(per_participant.subquery())
            )
    finally:
        engine.dispose()
