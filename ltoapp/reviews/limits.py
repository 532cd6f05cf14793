"""Rate limits on every way a join code can be tried.

A code is tried by opening ``/join/<code>`` (GET or POST) or by typing it on
``/join``. Three limits hold, all counted in the limiter's storage (Redis in
production, so across every instance):

- ``JOIN_RATE_LIMIT``: posts per client address, whatever their outcome, so
  one address cannot flood a review with guests.
- ``JOIN_FAILED_RATE_LIMIT``: failed tries per client address. Only a try
  that opens nothing counts, so 200 guests of one workshop joining from one
  church-hall address in a minute are never turned away; a mistyped code now
  and then is far below it.
- ``JOIN_FAILED_GLOBAL_LIMIT``: failed tries from everyone together, so
  guessing from many addresses gains nothing either.

Once a limit is reached every try is refused (429 with ``Retry-After``),
a right code too: otherwise the answer would still tell a guesser which
codes work.

Why guessing stays hopeless (``JOIN_CODE_LENGTH`` in ``operations``): a code
is 9 characters from 31, so there are 31**9 ≈ 2.6e13 codes. Even with 200
reviews open at once, the overall limit of 300 failed tries a minute allows
about 1.6e8 guesses in a whole year of nonstop guessing, which find an open
review with probability 1.6e8 * 200 / 2.6e13 ≈ 0.0012: about once in 800
years. A review's code also dies when it closes to answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from werkzeug.wrappers import Response

from ltoapp.extensions import limiter


def _failed(response: Response) -> bool:
    # 404: the code opens no review; 422: the typed code was refused.
    return response.status_code in (404, 422)


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def limit_join_tries(view: Callable[..., Any]) -> Callable[..., Any]:
    """Apply the three join limits to a view that tries a code."""
    decorators = (
        limiter.shared_limit(
            _setting("JOIN_RATE_LIMIT"), scope="join-posts", methods=["POST"]
        ),
        limiter.shared_limit(
            _setting("JOIN_FAILED_RATE_LIMIT"),
            scope="join-failed-per-client",
            deduct_when=_failed,
        ),
        limiter.shared_limit(
            _setting("JOIN_FAILED_GLOBAL_LIMIT"),
            scope="join-failed-everyone",
            key_func=lambda: "everyone",
            deduct_when=_failed,
        ),
    )
    for decorator in decorators:
        view = decorator(view)
    return view
