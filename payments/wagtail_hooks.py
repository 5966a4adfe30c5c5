"""The deposits list (诚意金) in the Wagtail admin, for sales."""

from wagtail import hooks

from payments.admin_ui import DepositViewSet


@hooks.register("register_admin_viewset")
def register_deposits_admin():
    return DepositViewSet("payments_deposit")
