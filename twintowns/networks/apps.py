from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "twintowns.networks"
    label = "networks"
    verbose_name = _("networks")

    def ready(self) -> None:
        from twintowns.authorities.registry import register
        from twintowns.networks.models import Membership, Organization

        for model, kind in ((Organization, "organization"), (Membership, "membership")):
            register(model, history=kind, data=True, exported=True, imported=True, synthesised=True)
