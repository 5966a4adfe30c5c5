"""Settings of `make bench`'s content server: production settings plus the peer app.

The peer (stock graphene-django over plain models, Wagtail's stock REST v2) is mounted
under /peer/ beside the club's own endpoints, in the same gunicorn processes, so both
sides are served the same way. Never used outside the benchmark.
"""

from portal.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "portal.bench.peer"]  # noqa: F405
ROOT_URLCONF = "portal.bench.urls"
WSGI_APPLICATION = "portal.bench.wsgi.application"
