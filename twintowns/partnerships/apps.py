from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "twintowns.partnerships"
    label = "partnerships"
    verbose_name = _("partnerships")

    def ready(self) -> None:
        from twintowns.authorities.registry import register
        from twintowns.partnerships.models import (
            AgreementDocument,
            Contact,
            LifecycleEvent,
            Partnership,
        )

        register(
            Partnership,
            history="partnership",
            data=True,
            links=("themes",),
            exported=True,
            imported=True,
            synthesised=True,
        )
        via = "partnership__authority"
        register(
            LifecycleEvent,
            path=via,
            history="lifecycle",
            data=True,
            imported=True,
            synthesised=True,
        )
        register(Contact, path=via, history="contact", data=True, imported=True, synthesised=True)
        register(AgreementDocument, path=via, history="agreement", data=True)
