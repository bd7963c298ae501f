"""Indicator values exchanged with DHIS2 and statistics offices: export and import of DHIS2
`dataValueSets` JSON and of SDMX-CSV (sinergi.monitoring.exchange; docs/exchange.md).

Exports are open data as every list of values is (`visible_values`: the verified values of
public indicators, and drafts within the caller's scope). Imports need a token of someone who
may write the regions' values; they are checked and written as an XLSX upload is, all rows or
none, and `dryRun=true` checks and counts without writing.

Routed by sinergi/api/urls.py as `include("sinergi.api.exchange")` under `exchange/`.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import StreamingHttpResponse
from django.http.request import RawPostDataException
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sinergi.lib.downloads import attachment
from sinergi.monitoring import exchange
from sinergi.monitoring.models import Period
from sinergi.monitoring.values import visible_values
from sinergi.regions.models import Region, at_or_below


class Dhis2DataValueSerializer(serializers.Serializer):
    dataElement = serializers.CharField(  # noqa: N815 (DHIS2's names)
        help_text="Indicator code; <code>.numerator and <code>.denominator for a ratio"
    )
    period = serializers.CharField(help_text="2025, 2025S1 or 202501")
    orgUnit = serializers.CharField(help_text="Region code (Kemendagri)")  # noqa: N815
    categoryOptionCombo = serializers.CharField(  # noqa: N815
        required=False, help_text="Only the default (no disaggregation)"
    )
    attributeOptionCombo = serializers.CharField(  # noqa: N815
        required=False, help_text="<source>-<method> when not the indicator's defaults"
    )
    value = serializers.CharField()
    comment = serializers.CharField(required=False)
    lastUpdated = serializers.DateTimeField(required=False)  # noqa: N815


class Dhis2DataValueSetSerializer(serializers.Serializer):
    dataValues = Dhis2DataValueSerializer(many=True)  # noqa: N815
    mapping = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text="Import only: codes of another system, "
        '{"dataElement": {"theirs": "am-layak"}, "orgUnit": {"theirs": "32.04"}}',
    )


class ExchangeImportCountSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    updated = serializers.IntegerField(help_text="Including verified values given a change")
    ignored = serializers.IntegerField(help_text="Unchanged")
    deleted = serializers.IntegerField()


class ExchangeConflictSerializer(serializers.Serializer):
    object = serializers.CharField(help_text="The field at fault")
    property = serializers.CharField()
    row = serializers.IntegerField(help_text="The data value (DHIS2) or line (CSV); 0: the file")
    value = serializers.CharField(help_text="What is wrong")


class ExchangeImportSummarySerializer(serializers.Serializer):
    responseType = serializers.CharField()  # noqa: N815
    status = serializers.ChoiceField(choices=["SUCCESS", "ERROR"])
    description = serializers.CharField()
    dryRun = serializers.BooleanField()  # noqa: N815
    importCount = ExchangeImportCountSerializer()  # noqa: N815
    revised = serializers.IntegerField(
        help_text="Verified values changed: the change awaits verification"
    )
    conflicts = ExchangeConflictSerializer(many=True)
    unmapped = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Codes neither Sinergi's nor mapped, with their count: dataElement, orgUnit",
    )


class ExchangeErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


FILTERS = [
    OpenApiParameter("indicator", str, many=True, description="Indicator codes"),
    OpenApiParameter(
        "region", str, description="Region code: that region and every region below it"
    ),
    OpenApiParameter("year", int, many=True),
    OpenApiParameter("period", str, enum=Period.values),
]
BAD_FILTER = OpenApiResponse(
    OpenApiTypes.OBJECT, description="A filter is not valid; the message names it"
)
IMPORT_RESPONSES = {
    200: ExchangeImportSummarySerializer,
    400: OpenApiResponse(ExchangeImportSummarySerializer, description="The file cannot be read"),
    401: ExchangeErrorSerializer,
    403: ExchangeErrorSerializer,
    409: OpenApiResponse(
        ExchangeImportSummarySerializer,
        description="Conflicts: nothing was written; each is listed",
    ),
}
DRY_RUN = OpenApiParameter("dryRun", bool, description="Check and count without writing anything")


def _filtered_values(request):
    params = request.query_params
    values = visible_values(request.user)
    errors = {}
    if any("\x00" in text for _name, texts in params.lists() for text in texts):
        raise ValidationError({"detail": [_("A parameter holds a null character.")]})
    if params.get("region"):
        region = Region.objects.filter(code=params["region"]).first()
        if region is None:
            errors["region"] = [_("“%(code)s” is not a region code.") % {"code": params["region"]}]
        else:
            values = values.filter(at_or_below(region.code, "region__code"))
    if params.getlist("indicator"):
        values = values.filter(indicator__code__in=params.getlist("indicator"))
    years = params.getlist("year")
    if years:
        if not all(year.isdigit() and len(year) <= 4 for year in years):
            errors["year"] = [_("A year such as 2024.")]
        else:
            values = values.filter(year__in=[int(year) for year in years])
    if params.get("period"):
        if params["period"] not in Period.values:
            errors["period"] = [_("One of: %(values)s.") % {"values": ", ".join(Period.values)}]
        values = values.filter(period=params["period"])
    if errors:
        raise ValidationError(errors)
    return values


@method_decorator(login_not_required, name="dispatch")
class Dhis2ExportView(APIView):
    """Indicator values as a DHIS2 dataValueSet (codes: dataElement is the indicator code,
    orgUnit the region code, period the DHIS2 period). A ratio indicator gives three data
    values: its value, <code>.numerator and <code>.denominator. Open data; drafts only within
    the caller's scope."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=FILTERS, responses={200: Dhis2DataValueSetSerializer, 400: BAD_FILTER}
    )
    def get(self, request):
        values = _filtered_values(request)
        response = StreamingHttpResponse(
            exchange.dhis2_lines(values), content_type="application/json"
        )
        return attachment(response, "dataValueSets.json")


@method_decorator(login_not_required, name="dispatch")
class SdmxExportView(APIView):
    """Indicator values as SDMX-CSV (dataflow SINERGI:AMPL(1.0)): DATAFLOW, INDICATOR,
    REF_AREA, SOURCE, METHOD, TIME_PERIOD, OBS_VALUE, UNIT_MEASURE, OBS_STATUS (A verified,
    P draft), NUMERATOR, DENOMINATOR, COMMENT. Open data; drafts only within the caller's
    scope."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=FILTERS,
        responses={(200, "text/csv"): OpenApiTypes.STR, 400: BAD_FILTER},
    )
    def get(self, request):
        values = _filtered_values(request)
        response = StreamingHttpResponse(
            exchange.sdmx_lines(values), content_type="text/csv; charset=utf-8"
        )
        return attachment(response, "sinergi-sdmx.csv")


def summary_data(result: exchange.Result) -> dict:
    """A DHIS2-like import summary of `result`."""
    summary = result.summary
    if summary is None:
        description = _("Nothing was written: correct the conflicts and send the file again.")
    elif result.dry_run:
        description = _("Dry run: the file can be imported; nothing was written.")
    else:
        description = str(summary)
    conflicts = [
        {"object": p.column, "property": p.column, "row": p.row, "value": p.message}
        for p in result.problems
    ]
    return {
        "responseType": "ImportSummary",
        "status": "SUCCESS" if summary is not None else "ERROR",
        "description": description,
        "dryRun": result.dry_run,
        "importCount": {
            "imported": summary.created if summary else 0,
            "updated": summary.changed if summary else 0,
            "ignored": summary.unchanged if summary else 0,
            "deleted": 0,
        },
        "revised": summary.revised if summary else 0,
        "conflicts": conflicts,
        "unmapped": {
            "dataElement": dict(result.unmapped["indicator"]),
            "orgUnit": dict(result.unmapped["region"]),
        },
    }


def _unreadable(message, dry_run) -> Response:
    result = exchange.Result(
        None, [exchange.Problem(0, "", message)], exchange.Parsed().unmapped, dry_run
    )
    return Response(summary_data(result), status=status.HTTP_400_BAD_REQUEST)


class _ImportView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]  # the body is read as it is (`read`), never parsed by DRF
    fmt = ""

    def post(self, request):
        dry_run = request.query_params.get("dryRun", "").casefold() in ("true", "1")
        try:
            stream = request.stream
        except RawPostDataException:
            # A form upload, already read by Django: the file belongs in the body itself.
            return _unreadable(_("Send the file itself as the body of the request."), dry_run)
        data = stream.read(exchange.MAX_BYTES + 1) if stream is not None else b""
        if len(data) > exchange.MAX_BYTES:
            message = _("The file is larger than %(limit)s.") % {"limit": "10 MB"}
            return _unreadable(message, dry_run)
        try:
            parsed = self.read(data)
        except exchange.ExchangeError as error:
            return _unreadable(error.message, dry_run)
        result = exchange.run(parsed, request.user, dry_run=dry_run)
        answer = status.HTTP_200_OK if result.ok else status.HTTP_409_CONFLICT
        return Response(summary_data(result), status=answer)


@method_decorator(login_not_required, name="dispatch")
class Dhis2ImportView(_ImportView):
    """Import a DHIS2 dataValueSet (JSON, codes as the export gives them, or mapped with an
    optional top-level `mapping`): all values or none, checked as an XLSX upload is, in the
    regions the caller may write. New values are drafts; a changed verified value keeps its
    figures until its change is verified."""

    @extend_schema(
        request=Dhis2DataValueSetSerializer, parameters=[DRY_RUN], responses=IMPORT_RESPONSES
    )
    def post(self, request):
        return super().post(request)

    def read(self, data):
        text = exchange.decode(data)
        document = exchange.load_json(text)
        mapping = None
        if isinstance(document, dict) and "mapping" in document:
            mapping = exchange.read_mapping(document["mapping"])
        return exchange.read_dhis2(document, mapping)


@method_decorator(login_not_required, name="dispatch")
class SdmxImportView(_ImportView):
    """Import SDMX-CSV (the columns of the export; SOURCE, METHOD, NUMERATOR, DENOMINATOR
    and COMMENT may be left out): all rows or none, checked as an XLSX upload is."""

    @extend_schema(
        request={"text/csv": OpenApiTypes.STR}, parameters=[DRY_RUN], responses=IMPORT_RESPONSES
    )
    def post(self, request):
        return super().post(request)

    def read(self, data):
        return exchange.read_sdmx(data)


urlpatterns = [
    path("dhis2/dataValueSets.json", Dhis2ExportView.as_view(), name="exchange-dhis2-export"),
    path("dhis2/dataValueSets", Dhis2ImportView.as_view(), name="exchange-dhis2-import"),
    path("sdmx.csv", SdmxExportView.as_view(), name="exchange-sdmx-export"),
    path("sdmx", SdmxImportView.as_view(), name="exchange-sdmx-import"),
]
