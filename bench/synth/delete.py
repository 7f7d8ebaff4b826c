"""`--replace`: the scale's synthetic authorities go, with all their records, without history.

Their records go first, table by table, each with one SQL DELETE through the cursor, named by the
models' `_meta`: no model instances and no signals, so no history rows and no loading of half a
million rows (`QuerySet.delete()` would load each one, since the history and the data version
listen to every delete). Then the authorities themselves, and whatever else points at them
(roles, tokens, feeds...), go through Django's cascade.
"""

from graphlib import TopologicalSorter

from django.db import connection, models, transaction
from django.test.utils import override_settings

from bench.synth.sizes import Scale
from twintowns.authorities import registry
from twintowns.authorities.models import Authority


def owned_in_order() -> list[tuple[type[models.Model], str]]:
    """What an authority owns (the registry, many-to-many tables included), each with its way to
    the authority in the ORM's lookup syntax, in the order it goes: what points at a record before
    the record."""
    ways: dict[type[models.Model], str] = {}
    for entry in registry.owned():
        if entry.path == "pk":  # the authority itself goes last, through Django's cascade
            continue
        ways[entry.model] = entry.path
        for name in entry.links:
            field = getattr(entry.model, name).field
            ways[field.remote_field.through] = f"{field.m2m_field_name()}__{entry.path}"
    order: TopologicalSorter[type[models.Model]] = TopologicalSorter()
    for model in ways:
        targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        order.add(model)
        for target in targets & ways.keys() - {model}:
            order.add(target, model)  # the target goes after the rows that point at it
    return [(model, ways[model]) for model in order.static_order()]


@transaction.atomic
def synth_delete(scale: Scale) -> int:
    """Delete the scale's synthetic authorities and all their records; return how many."""
    synthetic = Authority.objects.filter(scale.lookup(), synthetic=True)
    ids = list(synthetic.values_list("pk", flat=True))
    if not ids:
        return 0
    with connection.cursor() as cursor:
        for model, path in owned_in_order():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {_reaching(model, path, len(ids))}", ids)
    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # simple-history's documented switch
        Authority.objects.filter(pk__in=ids).delete()
    return len(ids)


def _reaching(model: type[models.Model], path: str, count: int) -> str:
    """SQL condition on the model's rows: `path` leads to one of `count` authorities (`%s`)."""
    quote = connection.ops.quote_name
    name, _, rest = path.partition("__")
    field = model._meta.get_field(name)
    if not isinstance(field, models.ForeignKey):
        raise TypeError(f"{model.__name__}.{name} is not a foreign key")
    column = quote(str(field.column))
    if not rest:
        return f"{column} IN ({', '.join(['%s'] * count)})"
    target = field.related_model
    rows = f"SELECT {quote(str(target._meta.pk.column))} FROM {quote(target._meta.db_table)}"
    return f"{column} IN ({rows} WHERE {_reaching(target, rest, count)})"
