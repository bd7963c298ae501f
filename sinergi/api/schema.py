"""The OpenAPI schema says what the API really answers, and is made once per process.

- `AutoSchema` adds to every operation the errors it can answer, in the one error shape of
  sinergi/api/errors.py, and marks as nullable or blank-able the read-only fields whose model
  field may hold null or "" (DRF drops `allow_blank` from read-only model fields, so their enum
  or format would otherwise refuse the "" they do return).

The view that serves the document once per process is in schema_view.py (drf-spectacular's views
module imports this class through DRF's settings, so the two cannot share a module).
"""

from contextlib import contextmanager

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny

from sinergi.api.errors import ApiErrorSerializer, ApiValidationErrorSerializer

JSON = ["application/json"]
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429, 503],
    description="Seconds to wait before asking again.",
)


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        return [*super().get_override_parameters(), RETRY_AFTER]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, (serializer, description) in self.error_responses().items():
            responses.setdefault(
                str(status),
                self._get_response_for_code(
                    OpenApiResponse(serializer, description), str(status), JSON, direction
                ),
            )
        return responses

    def error_responses(self) -> dict:
        """The errors this operation can answer, by status."""
        errors = {
            400: (
                ApiValidationErrorSerializer,
                "Invalid parameters or body (messages by field), or a NUL character.",
            ),
            401: (
                ApiErrorSerializer,
                "An unknown, expired or revoked token, or none where one is needed.",
            ),
        }
        writes = self.method not in SAFE_METHODS
        open_data = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if writes or not open_data:
            errors[403] = (
                ApiErrorSerializer,
                "Outside the caller's rights: a read-only token or role, or a write out of scope.",
            )
        paginated = self._is_list_view() and self._get_paginator()
        if "{" in self.path or paginated or writes:
            errors[404] = (
                ApiErrorSerializer,
                "No such record in the caller's scope (at the address or named in the body), "
                "or no such page.",
            )
        if writes:
            errors[409] = (ApiErrorSerializer, "Someone saved the same record at the same moment.")
            errors[413] = (ApiErrorSerializer, "The body is larger than the upload limit allows.")
            errors[415] = (ApiErrorSerializer, "The body is in a media type this does not read.")
        if self.view.get_throttles():
            errors[429] = (ApiErrorSerializer, "Too many requests; see `Retry-After`.")
        errors[503] = (
            ApiErrorSerializer,
            "The database is briefly unavailable; see `Retry-After`.",
        )
        return errors

    # The field's answer is described with what it may really hold (_response_facts), set on
    # the field only while it is mapped: the same field may be mapped again for a request.

    def _map_basic_serializer(self, serializer, direction):
        outer, self._direction = getattr(self, "_direction", None), direction
        try:
            return super()._map_basic_serializer(serializer, direction)
        finally:
            self._direction = outer

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        with _facts_applied(field, direction):
            return super()._map_serializer_field(field, direction, bypass_extensions)

    def _insert_field_validators(self, field, schema):
        with _facts_applied(field, getattr(self, "_direction", None)):
            return super()._insert_field_validators(field, schema)


@contextmanager
def _facts_applied(field, direction):
    found = _response_facts(field) if direction == "response" else {}
    saved = {name: getattr(field, name) for name in found}
    for name, value in found.items():
        setattr(field, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(field, name, value)


def _response_facts(field) -> dict:
    """What a field's answer may hold beyond its declaration: "" where its model field is
    blank=True (DRF drops `allow_blank` from read-only model fields, so their enum or format
    would refuse it), null where its model field or a relation on its way may be empty or
    where it declares `default=None` (DRF then answers null)."""
    facts = {}
    along = _model_fields_along(field) or []
    if getattr(field, "allow_blank", None) is False and along and along[-1].blank:
        facts["allow_blank"] = True
    nullable = field.default is None or any(f.concrete and f.null for f in along)
    many = isinstance(field, serializers.ManyRelatedField | serializers.ListSerializer)
    if not field.allow_null and nullable and not many:
        facts["allow_null"] = True
    return facts


def _model_fields_along(field):
    """The model fields along a serializer field's source (`group.region.code` → 3 fields), or
    None where the source leaves the model (a method, a property)."""
    parent = field.parent
    meta = getattr(parent, "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or not isinstance(parent, serializers.ModelSerializer):
        return None
    found = []
    for name in field.source_attrs:
        try:
            model_field = model._meta.get_field(name)
        except (FieldDoesNotExist, AttributeError):
            return None
        found.append(model_field)
        model = model_field.related_model if model_field.is_relation else None
    return found or None


class ValidationErrorExtension(OpenApiSerializerExtension):
    """The messages of a 400 sit beside `detail` and `code`, one key per field or parameter: a
    list of messages, or an object for a nested field."""

    target_class = ApiValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target_class, direction, bypass_extensions=True)
        schema["additionalProperties"] = {
            "description": "Messages about one field or query parameter.",
            "oneOf": [{"type": "array", "items": {}}, {"type": "object"}],
        }
        return schema
