from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoritiesConfig(AppConfig):
    name = "twintowns.authorities"
    label = "authorities"
    verbose_name = _("authorities")

    def ready(self) -> None:
        from twintowns.authorities import versions
        from twintowns.authorities.models import Authority, StaffRole
        from twintowns.authorities.registry import register

        # The authority's own facts (its name, its seat) show on the cached pages too.
        register(Authority, path="pk", history="authority", data=True, synthesised=True)
        register(StaffRole, synthesised=True)  # `twintowns synth --viewer` gives roles
        versions.connect()
