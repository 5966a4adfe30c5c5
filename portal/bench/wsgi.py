"""WSGI entry of the benchmark's content server (as portal/wsgi.py, bench settings)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.bench.settings")
application = get_wsgi_application()
gc.freeze()  # as in production (portal/wsgi.py)
