from django.urls import path

from payments.views import stripe_webhook

app_name = "payments"

urlpatterns = [path("stripe/webhook/", stripe_webhook, name="stripe-webhook")]
