"""The WSGI entry point for production: ``gunicorn wsgi:app`` behind HTTPS."""

from werkzeug.middleware.proxy_fix import ProxyFix

from ltoapp import create_app
from ltoapp.config import PRODUCTION_SETTINGS

app = create_app(PRODUCTION_SETTINGS)
# The reverse proxy says which client and scheme a request came from; rate
# limits and links need the real ones.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
