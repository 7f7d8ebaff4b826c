from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "twintowns.core"
    label = "core"
