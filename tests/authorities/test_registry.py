"""The registry of what an authority owns is whole, and what reads it gets it right."""

from collections import deque

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models

from tests.records import MODEL_KINDS, office_with_every_record
from twintowns.authorities.models import Authority
from twintowns.authorities.registry import link_owners, owned
from twintowns.authorities.scoped_admin import AuthorityScopedAdmin


def _path_to_authority(model: type[models.Model]) -> str | None:
    """The shortest way from `model` to Authority along its foreign keys, as a lookup."""
    if model is Authority:
        return "pk"
    queue: deque[tuple[type[models.Model], str]] = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        for field in current._meta.concrete_fields:
            target = field.related_model
            if not field.is_relation or target is None or target in seen:
                continue
            step = f"{path}__{field.name}" if path else field.name
            if target is Authority:
                return step
            seen.add(target)
            queue.append((target, step))
    return None


def _is_history(model: type[models.Model]) -> bool:
    # django-simple-history's models of past versions, and of their many-to-many rows.
    return model.__module__ == "simple_history.models" or model.__name__.startswith("Historical")


def _owned_models() -> dict[type[models.Model], str]:
    """Every model of the project whose rows can reach an authority, with the way there."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        path = _path_to_authority(model)
        if path is not None and not _is_history(model):
            found[model] = path
    return found


def test_every_model_that_reaches_an_authority_is_registered_with_its_way_there() -> None:
    registered = {entry.model: entry.path for entry in owned()}
    links = set(link_owners())
    found = _owned_models()

    unregistered = {
        model._meta.label: path
        for model, path in found.items()
        if model not in registered and model not in links
    }
    assert unregistered == {}
    assert {m: found[m] for m in registered} == registered


def test_every_registered_model_has_a_record_in_the_walk_of_two_authorities() -> None:
    assert {entry.model for entry in owned()} == set(MODEL_KINDS)


def test_every_registered_model_in_the_admin_is_kept_to_its_authority() -> None:
    unscoped = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model in {entry.model for entry in owned()}
        and not isinstance(model_admin, AuthorityScopedAdmin)
    ]
    assert unscoped == []


@pytest.mark.django_db
def test_a_save_raises_the_data_version_exactly_for_the_models_registered_as_data() -> None:
    office = office_with_every_record("ankara", "Qmark")
    raised = {}
    for entry in owned():
        record = entry.model._default_manager.get(pk=office.first(MODEL_KINDS[entry.model]))
        before = Authority.objects.get(pk=office.authority.pk).data_version
        record.save()
        raised[entry.model._meta.label] = (
            Authority.objects.get(pk=office.authority.pk).data_version > before
        )

    assert raised == {entry.model._meta.label: entry.data for entry in owned()}
