"""The member's ticket files under /events/."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path(
        "registrations/<int:registration_id>/ticket.<str:kind>",
        views.ticket_qr_view,
        name="ticket-qr",
    ),
    path(
        "registrations/<int:registration_id>/event.ics",
        views.ticket_ics_view,
        name="ticket-ics",
    ),
]
