"""Settings for the test suite: the production settings, with a throwaway key.

DEBUG stays off so tests see production behaviour (introspection limits, error masking).
Tasks run in-process so that a test sees their effect; the real worker is exercised by a
test of its own.
"""

import os

# A developer's `.env` (written by `make run`, DEBUG=1) must not leak into the tests.
os.environ["ENV_FILE"] = ""
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-0123456789"
)
os.environ.setdefault("TASK_BACKEND", "immediate")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The hashed, compressed storage needs `collectstatic` first; the production smoke test
# (tests/test_production_server.py) runs that for real.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests send ad-hoc documents through browser sessions; the persisted-operations rule has
# tests of its own that switch it on.
GRAPHQL_PERSISTED_OPERATIONS_ONLY = False
