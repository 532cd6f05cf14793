"""The WSGI entry point for production: ``gunicorn wsgi:app`` behind HTTPS."""

import gc

from ltoapp import create_app
from ltoapp.config import PRODUCTION_SETTINGS
from ltoapp.security import behind_proxy, require_fixed_host

app = create_app(PRODUCTION_SETTINGS)
# Links must not take a forged Host, and rate limits need the client's real
# address from the proxy in front (docs/deploy.md).
require_fixed_host(app.config)
behind_proxy(app)
# Everything made at start-up (modules, mappers, the framework) lives as
# long as the worker. Frozen, it is left out of the garbage collector's full
# passes, which otherwise walked some 140,000 objects in the middle of a
# request now and then (23-35 ms, a page's whole p95 at programme scale).
gc.freeze()
