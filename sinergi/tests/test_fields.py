"""One way to type a date and a number (`sinergi.lib.fields`): what is read, what is refused
and with which message, in both languages; every form of the project uses these fields; and
the reproductions of issue 15, point 10."""

import datetime
import importlib
import pkgutil
import re
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

import sinergi
from sinergi.formation.tests.base import FormationTestCase
from sinergi.lib import fields
from sinergi.lib.fields import (
    DateField,
    NumberField,
    format_number,
    parse_date,
    parse_number,
)
from sinergi.planning.forms_work import BudgetForm
from sinergi.planning.models import PlanTarget
from sinergi.planning.tests.base import WorkPlanTestCase
from sinergi.planning.tests.test_plans import PlanTestCase
from sinergi.programmes.models import Programme, ProgrammeTarget
from sinergi.programmes.tests.base import ProgrammeTestCase
from sinergi.programmes.tests.test_register import ADD, form_data

D = Decimal
DAY = datetime.date(2026, 12, 3)


class DatesTestCase(SimpleTestCase):
    def test_indonesian_english_and_numeric_dates_are_read_in_both_languages(self):
        typed = [
            "3 Desember 2026",
            "3 Des 2026",
            "3 des. 2026",
            "03 DESEMBER 2026",
            "3-Des-2026",
            "3 December 2026",
            "3 Dec 2026",
            "December 3, 2026",
            "03/12/2026",
            "3/12/2026",
            "3-12-2026",
            "03.12.2026",
            "2026-12-03",
            "  3   Desember  2026 ",
            datetime.datetime(2026, 12, 3, 0, 0),  # noqa: DTZ001 (a spreadsheet's date cell)
            DAY,
        ]
        for language in ("id", "en"):
            for raw in typed:
                with self.subTest(language=language, raw=raw), translation.override(language):
                    self.assertEqual(parse_date(raw), DAY)
        self.assertEqual(parse_date("17 Agustus 1945"), datetime.date(1945, 8, 17))
        self.assertEqual(parse_date("1 Pebruari 2027"), datetime.date(2027, 2, 1))
        self.assertEqual(parse_date("10 Mei 2026"), datetime.date(2026, 5, 10))
        self.assertEqual(parse_date("10 Nop 2026"), datetime.date(2026, 11, 10))
        for empty in ("", "   ", None):
            self.assertIsNone(parse_date(empty))

    def test_what_is_not_a_date_is_refused_with_a_message_in_the_users_language(self):
        cases = [
            ("kemarin", "is not a date", "kemarin"),
            ("31/02/2026", "not a day of the calendar", "31/02/2026"),
            ("3 Desembr 2026", "is not a date", "3 Desembr 2026"),
            ("12/03/26", "four digits", "12/03/26"),
            ("2026/12/03", "is not a date", "2026/12/03"),
            (20261203, "not as a number", "03/12/2026"),
            (46359.0, "not as a number", "03/12/2026"),
        ]
        for raw, english, indonesian in cases:
            with self.subTest(raw=raw):
                with translation.override("en"), self.assertRaises(ValidationError) as raised:
                    parse_date(raw)
                self.assertIn(english, raised.exception.messages[0])
                with translation.override("id"), self.assertRaises(ValidationError) as raised:
                    parse_date(raw)
                self.assertIn(indonesian, raised.exception.messages[0])

    def test_the_message_gives_examples_in_the_users_language(self):
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            parse_date("besok")
        self.assertIn("3 December 2026", raised.exception.messages[0])
        with translation.override("id"), self.assertRaises(ValidationError) as raised:
            parse_date("besok")
        self.assertIn("3 Desember 2026", raised.exception.messages[0])

    def test_a_date_is_shown_back_as_it_is_read_in_a_text_box(self):
        field = DateField(help_text="Empty: today.")
        with translation.override("id"):
            html = field.widget.render("d", DAY)
            self.assertIn('value="3 Desember 2026"', html)
            self.assertIn('type="text"', html)
            self.assertIn("Empty: today. Tanggal, bulan, dan tahun", str(field.help_text))
        with translation.override("en"):
            self.assertIn('value="3 December 2026"', field.widget.render("d", DAY))
        self.assertEqual(field.clean(" 3 Desember 2026"), DAY)


class NumbersTestCase(SimpleTestCase):
    def test_indonesian_numbers_are_read(self):
        cases = {
            "1.250.000": D(1250000),
            "1.250.000,50": D("1250000.50"),
            "1250000,5": D("1250000.5"),
            " 1250000 ": D(1250000),
            "12.500": D(12500),  # twelve thousand five hundred
            "1.200": D(1200),
            "12,5": D("12.5"),  # twelve and a half
            "0,25": D("0.25"),
            "1 500": D(1500),
            "0": D(0),
            "-5": D(-5),
            "\u22125": D(-5),
            "1.250,5": D("1250.5"),
            12.5: D("12.5"),
            0.1 + 0.2: D("0.3"),  # the dust of spreadsheet arithmetic
            2500000000: D(2500000000),
            D("7.10"): D("7.1"),
        }
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(parse_number(raw), expected)
        for empty in ("", " ", None):
            self.assertIsNone(parse_number(empty))

    def test_it_refuses_what_it_would_have_to_guess_and_says_how_to_write_it(self):
        cases = [
            ("1.5", "ambiguous", "1,5"),
            ("12.25", "ambiguous", "12,25"),
            ("1250000.50", "ambiguous", "1250000,50"),
            ("0.125", "ambiguous", "0,125"),
            ("1,250", "ambiguous", "1.250"),
            ("1,250,000", "ambiguous", "1.250.000"),
            ("12.50.000", "invalid", "12.50.000"),
            ("1.2.3", "invalid", "1.2.3"),
            ("satu juta", "invalid", "satu juta"),
            ("Rp 1.000", "invalid", "Rp 1.000"),
            ("1,5%", "invalid", "1,5%"),
            ("1e5", "invalid", "1e5"),
            ("1250000,505", "decimals", "2"),
            (10.505, "decimals", "2"),
            (True, "invalid", ""),
        ]
        for raw, code, hint in cases:
            for language in ("id", "en"):
                with (
                    self.subTest(raw=raw, language=language),
                    translation.override(language),
                    self.assertRaises(ValidationError) as raised,
                ):
                    parse_number(raw)
                self.assertEqual(raised.exception.code, code)
                self.assertIn(hint, raised.exception.messages[0])
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            parse_number("1.5")
        self.assertEqual(
            raised.exception.messages[0],
            "“1.5” is ambiguous: a point separates thousands here. Write the decimals after a "
            "comma, as in 1,5.",
        )

    def test_decimals_and_whole_numbers(self):
        self.assertEqual(parse_number("12,3456", places=4), D("12.3456"))
        with self.assertRaises(ValidationError) as raised:
            parse_number("12,34567", places=4)
        self.assertEqual(raised.exception.code, "decimals")
        self.assertEqual(parse_number("1.200,00", places=0), D(1200))
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            parse_number("1,5", places=0)
        self.assertEqual(raised.exception.messages, ["Write a whole number."])

    def test_numbers_without_thousands_take_a_point_or_a_comma(self):
        self.assertEqual(parse_number("-6.9345", places=6, grouping=False), D("-6.9345"))
        self.assertEqual(parse_number("107,7231", places=6, grouping=False), D("107.7231"))
        self.assertEqual(parse_number("2026", places=0, grouping=False), D(2026))
        with self.assertRaises(ValidationError):
            parse_number("1.250.000", grouping=False)

    def test_stored_numbers_are_typed_back_in_the_same_notation(self):
        self.assertEqual(format_number(D("1250000.50")), "1.250.000,50")
        self.assertEqual(format_number(D("3000000000.00")), "3.000.000.000")
        self.assertEqual(format_number(D("45.5")), "45,50")
        self.assertEqual(format_number(D("-1250.5")), "-1.250,50")
        self.assertEqual(format_number(D("12.3450"), places=4), "12,3450")  # never "12,345"
        self.assertEqual(format_number(D("95.5000"), places=4, grouping=False), "95,5")
        self.assertEqual(format_number(None), "")
        for value, places in [("1250000.50", 2), ("99999999.99", 2), ("7", 0), ("12.345", 4)]:
            typed = format_number(D(value), places=places)
            self.assertEqual(parse_number(typed, places=places), D(value), typed)

    def test_the_field_is_a_text_box_with_a_keyboard_for_numbers(self):
        field = NumberField(decimal_places=2, max_digits=18, min_value=0)
        html = field.widget.render("amount", D("2500000000.00"), field.widget_attrs(field.widget))
        self.assertIn('type="text"', html)
        self.assertIn('value="2.500.000.000"', html)
        self.assertIn('inputmode="decimal"', html)
        self.assertEqual(field.clean("2.500.000.000"), D(2500000000))
        with translation.override("en"):
            for typed, message in [
                ("-1", "The number cannot be negative."),
                ("10.000.000.000.000.000", "This number is too large."),
            ]:
                with self.subTest(typed), self.assertRaises(ValidationError) as raised:
                    field.clean(typed)
                self.assertEqual(raised.exception.messages, [message])
        whole = NumberField(min_value=0)
        self.assertEqual(whole.clean("1.200"), 1200)
        self.assertIsInstance(whole.clean("1.200"), int)
        self.assertFalse(whole.has_changed(1200, "1.200"))


def _project_modules():
    """Every module of the project that may hold a form (not tests, migrations or admin)."""
    for module in pkgutil.walk_packages(sinergi.__path__, "sinergi."):
        name = module.name
        parts = name.split(".")
        if {"tests", "migrations", "management", "admin"} & set(parts) or name == "sinergi.wsgi":
            continue
        yield importlib.import_module(name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


class EveryFormTestCase(SimpleTestCase):
    """Guards: a form of the project draws no browser date or number box, and reads dates and
    numbers only with `sinergi.lib.fields`."""

    def test_every_form_uses_the_one_date_and_number_field(self):
        list(_project_modules())
        checked, problems = 0, []
        for form in set(_subclasses(forms.BaseForm)):
            module = form.__module__
            # The admin draws Django's own widgets for administrators.
            if not module.startswith("sinergi.") or ".tests" in module or ".admin" in module:
                continue
            checked += 1
            where = f"{form.__module__}.{form.__qualname__}"
            if issubclass(form, forms.BaseModelForm) and not issubclass(form, fields.ModelForm):
                problems.append(f"{where}: a model form derives from sinergi.lib.fields.ModelForm")
            for name, field in getattr(form, "base_fields", {}).items():
                if isinstance(field, forms.DateField) and not isinstance(field, DateField):
                    problems.append(f"{where}.{name}: use sinergi.lib.fields.DateField")
                if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
                    problems.append(f"{where}.{name}: use sinergi.lib.fields.NumberField")
                if getattr(field.widget, "input_type", "") in ("date", "number"):
                    problems.append(f"{where}.{name}: a browser {field.widget.input_type} box")
        self.assertGreater(checked, 40)
        self.assertEqual(problems, [])

    def test_no_module_or_template_draws_or_parses_dates_and_numbers_its_own_way(self):
        root = Path(settings.BASE_DIR)
        code = re.compile(
            r"forms\.(DateField|DecimalField|IntegerField|FloatField|DateInput|NumberInput)\b"
            r"|input_type = \"(date|number)\"|\"type\": \"(date|number)\""
        )
        html = re.compile(r"type=\"(date|number)\"")
        found = []
        for path in (root / "sinergi").rglob("*.py"):
            relative = path.relative_to(root).as_posix()
            # The API's schema names JSON types; the admin draws Django's own widgets.
            skipped = ("/tests/", "/migrations/", "sinergi/api/", "lib/fields.py", "admin.py")
            if any(part in relative for part in skipped):
                continue
            found += [f"{relative}: {m.group(0)}" for m in code.finditer(path.read_text())]
        for path in [*(root / "sinergi").rglob("*.html"), *(root / "templates").rglob("*.html")]:
            found += [
                f"{path.relative_to(root)}: {m.group(0)}" for m in html.finditer(path.read_text())
            ]
        self.assertEqual(found, [])


class FormationDateTestCase(FormationTestCase):
    def test_step_two_takes_an_indonesian_date_in_a_text_box(self):
        url = "/pokja/32.73/pembentukan/langkah/2/"
        self.client.force_login(self.provincial)
        page = self.client.get("/pokja/32.73/pembentukan/").content.decode()
        box = re.search(r"<(\w+)[^>]*name=\"s2-orientation_meeting_on\"[^>]*>", page)
        self.assertEqual(box.group(1), "input")  # it was a textarea
        self.assertIn('type="text"', box.group(0))
        r = self.client.post(
            url, {"s2-status": "in_progress", "s2-orientation_meeting_on": "3 Desember 2026"}
        )
        self.assertEqual(r.status_code, 302)
        self.formation.refresh_from_db()
        self.assertEqual(self.formation.orientation_meeting_on, DAY)
        page = self.client.get("/pokja/32.73/pembentukan/").content.decode()
        self.assertIn('value="3 Desember 2026"', page)

    def test_step_two_keeps_the_model_fields_range(self):
        self.client.force_login(self.provincial)
        data = {"s2-status": "in_progress", "s2-orientation_meeting_on": "31/12/9999"}
        r = self.client.post("/en/pokja/32.73/pembentukan/langkah/2/", data)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Give a date between")
        self.formation.refresh_from_db()
        self.assertIsNone(self.formation.orientation_meeting_on)


class ProgrammeNumbersTestCase(ProgrammeTestCase):
    def test_budget_and_quantity_take_points_between_thousands(self):
        self.client.force_login(self.regency)
        page = self.client.get(ADD).content.decode()
        self.assertNotIn('type="number"', page)
        self.assertNotIn('type="date"', page)
        data = form_data(
            budget="2.500.000.000", starts_on="1 Maret 2025", **{"sasaran-0-quantity": "1.200"}
        )
        r = self.client.post(ADD, data)
        programme = Programme.objects.get()
        self.assertRedirects(r, programme.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(programme.budget, D(2500000000))
        self.assertEqual(programme.starts_on, datetime.date(2025, 3, 1))
        self.assertEqual(ProgrammeTarget.objects.get().quantity, 1200)
        page = self.client.get(f"/pokja/32.04/program/{programme.pk}/ubah/").content.decode()
        self.assertIn('value="2.500.000.000"', page)

    def test_a_negative_budget_is_still_refused_by_the_model_rule(self):
        self.client.force_login(self.regency)
        r = self.client.post("/en" + ADD, form_data(budget="-1"))
        self.assertEqual(r.status_code, 200)
        self.assertIn("budget", r.context["form"].errors)
        self.assertFalse(Programme.objects.exists())


class RenstraTargetTestCase(PlanTestCase):
    def test_a_target_of_twelve_thousand_five_hundred(self):
        self.client.force_login(self.regency)
        cell = self.cell(self.utility, 2027)
        r = self.client.post(self.url("target/"), {cell: "12.500"})
        self.assertRedirects(r, self.url(), fetch_redirect_response=False)
        self.assertEqual(PlanTarget.objects.get(indicator=self.utility, year=2027).value, D(12500))
        self.assertContains(self.client.get(self.url("target/")), 'value="12.500"')


class WorkPlanAmountTestCase(WorkPlanTestCase):
    def test_a_budget_written_with_points_still_works(self):
        form = BudgetForm({"apbd_kabkota_amount": "1.250.000", "csr_amount": "1.250.000,50"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(
            form.amounts(),
            {"apbd_kabkota": (D(1250000), ""), "csr": (D("1250000.50"), "")},
        )
