"""The service API: filing complaints (members and guests), the member's own complaints
with their public timeline, rating and reopening, the description of editor-built forms,
and the staff queue. Thin: rules live in `service.services`, reads in `service.selectors`.
"""

from portal.graphql.service.mutations import ServiceMutation
from portal.graphql.service.queries import ServiceQuery

__all__ = ["ServiceMutation", "ServiceQuery"]
