"""The benchmark's peer: stock graphene-django over plain Django models.

Installed only by `portal.bench.settings` (never by the production settings), its tables
are created in the benchmark database alone (`migrate --run-syncdb`, no migrations).
"""
