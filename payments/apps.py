from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Money through Stripe: paid event tickets and purchase deposits (诚意金).

    Above `events` (held seats), `content` (projects) and `club` (members); none of them
    imports it. A member's payments and deposits join the data export through club's hook.
    """

    name = "payments"
    verbose_name = "支付与诚意金"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from club.services import register_export_section
        from payments.services.data_rights import payments_export

        register_export_section("payments", payments_export)
