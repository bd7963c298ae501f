from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sinergi.decrees import drafts
from sinergi.decrees.models import Appointment, Decree, DecreeTemplate


class AppointmentInline(admin.TabularInline):
    """Who the decree appointed, as recorded: read-only (see `Decree.set_appointments`)."""

    model = Appointment
    fields = ["full_name", "nip", "job_title", "position", "field", "institution_name"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decree)
class DecreeAdmin(admin.ModelAdmin):
    inlines = [AppointmentInline]
    list_display = ["number", "working_group", "signed_on", "valid_from", "valid_until"]
    search_fields = ["number", "title", "working_group__name"]
    autocomplete_fields = ["working_group", "replaces"]
    list_select_related = ["working_group"]
    date_hierarchy = "valid_from"


class DecreeTemplateForm(forms.ModelForm):
    class Meta:
        model = DecreeTemplate
        fields = ["level", "name", "file", "is_active", "notes"]

    def clean_file(self):
        file = self.cleaned_data["file"]
        if isinstance(file, UploadedFile):  # a new upload: try it before anyone relies on it
            drafts.check_template(file)
        return file


@admin.register(DecreeTemplate)
class DecreeTemplateAdmin(admin.ModelAdmin):
    form = DecreeTemplateForm
    list_display = ["level", "name", "is_active", "uploaded"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "notes"]
    readonly_fields = ["uploaded", "variables"]
    fields = ["level", "name", "file", "is_active", "notes", "variables", "uploaded"]

    @admin.display(description=_("template variables"))
    def variables(self, obj):
        context = drafts.sample_context()
        names = [f"{{{{ {name} }}}}" for name in context if name != "members"]
        row = [f"{{{{ m.{name} }}}}" for name in context["members"][0]] + ["{{ loop.index }}"]
        return format_html(
            "<p><code>{}</code></p><p>{} <code>{}</code>: <code>{}</code></p><p>{}</p>",
            " ".join(names),
            _("In the roster table, between"),
            "{%tr for m in members %} … {%tr endfor %}",
            " ".join(row),
            _(
                "The newest active template of a level is used. Every variable is explained in "
                "docs/decree-templates.md."
            ),
        )
