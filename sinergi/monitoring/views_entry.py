"""Data entry of a working group's region: the grid, verification, the template and upload,
targets, and the export of any selection.

The data of a region is entered by whoever may edit it (`access.can_edit_region`): the
secretariat of its working group, and the secretariat of the province or the nation above,
whose data it also is. Outsiders get 404, readers 403.

Two people may have the same page open: the grid and the list of drafts to verify carry what
they showed (a signed hidden field), and a save writes only the cells its user changed, and
only while they still hold what the page showed; the others are refused and shown again.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from sinergi.lib.cache import invalidate
from sinergi.lib.downloads import attachment
from sinergi.lib.imports import import_view
from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.monitoring import values_io
from sinergi.monitoring.models import DataValue, Indicator, Method, Period, Source, Target
from sinergi.monitoring.values import (
    FIGURES,
    Selection,
    Summary,
    TargetRow,
    ValueRow,
    drafts_to_verify,
    parse_year,
    plain_number,
    seen_figures,
    values_at_every_level,
    verified_figures,
    verify_values,
    visible_values,
    write_targets,
    write_values,
)
from sinergi.pokja.access import (
    can_verify_value,
    get_region_data_group,
    get_rw_region_data_group,
    get_verify_region_for_user,
    verifiable_values_filter,
)
from sinergi.regions.models import Region, at_or_below

MAX_INDICATORS = 12
DEFAULT_INDICATORS = 7
# Regions of the grid on one page: a screenful to check and type, and a page that renders in
# well under 150 ms (each row is one input per figure of every indicator chosen).
ROWS_PER_PAGE = 30
# Django refuses a form of more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields: with many
# ratio indicators (two inputs each) a page has fewer rows.
FIELDS_PER_PAGE = 900
TARGET_YEARS = 5
# Values named in a message at most.
MAX_NAMED = 10
GRID_SALT = "sinergi.monitoring.grid"
VERIFY_SALT = "sinergi.monitoring.verify"
# Drafts listed on one verification page, and values shown as verified last.
VERIFY_PER_PAGE = 200
RECENTLY_VERIFIED = 20


def _data_group(request, code):
    """The working group of `code` for entering its region's data: 404 to outsiders, 403 to
    those who may only read it."""
    return get_rw_region_data_group(request, code)


def _selection(request, region, indicators, every=False) -> Selection:
    params = request.GET
    try:
        year = parse_year(params.get("tahun"))
    except ValueError:
        year = timezone.localdate().year - 1
    period = params.get("periode") if params.get("periode") in Period.values else Period.YEAR
    source = params.get("sumber") if params.get("sumber") in Source.values else ""
    codes = set(params.getlist("indikator"))
    if every and not codes:
        # A verification page covers every indicator unless some are named.
        return Selection(region, indicators, year, period, source)
    chosen = [i for i in indicators if i.code in codes] or [i for i in indicators if i.is_key]
    chosen = chosen or indicators[:DEFAULT_INDICATORS]
    return Selection(region, chosen[:MAX_INDICATORS], year, period, source)


def _query(selection) -> str:
    return urlencode(
        {
            "tahun": selection.year,
            "periode": selection.period,
            "sumber": selection.source,
            "indikator": [indicator.code for indicator in selection.indicators],
        },
        doseq=True,
    )


def _seen_token(selection, seen: dict, salt: str, **extra) -> str:
    """`seen` (figures by key, as a page shows them) signed for a hidden field, so that the
    save knows what the page showed; `extra` items are signed with it."""
    data = {"selection": [selection.year, selection.period, selection.source], "seen": seen}
    return signing.dumps(data | extra, salt=salt, compress=True)


def _read_token(selection, token: str, salt: str) -> dict | None:
    """What `_seen_token` signed; None when the token is missing, damaged or made for another
    year, period or source."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("seen"), dict):
        return None
    if data.get("selection") != [selection.year, selection.period, selection.source]:
        return None
    return data


def _read_seen(selection, token: str, salt: str) -> dict | None:
    """What `_seen_token` signed, as {key: tuple of figures}; None when the token is missing,
    damaged or made for another year, period or source."""
    data = _read_token(selection, token, salt)
    if data is None:
        return None
    return {key: tuple(figures) for key, figures in data["seen"].items()}


def _rows_per_page(selection) -> int:
    fields = sum(2 if indicator.is_ratio else 1 for indicator in selection.indicators)
    return max(1, min(ROWS_PER_PAGE, FIELDS_PER_PAGE // max(fields, 1)))


@dataclass
class Input:
    name: str
    label: str
    value: str


@dataclass
class Cell:
    indicator: Indicator
    region: Region
    stored: DataValue | None
    inputs: list[Input] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: str = ""  # the figures the user typed, not saved as someone changed the value

    @property
    def error_id(self) -> str:
        return f"e-{self.indicator.pk}-{self.region.pk}"

    @property
    def stored_text(self) -> str:
        return _figures_text(self.indicator, seen_figures(self.stored))

    @property
    def verified_text(self) -> str:
        """The verified figures of a value with a pending change, shown beside it."""
        return _verified_text(self.stored)

    @property
    def changed_by(self) -> str:
        author = _author(self.stored) if self.stored else None
        return str(author) if author else _("Someone")

    def html(self) -> SafeString:
        """The cell's inputs, its stored value's status and its problems. Built here rather
        than by a template included for each cell: a page has up to 30 × 12 of them, and the
        include cost more than the rest of the page."""
        invalid = ""
        if self.errors or self.refused:
            invalid = format_html(' aria-invalid="true" aria-describedby="{}"', self.error_id)
        parts = [
            format_html(
                '<label for="{0}" class="visually-hidden">{1}</label><input id="{0}" '
                'name="{0}" value="{2}" inputmode="decimal" size="9" autocomplete="off"{3}>',
                item.name,
                item.label,
                item.value,
                invalid,
            )
            for item in self.inputs
        ]
        html = [mark_safe(" / ").join(parts)]  # noqa: S308 (a constant)
        stored = self.stored
        ratio = self.indicator.is_ratio
        if stored is not None and stored.has_revision:
            html.append(mark_safe("<br>"))  # noqa: S308
            if ratio:
                html.append(format_html("<span>= {}</span> ", floatformat(stored.revised_value, 2)))
            html.append(
                format_html(
                    '<span class="badge">{}</span> <span class="muted">{}</span>',
                    _("awaiting verification"),
                    _("Published until then: %(figures)s, verified by %(person)s, %(when)s")
                    % {
                        "figures": self.verified_text,
                        "person": stored.verified_by or "—",
                        "when": _when(stored.verified, "SHORT_DATETIME_FORMAT"),
                    },
                )
            )
        elif stored is not None:
            html.append(mark_safe("<br>"))  # noqa: S308
            if ratio:
                html.append(format_html("<span>= {}</span> ", floatformat(stored.value, 2)))
            html.append(
                format_html(
                    '<span class="badge{}">{}</span>',
                    " badge-ok" if stored.is_verified else "",
                    stored.get_status_display(),
                )
            )
            if stored.is_verified and stored.verified:
                html.append(
                    format_html(
                        ' <span class="muted">{}</span>',
                        _("by %(person)s, %(when)s")
                        % {
                            "person": stored.verified_by or "—",
                            "when": _when(stored.verified, "SHORT_DATETIME_FORMAT"),
                        },
                    )
                )
        if self.errors:
            html.append(
                format_html(
                    '<ul class="errorlist" id="{}">{}</ul>',
                    self.error_id,
                    format_html_join("", "<li>{}</li>", ((error,) for error in self.errors)),
                )
            )
        if self.refused:
            message = _(
                "%(person)s changed this value to %(theirs)s on %(when)s, after you opened "
                "this page. Your value, %(yours)s, was not saved: to keep it instead, type it "
                "again and save."
            ) % {
                "person": self.changed_by,
                "theirs": self.stored_text,
                "when": _when(stored.updated, "DATETIME_FORMAT") if stored else "",
                "yours": self.refused,
            }
            html.append(
                format_html(
                    '<p class="message message-warning" id="{}">{}</p>', self.error_id, message
                )
            )
        return mark_safe("\n".join(html))  # noqa: S308 (every part is escaped above)


def _when(moment, fmt) -> str:
    """A stored time as the templates' `date` filter shows it, in the current time zone."""
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), fmt)


def _author(value):
    """Who entered what a page shows of `value`: its pending change's proposer, if any."""
    return value.revised_by if value.has_revision else value.entered_by


def _verified_text(value) -> str:
    """The verified figures of `value`, as shown beside its pending change: "450 / 500 =
    90,00" for a ratio."""
    text = _figures_text(value.indicator, verified_figures(value))
    if value.indicator.is_ratio:
        text += f" = {floatformat(value.value, 2)}"
    return text


def _kinds(indicator):
    if indicator.is_ratio:
        return [("n", "numerator", _("Numerator")), ("d", "denominator", _("Denominator"))]
    return [("v", "value", _("Value"))]


def _name(kind, indicator, region) -> str:
    return f"{kind}-{indicator.pk}-{region.pk}"


def _key(indicator_id, region_id) -> str:
    return f"{indicator_id}-{region_id}"


def _figures_text(indicator, figures) -> str:
    """Figures (by FIGURES, as typed or as `seen_figures` gives them) as the cell shows them:
    "450 / 500" for a ratio, "250000" for a sum."""
    by_name = dict(zip(FIGURES, figures, strict=False))
    return " / ".join(by_name.get(attr) or "–" for _kind, attr, _label in _kinds(indicator))


def _posted_rows(post, selection, regions, seen):
    """ValueRows for the cells of a posted page the user changed, each expecting the figures
    the page showed (`seen`), the cell of each row, and how many filled cells are unchanged.

    A cell left as it was shown is not written, so that a page opened before a colleague's
    save does not write its old numbers back; an emptied cell leaves the stored value."""
    rows, cells, unchanged = [], [], 0
    for region in regions:
        for indicator in selection.indicators:
            shown = seen.get(_key(indicator.pk, region.pk), ())
            shown_by_name = dict(zip(FIGURES, shown, strict=False))
            typed = {
                attr: post.get(_name(kind, indicator, region), "").strip()
                for kind, attr, _label in _kinds(indicator)
            }
            if not any(typed.values()):
                continue
            if all(text == shown_by_name.get(attr, "") for attr, text in typed.items()):
                unchanged += 1
                continue
            cells.append((indicator.pk, region.pk))
            rows.append(
                ValueRow(
                    indicator.code,
                    region.code,
                    selection.year,
                    selection.period,
                    selection.source_for(indicator),
                    indicator.default_method,
                    **typed,
                    row=len(rows) + 1,
                    expected=shown,
                )
            )
    return rows, cells, unchanged


def _grid(selection, regions, post=None, errors=None, seen=None, refused=None):
    """The rows of the grid and the figures it shows by cell: those of `post` and `seen` when
    given (a page shown again with its errors), else the stored ones. `refused` holds the
    typed figures (by FIGURES) of the cells someone else changed, shown next to their stored
    value."""
    values = selection.values(regions).select_related("entered_by", "verified_by", "revised_by")
    stored = {(v.indicator_id, v.region_id): v for v in values}
    errors, refused = errors or {}, refused or {}
    # A pending change of a verified value is what a cell shows and edits.
    shown_figures = {key: seen_figures(value) for key, value in stored.items()}
    if seen is None:
        seen = {_key(*key): figures for key, figures in shown_figures.items()}
    # What every row repeats, worked out once for the page.
    columns = [(indicator, indicator.name, _kinds(indicator)) for indicator in selection.indicators]
    label = _("%(figure)s, %(indicator)s, %(region)s")
    rows = []
    for region in regions:
        cells, place = [], region.name
        for indicator, indicator_name, kinds in columns:
            key = (indicator.pk, region.pk)
            cell = Cell(indicator, region, stored.get(key), errors=errors.get(key, []))
            if key in refused:
                cell.refused = _figures_text(indicator, refused[key])
            figures = dict(zip(FIGURES, shown_figures.get(key, ()), strict=False))
            for kind, attr, figure in kinds:
                name = _name(kind, indicator, region)
                text = label % {"figure": figure, "indicator": indicator_name, "region": place}
                value = post.get(name, "") if post is not None else figures.get(attr, "")
                cell.inputs.append(Input(name, text, value))
            cells.append(cell)
        rows.append((region, cells))
    return rows, seen


def entry(request, code):
    group = _data_group(request, code)
    indicators = list(Indicator.objects.all())
    selection = _selection(request, group.region, indicators)
    page = Paginator(selection.regions(), _rows_per_page(selection)).get_page(
        request.GET.get("page")
    )
    regions, errors, general, refused = list(page.object_list), {}, [], {}
    seen = None
    if request.method == "POST":
        seen = _read_seen(selection, request.POST.get("_seen", ""), GRID_SALT)
        if seen is None:
            general.append(
                _(
                    "Nothing was saved: this page is incomplete or was opened for other data. "
                    "The cells show the stored values; enter your changes again."
                )
            )
        else:
            rows, cells, unchanged = _posted_rows(request.POST, selection, regions, seen)
            summary, problems = (
                write_values(rows, request.user, within=group.region) if rows else (Summary(), [])
            )
            if summary is not None:
                summary.unchanged += unchanged
                messages.success(request, str(summary))
                if not summary.refused:
                    return redirect(request.get_full_path())
                for number, _value in summary.refused:
                    typed = tuple(getattr(rows[number - 1], attr) or "" for attr in FIGURES)
                    refused[cells[number - 1]] = typed
            for problem in problems:
                if problem.row:
                    errors.setdefault(cells[problem.row - 1], []).append(problem.message)
                else:
                    general.append(problem.message)
    # Shown again with its errors, the page keeps what it first showed; otherwise it shows,
    # and its next save expects, what is stored now.
    if errors:
        grid, seen = _grid(selection, regions, request.POST, errors, seen)
    else:
        grid, seen = _grid(selection, regions, refused=refused)
    context = {
        "group": group,
        "selection": selection,
        "indicators": indicators,
        "periods": Period.choices,
        "sources": Source.choices,
        "page": page,
        "rows": grid,
        "seen": _seen_token(selection, seen, GRID_SALT),
        "error_count": len(errors),
        "refused_count": len(refused),
        "general_errors": general,
        "query": _query(selection),
        "period": Period(selection.period).label,
        "last_year": timezone.localdate().year + 1,
    }
    return render(request, "monitoring/entry.html", context)


def _value_text(value) -> str:
    """A value as a message names it: "Cinunuk, Access to …: 460 / 500"."""
    return _("%(region)s, %(indicator)s: %(figures)s") % {
        "region": value.region.name,
        "indicator": value.indicator.name,
        "figures": _figures_text(value.indicator, seen_figures(value)),
    }


def _verify_query(request, selection) -> str:
    """The selection of a verification page as a query; without indicators when none was
    named (the page then covers every indicator)."""
    query = _query(selection)
    if request.GET.getlist("indikator"):
        return query
    return urlencode(
        {"tahun": selection.year, "periode": selection.period, "sumber": selection.source}
    )


def verify(request, code):
    """Verify the drafts the page listed, as it listed them: a draft changed or entered since
    is left a draft and named. Any region, with or without a working group: its drafts and
    those of every region below it, at every level, a page at a time, with the pending
    changes of verified values among them; the drafts and changes the user entered are listed
    but left for another person (`access.can_verify_value`)."""
    region, group = get_verify_region_for_user(request, code)
    selection = _selection(request, region, list(Indicator.objects.all()), every=True)
    query = _verify_query(request, selection)
    here = f"{reverse('monitoring:data_verify', args=[region.code])}?{query}"
    if request.method == "POST":
        if not _verify_listed(request, selection):
            return redirect(here)
        remaining = drafts_to_verify(selection).filter(verifiable_values_filter(request.user))
        if group is None or remaining.exists():
            return redirect(here)
        return redirect(f"{reverse('monitoring:data_entry', args=[group.code])}?{query}")
    context = _drafts_page(request, selection) | {
        "region": region,
        "group": group,
        "selection": selection,
        "named": selection.indicators if request.GET.getlist("indikator") else [],
        "query": query,
        "period": Period(selection.period).label,
        "sources": Source.choices,
        "periods": Period.choices,
    }
    return render(request, "monitoring/verify.html", context)


def _verify_listed(request, selection) -> bool:
    """Verify the drafts the posted page listed and say how it went; False when something
    was not verified and the user should look at the list again."""
    token = _read_token(selection, request.POST.get("_seen", ""), VERIFY_SALT)
    if token is None or not isinstance(token.get("since"), str):
        messages.error(
            request,
            _(
                "Nothing was verified: this page is incomplete or was opened for other "
                "data. Check the drafts below and verify them again."
            ),
        )
        return False
    seen = {int(pk): tuple(figures) for pk, figures in token["seen"].items() if pk.isdigit()}
    since = datetime.fromisoformat(token["since"])
    count, left = verify_values(selection, request.user, seen, since)
    # verify_values publishes drafts with QuerySet.update(), which no post_save reports to the
    # shared cache: the dashboards must show the verified values at once.
    invalidate("values")
    message = ngettext(
        "%(count)d value has been verified.", "%(count)d values have been verified.", count
    )
    messages.success(request, message % {"count": count})
    if not left:
        return True
    message = ngettext(
        "%(count)d draft was not verified: it was changed or entered after you opened "
        "the list (%(values)s). Check it and verify again.",
        "%(count)d drafts were not verified: they were changed or entered after you "
        "opened the list (%(values)s). Check them and verify again.",
        len(left),
    )
    names = "; ".join(_value_text(value) for value in left[:MAX_NAMED])
    if len(left) > MAX_NAMED:
        names += "; …"
    messages.warning(request, message % {"count": len(left), "values": names})
    return False


class Listed(NamedTuple):
    """A line of the verification page: a draft, or a pending change of a verified value."""

    value: DataValue
    figures: str  # as proposed
    computed: object  # the value of a ratio's proposed figures
    author: object  # who entered the draft or proposed the change
    verified: str  # the verified figures a pending change replaces; "" for a draft
    verifiable: bool


def _drafts_page(request, selection) -> dict:
    """The drafts and pending changes of `selection` by level (with those the user entered),
    one page of them with what it showed signed, and the values verified last: a few
    queries, whatever the number of drafts. A pending change is listed with its proposed
    figures and its proposer, beside the verified figures it would replace."""
    user = request.user
    drafts = drafts_to_verify(selection)
    levels = list(
        drafts.values_list("region__level")
        .annotate(
            total=Count("pk"),
            own=Count("pk", filter=~verifiable_values_filter(user)),
            changes=Count("pk", filter=Q(revised_at__isnull=False)),
        )
        .order_by("region__level")
    )
    total = sum(total for _level, total, _own, _changes in levels)
    paginator = Paginator(
        drafts.select_related("region", "indicator", "entered_by", "revised_by").order_by(
            "region__level", "region__code", "indicator__order", "indicator__code", "pk"
        ),
        VERIFY_PER_PAGE,
    )
    paginator.count = total  # counted above with the levels: no second scan to count them
    page = paginator.get_page(request.GET.get("page"))
    listed = [(value, seen_figures(value)) for value in page.object_list]
    seen = {str(v.pk): figures for v, figures in listed if can_verify_value(user, v)}
    recent = (
        values_at_every_level(selection)
        .filter(status=DataValue.Status.VERIFIED, verified__isnull=False)
        .select_related("region", "indicator", "verified_by")
        .order_by("-verified", "-pk")[:RECENTLY_VERIFIED]
    )
    return {
        "levels": [(Region.Level(level).label, total) for level, total, *_counts in levels],
        "total": total,
        "own": sum(own for _level, _total, own, _changes in levels),
        "changes": sum(changes for *_counts, changes in levels),
        "page": page,
        "drafts": [
            Listed(
                v,
                _figures_text(v.indicator, figures),
                v.revised_value if v.has_revision else v.value,
                _author(v),
                _verified_text(v) if v.has_revision else "",
                str(v.pk) in seen,
            )
            for v, figures in listed
        ],
        "verifiable": len(seen),
        "recent": [(v, _figures_text(v.indicator, verified_figures(v))) for v in recent],
        "seen": _seen_token(selection, seen, VERIFY_SALT, since=timezone.now().isoformat()),
    }


@require_safe
def template(request, code):
    group = _data_group(request, code)
    selection = _selection(request, group.region, list(Indicator.objects.all()))
    response = HttpResponse(values_io.template_bytes(selection), content_type=XLSX_CONTENT_TYPE)
    return attachment(response, f"templat-data-{group.code}-{selection.year}.xlsx")


def import_values(request, code):
    group = _data_group(request, code)
    importer = values_io.ValuesImporter(request.user, within=group.region)
    done = reverse("monitoring:data_entry", kwargs={"code": group.code})
    return import_view(request, importer, "monitoring/import.html", {"group": group}, done)


@login_not_required
@require_safe
def export(request, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    params = request.GET
    region = get_object_or_404(Region, code=params.get("wilayah") or Region.NATIONAL_CODE)
    values = visible_values(request.user).filter(at_or_below(region.code, "region__code"))
    if params.getlist("indikator"):
        values = values.filter(indicator__code__in=params.getlist("indikator"))
    years = [int(year) for year in params.getlist("tahun") if year.isdigit()]
    if years:
        values = values.filter(year__in=years)
    for param, name, choices in (
        ("periode", "period", Period),
        ("sumber", "source", Source),
        ("metode", "method", Method),
    ):
        if params.get(param) in choices.values:
            values = values.filter(**{name: params[param]})
    filename = values_io.export_filename(region.code, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            values_io.csv_lines(values), content_type="text/csv; charset=utf-8"
        )
    elif values_io.xlsx_too_large(values):
        messages.warning(request, _xlsx_refusal())
        return redirect(_export_page(request))
    else:
        response = HttpResponse(values_io.xlsx_bytes(values), content_type=XLSX_CONTENT_TYPE)
    return attachment(response, filename)


def _xlsx_refusal() -> str:
    return _(
        "These are more than %(max)s values; an XLSX file holds at most %(max)s. Choose a "
        "year, fewer indicators or a smaller region, or download the CSV file, which holds "
        "them all and opens in any spreadsheet program."
    ) % {"max": number_format(values_io.XLSX_MAX_ROWS, force_grouping=True)}


def _export_page(request) -> str:
    """The page the export was asked from (to show why it was refused), or the catalogue."""
    page = request.headers.get("referer", "")
    safe = url_has_allowed_host_and_scheme(
        page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and "/ekspor." not in page:
        return page
    return reverse("monitoring:catalogue")


@dataclass
class TargetCell:
    name: str
    label: str
    value: str
    error: str = ""


def targets(request, code):
    group, can_edit = get_region_data_group(request, code)
    region = group.region
    first = timezone.localdate().year
    years = list(range(first, first + TARGET_YEARS))
    indicators = list(Indicator.objects.all())
    stored = {
        (target.indicator_id, target.year): target
        for target in Target.objects.filter(region=region, year__in=years).order_by()
    }
    errors = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        rows, keys = [], []
        for indicator in indicators:
            for year in years:
                name = f"t-{indicator.pk}-{year}"
                if name in request.POST:
                    keys.append(name)
                    rows.append(TargetRow(indicator, year, request.POST[name], row=len(rows) + 1))
        basis = request.POST.get("basis", "")
        summary, problems = write_targets(region, rows, request.user, basis=basis)
        if summary is not None:
            messages.success(request, str(summary))
            return redirect("monitoring:data_targets", code=group.code)
        errors = {keys[problem.row - 1]: problem.message for problem in problems}
    grid = []
    for indicator in indicators:
        cells = []
        for year in years:
            name = f"t-{indicator.pk}-{year}"
            target = stored.get((indicator.pk, year))
            shown = plain_number(target.value) if target else ""
            label = _("Target %(year)d, %(indicator)s") % {"year": year, "indicator": indicator}
            value = request.POST.get(name, "") if errors else shown
            cells.append(TargetCell(name, label, value, errors.get(name, "")))
        grid.append((indicator, cells))
    context = {
        "group": group,
        "can_edit": can_edit,
        "years": years,
        "grid": grid,
        "error_count": len(errors),
    }
    return render(request, "monitoring/targets.html", context)
