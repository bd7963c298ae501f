"""Pages of API lists, cheap at any size.

A page is read with one query for its rows (one more than the page holds, to know whether a
next page exists) and one for the count. The count is exact up to EXACT_COUNT rows and stops
counting there: counting two million indicator values took seconds, a page of them
milliseconds. Beyond it, `count` is the database's estimate (PostgreSQL's planner; an exact
count on other databases), never under EXACT_COUNT + 1, and pages are served as long as rows
exist, whatever the estimate says: `next` is null only on the last page.
"""

import json
import math

from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

# Rows counted exactly; beyond, `count` is an estimate.
EXACT_COUNT = 1_000
COUNT_DESCRIPTION = (
    f"The number of rows in all: exact up to {EXACT_COUNT:,}; beyond that the database's "
    f"estimate (always more than {EXACT_COUNT:,}). Follow `next` until it is null to read "
    "every row."
)


def estimated_count(queryset) -> int:
    """The number of rows of `queryset` as PostgreSQL's planner estimates it (one EXPLAIN);
    the exact count on other databases."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count()
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str | bytes):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class CountedPage(Page):
    """A page that knows whether rows follow it from the rows read, not from the count."""

    def __init__(self, object_list, number, paginator, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def next_page_number(self):
        return self.number + 1


class CountedPaginator(DjangoPaginator):
    """Django's paginator with a count that costs at most EXACT_COUNT rows (see the module)."""

    estimated = False

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return super().count
        exact = self.object_list.order_by()[: EXACT_COUNT + 1].count()
        if exact <= EXACT_COUNT:
            return exact
        self.estimated = True
        return max(estimated_count(self.object_list), EXACT_COUNT + 1)

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        # An estimate may be short of the rows there are: `page` finds out.
        if number > self.num_pages and not self.estimated:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CountedPage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    @property
    def num_pages(self):
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(self.count / self.per_page))


class Pagination(PageNumberPagination):
    """Pages of 100 rows; `page_size` asks for 1 to 1,000 (more gives 1,000). A `page_size` that
    is not a whole number from 1 is refused with a 400, rather than ignored and repeated in the
    `next` link as if it had been understood. `count` is exact up to EXACT_COUNT rows."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    django_paginator_class = CountedPaginator

    def get_page_size(self, request):
        asked = request.query_params.get(self.page_size_query_param)
        if not asked:
            return self.page_size
        try:
            size = int(asked)
        except ValueError:
            size = 0
        if size < 1:
            message = _("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return min(size, self.max_page_size)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = COUNT_DESCRIPTION
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Rows per page, {self.page_size} by default; at most {self.max_page_size} "
                    "(a larger number gives that many)."
                )
            elif parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
