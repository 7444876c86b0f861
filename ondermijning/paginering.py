"""Pages over big lists whose cost stays flat as the data grows (issue 21).

A list of 1,000,000 signals does not need an exact count or page 40,000: nobody pages that deep,
and both cost time proportional to the data (`COUNT(*)` over every matching row; `OFFSET` skips
rows one by one). `BegrensdePaginator` counts at most `grens + 1` rows and offers pages up to
`grens` rows deep; the page says "meer dan 10.000" and asks to filter or sort instead.

Paging on with "Volgende" / "Vorige" is a seek, not an OFFSET (`pagina(nummer, na=..., voor=...)`):
the link carries the id of the last (first) row shown, the next page is the rows after that row
in the list's order, `(sort column, id) < (value, id)`, read from the `(column, id)` index in
the same time on page 2 as on page 400. Only the id is in the URL, never a sort value (a title
or a name is personal data in a URL, in logs and in browser history). A page number typed or
bookmarked without an anchor, or an order the seek cannot follow, falls back to OFFSET.

An order by a column of a related row (signals by municipality name) has no index on the list's
table: PostgreSQL joined and sorted every row in scope (1.9 s at 1,000,000 signals). With
`groepen={"gemeente__naam": ("gemeente_id", ids)}` the paginator knows that the name is a function
of the municipality: the first n rows in (name, id) order are among the first n by id of each
municipality, so it restricts the page's query to those (`id IN (... UNION ALL ...)`, one
`(gemeente_id, id)` index probe per municipality of the user, a handful) and sorts only them.

A page number typed or bookmarked still skips rows with `OFFSET`, but as a deferred join: the skip
reads only the ids, `WHERE id IN (SELECT id ... ORDER BY ... LIMIT n OFFSET m)`, and the outer query
fetches the page's rows (and their joined municipality and handler) by primary key, still one query.
A plain `OFFSET` builds every skipped row in full: page 200 for a user with 3 of 15 municipalities
read about 17,000 rows of the table through the date index (12,000 of other municipalities, 5,000
skipped) to show 25, and at 1,000,000 signals those rows are ten times as scattered and less often
cached (50 -> 78 ms in the bench). The ids alone come from an index: the list's default order has
the municipality in its index (`signaal_ontvangen_idx` INCLUDE gemeente_id), so the skip is an
index-only scan whose length depends on the page number, not on the size of the table (EXPLAIN
ANALYZE at 100,000 signals: 24 ms with OFFSET, 8 ms deferred, 1.2 ms deferred with the index; at
1,000,000 without that index the deferred join alone gave 80 -> 75 ms, its walk still reading the
table for the municipality).
Other orders skip through their own index as before, minus building the rows.

A search (`ids_met_telling=True`) is expensive in its filter, not in its rows: at 1,000,000
signals a name's word parts are prefix lookups in a GIN index that read every signal with either
word (12 of the 15 ms of each query), and the count and the page each paid it. With the option the
count query also returns the ids of the first page (`array_agg` in the list's order over the same
bounded subquery, which holds every matching row when the count is within `grens`), and the page
is read by those ids through the same list (a primary-key probe, 0.1 ms): the filter runs once.
Same queries, same rows; only on PostgreSQL and for an order of the list's own columns.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.functional import cached_property

GRENS = 10_000


class Pagina(Page):
    """A page that knows the ids of its first and last row: the anchors of its Vorige/Volgende links."""

    @cached_property
    def voor(self):
        return self.object_list[0].pk if self.object_list else None

    @cached_property
    def na(self):
        return self.object_list[-1].pk if self.object_list else None


def _anker(waarde) -> int | None:
    try:
        anker = int(waarde)
    except (TypeError, ValueError):
        return None
    return anker if anker > 0 else None


class BegrensdePaginator(Paginator):
    """A Paginator whose count stops at `grens` (then `begrensd` is true) and whose pages stop there."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        grens: int = GRENS,
        groepen: dict[str, tuple[str, Callable[[], Iterable[int]]]] | None = None,
        ids_met_telling: bool = False,
        **kwargs,
    ):
        self.grens = grens
        self.groepen = groepen or {}
        self.ids_met_telling = ids_met_telling
        super().__init__(object_list, per_page, **kwargs)

    def _beperkt(self, qs, n: int):
        """`qs` restricted to the rows that can be among its first `n`, when its order is
        (a field fixed by a group column, pk) and the groups are known; otherwise `qs` itself."""
        volgorde = qs.query.order_by
        if len(volgorde) != 2 or not all(isinstance(v, str) for v in volgorde):
            return qs
        eerste, laatste = volgorde
        if eerste.removeprefix("-") not in self.groepen or laatste.removeprefix("-") not in ("pk", "id"):
            return qs
        if not connections[qs.db].features.supports_slicing_ordering_in_compound:
            return qs  # SQLite: no LIMIT inside UNION ALL; it sorts the lot, as before
        kolom, groepen = self.groepen[eerste.removeprefix("-")]
        delen = [qs.filter(**{kolom: groep}).order_by(laatste).values("pk")[:n] for groep in groepen()]
        if not delen:
            return qs
        return qs.filter(pk__in=delen[0].union(*delen[1:], all=True))

    def page(self, number):
        # Paginator.page, with the slice taken from the restricted list (see _beperkt).
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self._telling[1]
        if number == 1 and ids:
            # The first page's ids came with the count (ids_met_telling): read those rows only.
            return self._get_page(self.object_list.filter(pk__in=ids[bottom:top]), number, self)
        return self._get_page(self._uitgesteld(self._beperkt(self.object_list, top), bottom, top), number, self)

    def _uitgesteld(self, qs, bottom: int, top: int):
        """Rows `bottom:top` of `qs` as a deferred join: the OFFSET walk selects only the ids (an
        index-only scan where the order's index covers the filter), the outer query reads just those
        rows, in the list's order. Still one query. The outer query is the list itself, with its
        scope, filters, select_related and prefetch; `qs` may be the list restricted by `_beperkt`."""
        lijst = self.object_list
        if (
            bottom == 0  # no rows to skip: LIMIT alone stops after the page
            or not isinstance(qs, QuerySet)
            or not isinstance(lijst, QuerySet)
            or not qs.ordered
            or qs.query.distinct  # DISTINCT adds the sort columns to the ids' SELECT
            or qs.query.combinator
            or qs.query.is_sliced
            or not connections[qs.db].features.allow_sliced_subqueries_with_in
        ):
            return qs[bottom:top]
        ids = qs.prefetch_related(None).values("pk")[bottom:top]
        return lijst.filter(pk__in=ids)[: top - bottom]

    @cached_property
    def telling(self) -> int:
        return self._telling[0]

    @cached_property
    def _telling(self) -> tuple[int, list | None]:
        """The bounded count, and with `ids_met_telling` the ids of the first page (or None)."""
        sql = self._telling_met_ids_sql()
        if sql is None:
            # COUNT over a LIMIT subquery: PostgreSQL stops after grens + 1 rows. Without the ORDER BY:
            # with it the subquery walked the sort index and the table (17 ms at 100,000 signals);
            # without it, an index-only scan of whatever index fits the filter (BENCH.md).
            return self.object_list.order_by()[: self.grens + 1].count(), None
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(*sql)
            aantal, ids = cursor.fetchone()
        # Beyond grens the subquery holds an arbitrary grens + 1 rows, not necessarily the first.
        return aantal, (ids if aantal <= self.grens else None)

    def _telling_met_ids_sql(self) -> tuple[str, list] | None:
        """`SELECT COUNT(*), first page's ids` over the bounded subquery, or None when not applicable:
        not asked for, not PostgreSQL, or an order by anything but the list's own columns."""
        qs = self.object_list
        volgorde = self._volgorde() if self.ids_met_telling else None
        if volgorde is None or connections[qs.db].vendor != "postgresql":
            return None
        velden = []
        for veld, _ in volgorde:
            naam = qs.model._meta.pk.name if veld == "pk" else veld
            try:
                eigen = qs.model._meta.get_field(naam)
            except FieldDoesNotExist:
                return None  # an annotation or a path through a relation
            if eigen.is_relation or not eigen.concrete or naam in velden:
                return None  # a relation sorts by the related model's order, not by its id
            velden.append(naam)
        if qs.model._meta.pk.name not in velden:
            return None
        try:
            binnen, params = qs.order_by().values_list(*velden)[: self.grens + 1].query.sql_with_params()
        except EmptyResultSet:
            return None  # nothing can match: .count() answers 0 without a query
        kolommen = [f"c{i}" for i in range(len(velden))]
        richting = ["DESC" if aflopend else "ASC" for _, aflopend in volgorde]
        ordening = ", ".join(f"t.{k} {r}" for k, r in zip(kolommen, richting, strict=True))
        pk = kolommen[velden.index(qs.model._meta.pk.name)]
        return (
            f"SELECT COUNT(*), (array_agg(t.{pk} ORDER BY {ordening}))[1:%s] "  # noqa: S608 (compiled SQL, values stay parameters)
            f"FROM ({binnen}) AS t({', '.join(kolommen)})",  # nosec B608
            [self.per_page + self.orphans, *params],
        )

    @cached_property
    def begrensd(self) -> bool:
        return self.telling > self.grens

    @cached_property
    def count(self) -> int:
        return min(self.telling, self.grens)

    def _get_page(self, *args, **kwargs):
        return Pagina(*args, **kwargs)

    def pagina(self, nummer, *, na=None, voor=None) -> Pagina:
        """Page `nummer`; with `na` (`voor`) the id of the row before (after) it, read by a seek."""
        try:
            geldig = self.validate_number(nummer if nummer not in (None, "") else 1)
        except InvalidPage:
            return self.get_page(nummer)  # as before: the first or the last page
        gezocht = self._zoek(geldig, na=_anker(na), voor=_anker(voor))
        return gezocht if gezocht is not None else self.get_page(geldig)

    def _volgorde(self) -> list[tuple[str, bool]] | None:
        """The list's order as (field, descending), or None when a seek cannot follow it."""
        volgorde = []
        for veld in self.object_list.query.order_by:
            if not isinstance(veld, str) or veld.startswith("?"):
                return None
            volgorde.append((veld.removeprefix("-"), veld.startswith("-")))
        if not volgorde or volgorde[-1][0] not in ("pk", "id"):
            return None  # no unique last key: ties would be skipped or repeated
        if len({aflopend for _, aflopend in volgorde}) != 1:
            return None  # mixed directions are not one row comparison
        return volgorde

    def _zoek(self, nummer: int, *, na: int | None, voor: int | None) -> Pagina | None:
        volgorde = self._volgorde()
        if volgorde is None or (na is None and voor is None) or nummer > self.num_pages:
            return None
        velden = [veld for veld, _ in volgorde]
        # The anchor through the same (scoped, filtered) list: an id the user may not see, or
        # that the filter no longer holds, anchors nothing and the page number counts instead.
        rij = self.object_list.filter(pk=na or voor).values_list(*velden).first()
        if rij is None or any(w is None for w in rij):
            return None
        aflopend = volgorde[0][1]
        verder = (
            (TupleLessThan if aflopend else TupleGreaterThan)
            if na
            else (TupleGreaterThan if aflopend else TupleLessThan)
        )
        voorwaarde = verder(Tuple(*(F(veld) for veld in velden)), tuple(rij))
        if na:
            rijen = list(self._beperkt(self.object_list.filter(voorwaarde), self.per_page)[: self.per_page])
        else:
            omgekeerd = [f"{veld}" if aflopend else f"-{veld}" for veld in velden]
            terug = self.object_list.filter(voorwaarde).order_by(*omgekeerd)
            rijen = list(self._beperkt(terug, self.per_page)[: self.per_page])[::-1]
        if not rijen:
            return None
        return self._get_page(rijen, nummer, self)
