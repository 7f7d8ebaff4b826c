"""`--replace`: the scale's synthetic authorities go, with all their records, without history.

Their records go first, table by table, each with one SQL DELETE through the cursor, named by the
models' `_meta`: no model instances and no signals, so no history rows and no loading of half a
million rows (`QuerySet.delete()` would load each one, since the history and the data version
listen to every delete). Then the authorities themselves, and whatever else points at them
(roles, tokens, feeds...), go through Django's cascade.
"""

from django.db import connection, models, transaction
from django.test.utils import override_settings

from bench.synth.sizes import Scale
from twintowns.activities.models import Activity, Attachment
from twintowns.authorities.models import Authority
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import AgreementDocument, Contact, LifecycleEvent, Partnership

# What a synthetic authority owns, in the order it goes (what links to a record before the
# record), each with its way to the authority, in the ORM's lookup syntax.
OWNED: list[tuple[type[models.Model], str]] = [
    (Activity.partnerships.through, "activity__authority"),
    (Activity.themes.through, "activity__authority"),
    (Attachment, "activity__authority"),
    (Activity, "authority"),
    (Partnership.themes.through, "partnership__authority"),
    (LifecycleEvent, "partnership__authority"),
    (Contact, "partnership__authority"),
    (AgreementDocument, "partnership__authority"),
    (Partnership, "authority"),
    (Membership, "authority"),
    (Organization, "authority"),
]


@transaction.atomic
def synth_delete(scale: Scale) -> int:
    """Delete the scale's synthetic authorities and all their records; return how many."""
    synthetic = Authority.objects.filter(scale.lookup(), synthetic=True)
    ids = list(synthetic.values_list("pk", flat=True))
    if not ids:
        return 0
    with connection.cursor() as cursor:
        for model, path in OWNED:
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
