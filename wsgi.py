"""The WSGI entry point for production: ``gunicorn wsgi:app`` behind HTTPS."""

from werkzeug.middleware.proxy_fix import ProxyFix

from ltoapp import create_app
from ltoapp.config import PRODUCTION_SETTINGS
from ltoapp.security import require_fixed_host

app = create_app(PRODUCTION_SETTINGS)
require_fixed_host(app.config)
# The reverse proxy says which client and scheme a request came from; rate
# limits and links need the real ones. Only the hops in front of ltoapp that
# docs/deploy.md describes are trusted (PROXY_HOPS, one nginx by default), and
# never X-Forwarded-Host: links use SERVER_NAME, not what a client claims.
if hops := app.config["PROXY_HOPS"]:
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)
