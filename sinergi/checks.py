from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    errors = []
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "ALLOWED_HOSTS is empty.",
                hint="Set ALLOWED_HOSTS to the host names Sinergi is served under.",
                id="sinergi.E001",
            )
        )
    if not settings.DEBUG and settings.SITE_URL.startswith("http://127.0.0.1"):
        errors.append(
            Warning(
                "SITE_URL still points at the development server.",
                hint="Set SITE_URL to the public address; e-mails link to it.",
                id="sinergi.W001",
            )
        )
    return errors
