"""One region filter (issue 14, item 3): "at or below a region code" is written once, in
sinergi/regions/models.py, and every other module asks it."""

import ast
from pathlib import Path

from django.db.models import Q
from django.test import SimpleTestCase

from sinergi.pokja.models import Institution
from sinergi.regions.models import Region, at_or_below, below, is_at_or_below
from sinergi.test import BaseTestCase, make_region

ROOT = Path(__file__).resolve().parents[2]


class AtOrBelowTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # "32.7" is no real code, but a prefix of "32.73" without the dot.
        cls.k327 = make_region("32.7", "Not a parent of Kota Bandung", "kabupaten", cls.jabar)

    def codes(self, condition):
        return list(Region.objects.filter(condition).values_list("code", flat=True))

    def test_one_code_is_the_region_and_every_region_below(self):
        self.assertEqual(self.codes(at_or_below("32.04")), ["32.04", "32.04.05", "32.04.05.2001"])

    def test_several_codes(self):
        self.assertEqual(
            self.codes(at_or_below(["32.04.05", "53"])),
            ["32.04.05", "32.04.05.2001", "53", "53.01"],
        )
        self.assertEqual(self.codes(at_or_below({"53.01"})), ["53.01"])

    def test_no_code_is_nothing(self):
        self.assertEqual(self.codes(at_or_below([])), [])
        self.assertEqual(self.codes(below(())), [])

    def test_the_national_code_is_everything(self):
        everything = list(Region.objects.values_list("code", flat=True))
        self.assertEqual(self.codes(at_or_below("ID")), everything)
        self.assertEqual(self.codes(at_or_below(["32", "ID"])), everything)
        self.assertEqual(self.codes(below("ID")), everything)

    def test_the_national_code_is_everything_inside_an_or_too(self):
        everything = list(Region.objects.values_list("code", flat=True))
        self.assertEqual(self.codes(Q(code="53") | at_or_below("ID")), everything)
        self.assertEqual(self.codes(Q(code="53") | below(["ID"])), everything)

    def test_a_prefix_without_the_dot_is_not_a_parent(self):
        self.assertEqual(self.codes(at_or_below("32.7")), ["32.7"])
        self.assertEqual(self.codes(below("32.7")), [])
        self.assertFalse(is_at_or_below("32.73", "32.7"))
        self.assertFalse(is_at_or_below("32.04", "32.0"))

    def test_below_leaves_the_region_out(self):
        self.assertEqual(self.codes(below("32.04")), ["32.04.05", "32.04.05.2001"])

    def test_a_field_through_a_relation(self):
        Institution.objects.create(name="Dinas PU NTT", category="opd", region=self.ntt)
        names = Institution.objects.filter(at_or_below("32", "region__code"))
        self.assertEqual([i.name for i in names], ["Bappeda Kabupaten Bandung"])

    def test_regions_within_a_region_leave_it_out(self):
        self.assertEqual(
            list(Region.objects.within(self.kab_bandung).values_list("code", flat=True)),
            ["32.04.05", "32.04.05.2001"],
        )
        self.assertNotIn(self.nation, Region.objects.within(self.nation))
        self.assertEqual(Region.objects.within(self.nation).count(), Region.objects.count() - 1)


class IsAtOrBelowTestCase(SimpleTestCase):
    def test_in_memory_twin(self):
        cases = [
            ("32.04", "32.04", True),
            ("32.04.05.2001", "32", True),
            ("32", "32.04", False),
            ("53.01", "32", False),
            ("32.71", "32.7", False),
            ("32", "ID", True),
            ("ID", "ID", True),
            ("ID", "32", False),
        ]
        for code, ancestor, expected in cases:
            with self.subTest(code=code, ancestor=ancestor):
                self.assertIs(is_at_or_below(code, ancestor), expected)


# Files allowed to filter by a region prefix themselves, and why.
ALLOWED = {
    "regions/models.py": "the one home of the region filter",
    "regions/lookup.py": "the picker's search by the first digits of a code as typed",
}


def _dotted_prefix(node) -> bool:
    """An f-string that ends with a dot: f"{code}." (the prefix of the regions below `code`)."""
    if not isinstance(node, ast.JoinedStr) or not node.values:
        return False
    last = node.values[-1]
    return isinstance(last, ast.Constant) and str(last.value).endswith(".")


def _key_name(node) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr) and node.values:
        return _key_name(node.values[-1])
    return ""


def _prefix_lookup(name: str, value) -> bool:
    """A `__startswith` lookup on a code, or one given f"{code}."."""
    if not name.endswith("__startswith"):
        return False
    return name.endswith("code__startswith") or _dotted_prefix(value)


def hand_written_filters(tree) -> list[int]:
    """Lines that test a region code against a prefix by hand: a `code__startswith` lookup, a
    `__startswith` lookup or a `.startswith()` call given f"{code}."."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg and _prefix_lookup(node.arg, node.value):
            lines.append(node.value.lineno)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is not None and _prefix_lookup(_key_name(key), value):
                    lines.append(value.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "startswith"
            and node.args
            and _dotted_prefix(node.args[0])
        ):
            lines.append(node.lineno)
    return sorted(lines)


class NoHandWrittenRegionFilterTestCase(SimpleTestCase):
    def test_the_check_finds_the_forms_it_forbids(self):
        for line in (
            'Q(code__startswith=f"{code}.")',
            'Q(region__code__startswith="" if national else f"{code}.")',
            'Q(**{f"{field}__startswith": f"{code}."})',
            'any(code.startswith(f"{c}.") for c in codes)',
        ):
            with self.subTest(line=line):
                self.assertEqual(hand_written_filters(ast.parse(line)), [1])
        self.assertEqual(hand_written_filters(ast.parse('Q(name__startswith="Pokja")')), [])

    def test_no_module_outside_regions_filters_regions_by_hand(self):
        found = []
        for path in sorted(ROOT.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            if relative.as_posix() in ALLOWED:
                continue
            for line in hand_written_filters(ast.parse(path.read_text(), filename=str(path))):
                found.append(f"{relative.as_posix()}:{line}")
        self.assertEqual(
            found, [], "use sinergi.regions.models.at_or_below, below or is_at_or_below"
        )
