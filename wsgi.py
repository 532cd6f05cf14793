"""The WSGI entry point for production: ``gunicorn wsgi:app`` behind HTTPS."""

from ltoapp import create_app
from ltoapp.config import PRODUCTION_SETTINGS
from ltoapp.security import behind_proxy, require_fixed_host

app = create_app(PRODUCTION_SETTINGS)
# Links must not take a forged Host, and rate limits need the client's real
# address from the proxy in front (docs/deploy.md).
require_fixed_host(app.config)
behind_proxy(app)
