"""One door for access (issue 13, item 15): every access rule lives in sinergi/pokja/access.py.

Other modules may call its functions, and the methods of the scope it computes (`can_view`,
`can_edit`, `is_member`, `can_view_region`, `can_edit_region`), but never read the scope's
fields to build a rule of their own, nor decide access from roles or the superuser flag.
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
ACCESS = ROOT / "pokja" / "access.py"

# The scope's internals: the fields of access.Scope and the per-request cache on the user.
SCOPE_FIELDS = {
    "read_all",
    "edit_all",
    "read_ids",
    "edit_ids",
    "read_codes",
    "edit_codes",
    "read_provinces",
    "_sinergi_scope",
}

# Where roles or the superuser flag are read outside access.py, and why that decides no access.
ROLE_READS_ALLOWED = {
    "accounts/views.py": "the profile lists the user's roles, for display",
    "pokja/actions.py": "grants and ends roles (invitations, memberships)",
    "pokja/demo.py": "creates the demo accounts and their roles",
    "pokja/views.py": "lists roles for display (dashboard, workspace) and refuses to invite "
    "someone who already has access; each page's access goes through access.py",
    "formation/actions.py": "a new working group's secretariat role is granted",
    "decrees/reminders.py": "chooses who receives a reminder, not who may read",
    "facilities/reminders.py": "chooses who receives a failure notice, not who may read",
    "activeness/index.py": "counts the values a group's own accounts entered or verified, "
    "not who may read them",
}


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        if path in (ACCESS, ROOT / "test.py"):
            continue
        yield relative.as_posix(), ast.parse(path.read_text(), filename=str(path))


def _scope_reads(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in SCOPE_FIELDS:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value in SCOPE_FIELDS:
            found.append(f"line {node.lineno}: {node.value!r}")  # getattr(scope, "read_ids")
        elif isinstance(node, ast.ImportFrom) and any(a.name == "Scope" for a in node.names):
            found.append(f"line {node.lineno}: imports Scope")
    return found


def _is_user(node) -> bool:
    """`user`, `request.user`, `person.user`…: the roles of an account."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "user" or name.endswith("_user")


def _names_roles(value) -> bool:
    """A lookup through the roles, such as "working_group__roles__user"."""
    return isinstance(value, str) and (value.startswith("roles__") or "__roles__" in value)


def _role_reads(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "is_superuser":
            found.append(f"line {node.lineno}: .is_superuser")
        elif isinstance(node, ast.Attribute) and node.attr == "roles" and _is_user(node.value):
            found.append(f"line {node.lineno}: user.roles")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
        ):
            found.append(f"line {node.lineno}: Role.objects")
        elif isinstance(node, ast.keyword) and node.arg and "roles__" in node.arg:
            found.append(f"line {node.lineno}: {node.arg}=")
        elif isinstance(node, ast.Constant) and _names_roles(node.value):
            found.append(f"line {node.lineno}: {node.value!r}")
    return found


class OneDoorTestCase(SimpleTestCase):
    def test_no_module_reads_the_scope_internals(self):
        offences = {name: found for name, tree in modules() if (found := _scope_reads(tree))}
        self.assertEqual(offences, {}, "use (or add) a named function of sinergi/pokja/access.py")

    def test_no_access_decision_from_roles_or_the_superuser_flag(self):
        offences = {
            name: found
            for name, tree in modules()
            if name not in ROLE_READS_ALLOWED and (found := _role_reads(tree))
        }
        self.assertEqual(offences, {}, "decide access in sinergi/pokja/access.py")

    def test_the_exceptions_still_exist(self):
        # An exception whose reason is gone is removed from the list, so the list stays true.
        stale = [name for name in ROLE_READS_ALLOWED if not (ROOT / name).exists()]
        self.assertEqual(stale, [])
        reading = {name for name, tree in modules() if _role_reads(tree)}
        self.assertEqual(sorted(set(ROLE_READS_ALLOWED) - reading), [])


class DeliberateViolationsTestCase(SimpleTestCase):
    """The checks above find what they must: each snippet is a rule written outside access.py."""

    def test_reading_a_scope_field_is_found(self):
        tree = ast.parse("ok = group.pk in scope_of(user).edit_ids")
        self.assertEqual(_scope_reads(tree), ["line 1: .edit_ids"])

    def test_reading_it_by_name_or_importing_scope_is_found(self):
        tree = ast.parse("from sinergi.pokja.access import Scope\nx = getattr(s, 'read_all')")
        self.assertEqual(_scope_reads(tree), ["line 1: imports Scope", "line 2: 'read_all'"])

    def test_deciding_from_roles_or_the_superuser_flag_is_found(self):
        tree = ast.parse(
            "a = request.user.is_superuser\n"
            "b = request.user.roles.filter(kind='secretariat')\n"
            "c = Role.objects.filter(user=u)\n"
            "d = WorkingGroup.objects.filter(roles__user=u)\n"
        )
        self.assertCountEqual(
            _role_reads(tree),
            [
                "line 1: .is_superuser",
                "line 2: user.roles",
                "line 3: Role.objects",
                "line 4: roles__user=",
            ],
        )

    def test_calling_the_door_is_not_a_violation(self):
        tree = ast.parse("group, editable = get_group_for_user(request, code)\nx = can_view(u, g)")
        self.assertEqual(_scope_reads(tree) + _role_reads(tree), [])
