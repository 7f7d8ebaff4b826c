"""Query building blocks that are not domain."""

from typing import Any

from django.db.models import F, Field, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet[Any], field: str = "pk", distinct: bool = False) -> Coalesce:
    """A correlated count as an annotation: the rows of `queryset` (filtered on an OuterRef).

    COUNT is written as a plain function, so Django adds no GROUP BY: one row, and 0 for none.
    """
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(n=Func(F(field), template=template)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def max_of(queryset: QuerySet[Any], field: str, output_field: Field[Any, Any]) -> Subquery:
    """A correlated MAX as an annotation, written like `count_of`: no GROUP BY, one row."""
    largest = queryset.order_by().annotate(m=Func(F(field), template="MAX(%(expressions)s)"))
    return Subquery(largest.values("m"), output_field=output_field)
