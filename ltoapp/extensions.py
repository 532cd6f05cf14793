"""Flask extensions, created unbound so that any module can import them."""

from __future__ import annotations

from flask_assets import Environment
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from ltoapp.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
assets = Environment()
#: gzip or brotli for text, so a phone on a church hall's wifi downloads a
#: fraction of each page; settings in :mod:`ltoapp.config`.
compress = Compress()
login_manager = LoginManager()
#: In memory by default; ``RATELIMIT_STORAGE_URI`` (e.g. ``redis://...``) shares
#: the counts between several app instances.
limiter = Limiter(key_func=get_remote_address)
