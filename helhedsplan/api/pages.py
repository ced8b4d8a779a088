"""The API's lists, on django-ninja's pagination: `@paginate(Page)` on a view that returns `Rows`.

Every list answers {"count", "limit", "offset", "items"}: ninja's limit/offset pagination, whose
answer also repeats the limit and offset it used (clients page on them). `Rows` is the view's
queryset, filtered by its FilterSchema (schemas.py), and how one row is written: for the person who
asks, so not by a schema alone. Only the page's rows are read and written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
# An offset past any list there can be; a larger one would overflow the database's integers (a
# 500 that schemathesis found with offset=18947865821060439226712064).
MAX_OFFSET = 1_000_000_000


@dataclass(frozen=True)
class Rows:
    queryset: QuerySet
    out: Callable[[Any], dict]


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"Højst {MAX_LIMIT} pr. side.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        count: int = Field(description="Antal i alt med de valgte filtre.")
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(self, queryset: Rows, pagination: Input, request, **params) -> dict:
        start, limit = pagination.offset, pagination.limit
        return {
            "count": queryset.queryset.count(),
            "limit": limit,
            "offset": start,
            "items": [queryset.out(row) for row in queryset.queryset[start : start + limit]],
        }
