from django.db.models import QuerySet

from twintowns.authorities.models import Authority
from twintowns.imports.models import ImportJob

RECENT = 20


def recent_jobs(authority: Authority) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(authority=authority).select_related("user")[:RECENT]
