"""The WSGI entry point: ``gunicorn wsgi:app``."""

from ltoapp import create_app

app = create_app()
