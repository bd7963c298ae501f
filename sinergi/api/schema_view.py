"""`SchemaView` serves the OpenAPI document generated once per process for each language and
API version: generating it walks every view and serializer (some 300 ms), and it changes only
with the code (a deploy restarts the processes)."""

import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

from sinergi.lib.downloads import attachment


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, generated once per process for each language and API version, and
    rendered once for each format (YAML or JSON, by the Accept header)."""

    _documents: dict = {}
    _rendered: dict = {}
    _lock = threading.Lock()

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # Only the site's languages: any other ?lang= would add a document per value.
        lang = request.GET.get("lang")
        if lang in dict(settings.LANGUAGES):
            with translation.override(lang):
                return self._get_schema_response(request)
        return self._get_schema_response(request)

    def _get_schema_response(self, request):
        version = self.api_version or request.version
        renderer = request.accepted_renderer
        key = (version, translation.get_language(), type(renderer))
        with self._lock:
            content = self._rendered.get(key)
            if content is None:
                document = self._document(request, version)
                content = renderer.render(document, renderer.media_type, {"request": request})
                self._rendered[key] = content
        content_type = renderer.media_type
        if renderer.charset:
            content_type += f"; charset={renderer.charset}"
        response = HttpResponse(content, content_type=content_type)
        return attachment(response, self._get_filename(request, version), inline=True)

    def _document(self, request, version):
        key = (version, translation.get_language())
        if key not in self._documents:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            self._documents[key] = generator.get_schema(request=request, public=self.serve_public)
        return self._documents[key]

    @classmethod
    def forget(cls):
        with cls._lock:
            cls._documents.clear()
            cls._rendered.clear()


@receiver(setting_changed)
def _forget_schema(setting, **kwargs):
    if setting in ("SPECTACULAR_SETTINGS", "REST_FRAMEWORK", "LANGUAGES", "ROOT_URLCONF"):
        SchemaView.forget()
