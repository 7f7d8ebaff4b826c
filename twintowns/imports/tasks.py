"""Imports run by `twintowns db_worker`, so a large file does not hold a web request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.tasks import task

from twintowns.imports import services
from twintowns.imports.models import ImportJob


@task()
def import_job_check(job_id: int) -> None:
    job = ImportJob.objects.select_related("authority").get(pk=job_id)
    with services.job_failure_recorded(job):
        services.job_check(job)


@task()
def import_job_run(job_id: int, user_id: int | None) -> None:
    job = ImportJob.objects.select_related("authority").get(pk=job_id)
    users = get_user_model()._default_manager
    actor = users.get(pk=user_id) if user_id else AnonymousUser()
    with services.job_failure_recorded(job):
        services.job_import(job, actor=actor)
