from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Speed at scale: synthetic data (`twintowns synth`) and the benchmark (`twintowns bench`)."""

    name = "bench"
    verbose_name = "Speed and scale"
