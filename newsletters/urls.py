"""Newsletter links in e-mails, under /newsletters/."""

from django.urls import path

from newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("archive/<slug:slug>/", views.archive, name="archive"),
]
