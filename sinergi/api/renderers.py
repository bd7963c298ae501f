"""The browsable API (DRF's HTML pages) under the site's Content-Security-Policy."""

from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's own HTML pages. Their templates (DRF's, not ours) put a few layout rules in style
    attributes, so these pages alone allow style attributes; inline <style> elements and inline
    script stay blocked, which is why the syntax-highlighting stylesheet that DRF writes inline
    is left out (code in descriptions shows unhighlighted)."""

    def get_context(self, *args, **kwargs):
        context = super().get_context(*args, **kwargs)
        context["code_style"] = None
        return context

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src-attr": "'unsafe-inline'"}  # read by django-csp
        return super().render(data, accepted_media_type, renderer_context)
