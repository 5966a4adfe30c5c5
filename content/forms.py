"""The page editor's form for every club page: domain publish rules shown on the fields.

`ClubPage.publish()` enforces the same rules on every publication path, but the editor's
"publish" button goes through Wagtail's publish action directly, and a refusal there would
be a server error. So the form runs `publish_errors()` first, whenever the POST is about to
publish (publish, submit to or restart a workflow, or approve its last step), and shows the
Chinese messages next to the fields, leaving the page unpublished.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Task

from content import rules


class ClubPageForm(WagtailAdminPageForm):
    def _post_clean(self) -> None:
        super()._post_clean()
        if self._errors or not self._publication_requested():
            return
        user, now = self._publisher_and_time()
        submitting = bool(
            self.data.get("action-submit") or self.data.get("action-restart-workflow")
        )
        errors = self.instance.publish_errors(user=user, now=now)
        if self.data.get("action-publish"):
            # Publishing from the editor makes a new revision, which no workflow step has
            # approved yet (a project needs its legal approval: see ProjectPage).
            errors += self.instance.publication_process_errors(revision=None)
        for error in errors:
            if submitting and error.code in rules.WAIVABLE_AT_REVIEW:
                continue  # the reviewer's approval decides (see content.rules)
            field = error.field if error.field in self.fields else None
            self.add_error(field, ValidationError(error.message, code=error.code))

    def _publisher_and_time(self) -> tuple[object | None, datetime]:
        """Who publishes, and when. A scheduled publication happens at go-live with nobody
        at the controls, so it must satisfy the rules then, without a personal override."""
        now = timezone.now()
        go_live_at = self.cleaned_data.get("go_live_at")
        if go_live_at and go_live_at > now:
            return None, go_live_at
        return self.for_user, now

    def _publication_requested(self) -> bool:
        data = self.data
        if data.get("action-publish"):
            return self._user_can_publish()
        if data.get("action-submit") or data.get("action-restart-workflow"):
            return True
        if data.get("action-workflow-action") and data.get("workflow-action-name") == "approve":
            return self._approving_last_step()
        return False

    def _user_can_publish(self) -> bool:
        """Wagtail treats "publish" from someone without the right as a plain save."""
        user = self.for_user
        if user is None:
            return True
        if self.instance.pk:
            return self.instance.permissions_for_user(user).can_publish()
        parent = self.parent_page
        return parent is None or parent.permissions_for_user(user).can_publish_subpage()

    def _approving_last_step(self) -> bool:
        """Approving the last step of a workflow publishes the page."""
        state = self.instance.current_workflow_state if self.instance.pk else None
        if state is None or state.current_task_state is None:
            return False
        remaining = (
            Task.objects.filter(workflow_tasks__workflow_id=state.workflow_id, active=True)
            .exclude(task_states__in=state.successful_task_states)
            .exclude(pk=state.current_task_state.task_id)
        )
        return not remaining.exists()
