from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Speed at scale: synthetic data (`twintowns synth`) and the benchmark (`twintowns bench`)."""

    name = "twintowns.scale"
    verbose_name = "Speed and scale"
