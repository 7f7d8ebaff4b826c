from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds the `twintowns demo` command; no models, so nothing of it shows in the admin."""

    name = "twintowns.demo"
    label = "demo"
