"""Pages over big lists whose cost stays flat as the data grows (issue 21).

A list of 100,000 signals does not need an exact count or page 4,000: nobody pages that deep, and
both cost time proportional to the data (`COUNT(*)` over every matching row; `OFFSET` skips
rows one by one). `BegrensdePaginator` counts at most `grens + 1` rows and offers pages up to
`grens` rows deep; the page says "meer dan 10.000" and asks to filter or sort instead.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

GRENS = 10_000


class BegrensdePaginator(Paginator):
    """A Paginator whose count stops at `grens` (then `begrensd` is true) and whose pages stop there."""

    def __init__(self, object_list, per_page, *, grens: int = GRENS, **kwargs):
        self.grens = grens
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def telling(self) -> int:
        # COUNT over a LIMIT subquery: PostgreSQL stops after grens + 1 rows. Without the ORDER BY:
        # with it the subquery walked the sort index and the table (17 ms at 100,000 signals);
        # without it, an index-only scan of whatever index fits the filter (BENCH.md).
        return self.object_list.order_by()[: self.grens + 1].count()

    @cached_property
    def begrensd(self) -> bool:
        return self.telling > self.grens

    @cached_property
    def count(self) -> int:
        return min(self.telling, self.grens)
