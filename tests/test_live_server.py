"""The tests' live server leaves no file open when a browser hangs up.

A browser that moves on resets its connection while the server is still
draining it; werkzeug then skips closing the response, and a static file
stayed open until garbage collection failed an unrelated browser test.
"""

from __future__ import annotations

import gc
import socket
import struct
import sys

from flask import Flask

from tests.live import serving


def _hang_up_after_the_headers(base: str, path: str) -> None:
    """Ask for a page with bytes still unread behind it, then reset."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as browser:
        browser.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode() + b"x" * 64
        )
        assert browser.recv(64).startswith(b"HTTP/1.1 200")
        # Linger off: close sends a reset, as a browser abandoning a page does.
        browser.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_a_reset_connection_leaves_no_static_file_open(app: Flask) -> None:
    left_open: list[str] = []
    previous = sys.unraisablehook
    sys.unraisablehook = lambda hook: left_open.append(repr(hook.object))
    try:
        with serving(app) as base:
            for _ in range(5):
                _hang_up_after_the_headers(base, "/static/img/favicon.svg")
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert left_open == []
