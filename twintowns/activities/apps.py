from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "twintowns.activities"
    label = "activities"
    verbose_name = _("activities")

    def ready(self) -> None:
        from twintowns.activities.models import Activity, Attachment
        from twintowns.authorities.registry import register

        register(
            Activity,
            history="activity",
            data=True,
            links=("partnerships", "themes"),
            exported=True,
            imported=True,
            synthesised=True,
        )
        register(Attachment, path="activity__authority", history="attachment", data=True)
