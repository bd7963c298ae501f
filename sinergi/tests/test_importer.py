"""The import framework (sinergi.lib.imports) on a small import of institutions: the upload
is read whole (XLSX or CSV), its headers checked, every row checked and each problem named by
row and column; a good file is applied in one transaction, and the same file twice changes
nothing."""

from unittest import mock

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import translation

from sinergi.lib import spreadsheets
from sinergi.lib.imports import Column, Importer, ImportForm, Problem, run_import
from sinergi.pokja.models import Institution
from sinergi.test import BaseTestCase


class InstitutionRow(forms.Form):
    name = forms.CharField(max_length=20)
    category = forms.ChoiceField(choices=Institution.Category.choices)


class InstitutionImporter(Importer):
    """One institution per row, recognised by its name in the region."""

    columns = [
        Column("name", "Nama*"),
        Column("region_name", "Wilayah", read=False),
        Column("category", "Kategori*"),
        Column("remark", "Keterangan", optional=True),
    ]
    title = "Institutions imported."
    max_rows = 3
    allow_csv = True

    def __init__(self, region):
        super().__init__()
        self.region = region

    def skip(self, cells):
        return cells["name"] is None and cells["category"] is None

    def prepare(self, rows):
        self.stored = {i.name: i for i in Institution.objects.filter(region=self.region)}

    def parse_row(self, cells):
        form = InstitutionRow(cells)
        if not form.is_valid():
            self.form_problems(form)
            return None
        return form.cleaned_data

    def apply(self, records):
        summary = self.summary()
        for data in records:
            stored = self.stored.get(data["name"])
            if stored is None:
                Institution.objects.create(region=self.region, **data)
                summary.created += 1
            elif stored.category != data["category"]:
                stored.category = data["category"]
                stored.save(update_fields=["category"])
                summary.changed += 1
            else:
                summary.unchanged += 1
        return summary


HEADER = ["Nama*", "Wilayah", "Kategori*"]
GOOD = [["Yayasan Air", "Bandung", "lsm"], ["PT Sanitasi", None, "swasta"]]


def xlsx(rows, header=HEADER, name="f.xlsx"):
    return SimpleUploadedFile(name, spreadsheets.workbook_bytes("S", header, rows))


def csv(rows, header=HEADER, delimiter=";"):
    lines = [delimiter.join(header)]
    lines += [delimiter.join("" if v is None else v for v in row) for row in rows]
    return SimpleUploadedFile("f.csv", ("\n".join(lines) + "\n").encode())


class ImporterTestCase(BaseTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def importer(self, allow_csv=True):
        importer = InstitutionImporter(self.kab_bandung)
        importer.allow_csv = allow_csv
        return importer

    def form(self, upload, allow_csv=True):
        form = ImportForm(self.importer(allow_csv), {}, {"file": upload})
        form.is_valid()
        return form

    def import_file(self, upload, allow_csv=True):
        form = self.form(upload, allow_csv)
        self.assertTrue(form.is_valid(), form.errors)
        return run_import(self.importer(allow_csv), form.rows)

    def names(self):
        return set(
            Institution.objects.filter(region=self.kab_bandung).values_list("name", "category")
        )

    def refusal(self, upload, allow_csv=True):
        return " ".join(self.form(upload, allow_csv).errors["file"])

    def test_xlsx_and_csv_give_the_same_rows(self):
        expected = [
            (2, {"name": "Yayasan Air", "category": "lsm"}),
            (3, {"name": "PT Sanitasi", "category": "swasta"}),
        ]
        self.assertEqual(self.form(xlsx(GOOD)).rows, expected)
        self.assertEqual(self.form(csv(GOOD)).rows, expected)
        self.assertEqual(self.form(csv(GOOD, delimiter=",")).rows, expected)

    def test_headers_are_checked_without_regard_to_case_star_or_read_only_columns(self):
        rows = self.form(xlsx([["A", "lsm", "x"]], header=["nama", "KATEGORI", "Keterangan"])).rows
        self.assertEqual(rows, [(2, {"name": "A", "category": "lsm", "remark": "x"})])
        message = self.refusal(xlsx(GOOD, header=["Nama*", "Wilayah", "Jenis"]))
        self.assertEqual(
            message, "These columns are missing from the first row: Kategori*. Use the template."
        )

    def test_unreadable_empty_large_and_long_files_are_refused_with_one_message(self):
        cases = [
            (SimpleUploadedFile("f.xlsx", "Nama*;é".encode("latin-1")), True, "neither an Excel"),
            (SimpleUploadedFile("f.xlsx", b"Nama*;Kategori*\n"), False, "not an Excel workbook"),
            (xlsx(GOOD, name="f.csv"), False, "File extension"),
            (xlsx([[None, "Bandung", None]]), True, "no rows to import below the header"),
            (xlsx(GOOD * 2), True, "more than 3 rows"),
            (SimpleUploadedFile("f.csv", b"a" * (2 * 1024 * 1024 + 1)), True, "larger than 2 MB"),
        ]
        for upload, allow_csv, message in cases:
            with self.subTest(message=message):
                self.assertIn(message, self.refusal(upload, allow_csv))

    def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(self):
        before = self.names()
        rows = [["Yayasan Air", None, "lsm"], [None, None, "roket"], ["X" * 21, None, "lsm"]]
        summary, problems = self.import_file(xlsx(rows))
        self.assertIsNone(summary)
        self.assertEqual(
            [(p.row, p.column) for p in problems],
            [(3, "Nama"), (3, "Kategori"), (4, "Nama")],
        )
        self.assertEqual(problems[0].message, "This field is required.")
        self.assertEqual(self.names(), before)

    def test_the_same_file_twice_changes_nothing(self):
        summary, problems = self.import_file(xlsx(GOOD))
        self.assertEqual(problems, [])
        self.assertEqual(
            str(summary), "Institutions imported. Created: 2, changed: 0, unchanged: 0."
        )
        after = self.names()
        summary, _problems = self.import_file(csv(GOOD))
        self.assertEqual(
            str(summary), "Institutions imported. Created: 0, changed: 0, unchanged: 2."
        )
        self.assertEqual(self.names(), after)

    def test_the_rows_are_applied_in_one_transaction(self):
        before = self.names()
        create = Institution.objects.create
        calls = []

        def create_then_fail(**values):
            calls.append(values)
            if len(calls) == 2:
                raise IntegrityError("written meanwhile")
            return create(**values)

        with mock.patch.object(Institution.objects, "create", side_effect=create_then_fail):
            summary, problems = self.import_file(xlsx(GOOD))
        self.assertEqual(len(calls), 2)  # the first row was written, then rolled back
        self.assertIsNone(summary)
        self.assertEqual(
            problems,
            [
                Problem(
                    0, "", "The data changed while the file was being imported; upload it again."
                )
            ],
        )
        self.assertEqual(self.names(), before)
