"""The layers of Sinergi, written down once (issue 14, item 6), and the test that holds the code
to them.

Bottom to top: the foundation (`lib`, `regions`, `accounts` and the project package's own
files); `pokja`; the domain apps; the overviews (`activeness`, `search`); the entrances
(`portal`, `api`); the root URLconf. A module may import its own app, any app of a lower layer,
and an app of its own layer only along an arrow of `SIDEWAYS`. Every import counts, at module
level or inside a function. Tests are left out; a migration may import its own app and `lib`
only (it is frozen history: another app's code would tie it to that app's future).
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent

# Bottom first. An "app" is a folder of sinergi/ or, for the project package's own files, the
# file's name (sinergi/settings.py is "settings").
LAYERS = (
    ("foundation", {"lib", "regions", "accounts", "settings", "checks", "templatetags", "apps"}),
    ("working groups", {"pokja"}),
    (
        "domain",
        {
            "decrees",
            "formation",
            "monitoring",
            "programmes",
            "planning",
            "facilities",
            "meetings",
            "pages",
            "library",
            "knowledge",
            "news",
        },
    ),
    ("overviews", {"activeness", "search"}),
    ("entrances", {"portal", "api", "opendata"}),
    ("root", {"urls", "wsgi"}),
)

# The only imports allowed between two apps of one layer: importer -> imported.
SIDEWAYS = {
    ("accounts", "lib"),
    ("regions", "lib"),
    ("templatetags", "lib"),
    ("apps", "checks"),
    ("apps", "lib"),  # the project's config connects the shared cache (lib/cache.py) to models
    ("formation", "decrees"),
    ("programmes", "monitoring"),
    ("planning", "monitoring"),
    ("planning", "programmes"),
    ("facilities", "monitoring"),
    ("facilities", "programmes"),
    ("meetings", "monitoring"),
    ("meetings", "programmes"),
    ("meetings", "planning"),
    ("api", "portal"),  # the API's directory serves the portal's rows (portal/directory.py)
    ("opendata", "portal"),  # the open-data directory is the portal's rows too
}

RANK = {app: rank for rank, (_name, apps) in enumerate(LAYERS) for app in apps}
MIGRATIONS_MAY_IMPORT = {"lib"}


def app_of(relative: str) -> str:
    """The app of a module path relative to sinergi/: its folder, or the file's own name."""
    first = relative.split("/")[0]
    return first.removesuffix(".py")


def imported_apps(relative: str, source: str) -> list[tuple[int, str]]:
    """(line, app) for every import of a sinergi module in `source`, at any depth."""
    package = ["sinergi", *relative.removesuffix(".py").split("/")[:-1]]
    found = []
    for node in ast.walk(ast.parse(source, filename=relative)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            # `from sinergi import checks` names the app in the imported name.
            names = [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "sinergi" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def problems(relative: str, source: str) -> list[str]:
    """What is wrong with the imports of one module, one line per import."""
    importer = app_of(relative)
    migration = "/migrations/" in f"/{relative}"
    found = []
    for line, imported in imported_apps(relative, source):
        where = f"{relative}:{line} imports {imported}"
        if imported == importer:
            continue
        if importer not in RANK or imported not in RANK:
            found.append(f"{where}: put every app in a layer of LAYERS")
        elif migration and imported not in MIGRATIONS_MAY_IMPORT:
            found.append(f"{where}: a migration imports its own app and lib only")
        elif RANK[imported] > RANK[importer]:
            found.append(f"{where}: an upward import")
        elif RANK[imported] == RANK[importer] and (importer, imported) not in SIDEWAYS:
            found.append(f"{where}: not an arrow of SIDEWAYS")
    return found


def cycles(arrows) -> list[list[str]]:
    """The loops among apps in `arrows`, (importer, imported) pairs, each as a path."""
    graph = defaultdict(set)
    for importer, imported in arrows:
        if importer != imported:
            graph[importer].add(imported)
    found, done = [], set()

    def visit(app, path):
        if app in path:
            found.append(path[path.index(app) :] + [app])
            return
        if app in done:
            return
        for imported in sorted(graph[app]):
            visit(imported, path + [app])
        done.add(app)

    for app in sorted(graph):
        visit(app, [])
    return found


def modules():
    """(path relative to sinergi/, source) of every module but the tests."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        parts = relative.split("/")
        if "tests" in parts or parts[-1].startswith("test") or parts[-1] == "conftest.py":
            continue
        yield relative, path.read_text()


def arrows_of_the_code() -> set[tuple[str, str]]:
    return {
        (app_of(relative), imported)
        for relative, source in modules()
        for _line, imported in imported_apps(relative, source)
    }


class LayersTestCase(SimpleTestCase):
    def test_every_import_points_down_or_along_an_arrow(self):
        found = [p for relative, source in modules() for p in problems(relative, source)]
        self.assertEqual(found, [])

    def test_no_cycle_between_apps(self):
        self.assertEqual(cycles(arrows_of_the_code()), [])
        self.assertEqual(cycles(SIDEWAYS), [])

    def test_every_app_has_a_layer(self):
        apps = {app_of(relative) for relative, _source in modules()} - {"__init__", "test"}
        self.assertEqual(apps - set(RANK), set())


class DeliberateViolationsTestCase(SimpleTestCase):
    """The rules catch what they are for, on modules made up here."""

    def test_an_upward_import_inside_a_function_fails(self):
        source = "def f():\n    from sinergi.meetings.handover import transfer_action_items\n"
        self.assertEqual(
            problems("pokja/actions.py", source),
            ["pokja/actions.py:2 imports meetings: an upward import"],
        )

    def test_an_import_within_a_layer_off_the_arrows_fails(self):
        source = "from sinergi.planning.models import StrategicPlan\n"
        self.assertEqual(
            problems("decrees/compliance.py", source),
            ["decrees/compliance.py:1 imports planning: not an arrow of SIDEWAYS"],
        )

    def test_downward_sideways_own_and_relative_imports_pass(self):
        source = (
            "import sinergi.lib.uploads\nfrom sinergi.pokja import access\n"
            "from sinergi.decrees.models import Decree\nfrom .models import Formation\n"
        )
        self.assertEqual(problems("formation/views.py", source), [])

    def test_a_relative_import_upward_fails(self):
        self.assertEqual(
            problems("pokja/views.py", "from ..portal import views\n"),
            ["pokja/views.py:1 imports portal: an upward import"],
        )

    def test_a_migration_importing_another_app_fails(self):
        migration = "news/migrations/0002_x.py"
        self.assertEqual(problems(migration, "import sinergi.lib.uploads"), [])
        self.assertEqual(
            problems(migration, "import sinergi.pokja.models"),
            [f"{migration}:1 imports pokja: a migration imports its own app and lib only"],
        )

    def test_an_app_without_a_layer_fails(self):
        self.assertEqual(
            problems("reports/views.py", "from sinergi.pokja import access"),
            ["reports/views.py:1 imports pokja: put every app in a layer of LAYERS"],
        )

    def test_a_cycle_between_apps_fails(self):
        arrows = {("formation", "decrees"), ("decrees", "pokja"), ("decrees", "formation")}
        self.assertEqual(cycles(arrows), [["decrees", "formation", "decrees"]])
        self.assertEqual(cycles({("formation", "decrees"), ("decrees", "pokja")}), [])
