"""A live server for tests that need real HTTP: browsers and racing threads."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server


def closed_before_sending(app: Flask):
    """Wrap the app so the server only ever holds a finished body.

    Werkzeug's development server drains the socket before it closes the
    app's iterable, and skips the close when that read meets a connection
    the browser has already reset (moving on to the next page). A static
    file's handle then stays open until garbage collection, and pytest,
    which treats warnings as errors, blames whichever test is running at
    that moment. Reading the body and closing the iterable here means the
    server has nothing left to leak; none of the app's responses stream.
    """

    def wsgi(environ, start_response) -> Iterable[bytes]:
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()

    return wsgi


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve the app on a free port in a thread; yield its base address."""
    server = make_server("127.0.0.1", 0, closed_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
