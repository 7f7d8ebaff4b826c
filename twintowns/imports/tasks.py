"""Imports run by `twintowns db_worker`, so a large file does not hold a web request.

Each task speaks the language of the person who asked for it: its messages are kept in the
job's report and shown to them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.tasks import task
from django.utils import translation

from twintowns.imports import services
from twintowns.imports.models import ImportJob


def _speaking(language: str) -> translation.override:
    return translation.override(language or settings.LANGUAGE_CODE)


@task()
def import_job_read(job_id: int, language: str = "") -> None:
    job = ImportJob.objects.select_related("authority").get(pk=job_id)
    with _speaking(language), services.job_failure_recorded(job):
        services.job_read(job)


@task()
def import_job_check(job_id: int, language: str = "") -> None:
    job = ImportJob.objects.select_related("authority").get(pk=job_id)
    with _speaking(language), services.job_failure_recorded(job):
        services.job_check(job)


@task()
def import_job_run(job_id: int, user_id: int | None, language: str = "") -> None:
    job = ImportJob.objects.select_related("authority").get(pk=job_id)
    users = get_user_model()._default_manager
    actor = users.get(pk=user_id) if user_id else AnonymousUser()
    with _speaking(language), services.job_failure_recorded(job):
        services.job_import(job, actor=actor)
