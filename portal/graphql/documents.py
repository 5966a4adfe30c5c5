"""A bounded cache of parsed and validated GraphQL documents.

The members' site sends the same few documents (the persisted operations) over and over;
parsing and validating one costs ~4 ms, more than the rows of a typical list. A document
that parsed and passed validation against a schema under a set of rules passes again, so
it is kept, keyed by everything that decided the outcome: its text, the schema, whether
introspection was allowed, and the size limits it was parsed under. Documents that fail
are not kept (each failure is answered afresh), and the cache holds at most
`MAX_DOCUMENTS` entries, the least recently used leaving first, so a client sending
endless distinct documents costs memory bounded by that number and the body size limit.
Variables are not part of a document: the cost limits, which depend on them, still run
for every request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from graphql import DocumentNode, GraphQLSchema

from portal.graphql.limits import Limits

MAX_DOCUMENTS = 256


class DocumentCache:
    """A thread-safe least-recently-used map from a document's key to its parsed AST."""

    def __init__(self, max_size: int = MAX_DOCUMENTS) -> None:
        self.max_size = max_size
        self._entries: OrderedDict[Hashable, DocumentNode] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*, schema: GraphQLSchema, query: str, open_schema: bool, limits: Limits) -> Hashable:
        return (schema, open_schema, limits.max_tokens, limits.max_body_bytes, query)

    def get(self, key: Hashable) -> DocumentNode | None:
        with self._lock:
            document = self._entries.get(key)
            if document is not None:
                self._entries.move_to_end(key)
            return document

    def put(self, key: Hashable, document: DocumentNode) -> None:
        with self._lock:
            self._entries[key] = document
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


validated_documents = DocumentCache()
