import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the GraphQL schema) lives as long as the
# process: moving it out of the collector's reach removes 90-130 ms full-collection pauses
# from request latency (see docs/performance.md). With a pre-forking server, forked workers
# share these pages copy-on-write.
gc.freeze()
