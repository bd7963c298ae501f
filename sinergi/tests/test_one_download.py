"""One file download (issue 14, item 4): only sinergi/lib/downloads.py writes the
Content-Disposition header; every export and download calls its `attachment()` or `serve_file()`,
which give RFC 6266 names that cannot break the header."""

import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = ROOT / "lib" / "downloads.py"

# The header by name, and Django's own ways of writing it.
HEADER_WRITERS = re.compile(r"content-disposition|content_disposition_header|as_attachment", re.I)


def header_writers(source: str) -> list[int]:
    """The lines of `source` that name the header or one of Django's writers of it."""
    return [n for n, line in enumerate(source.splitlines(), 1) if HEADER_WRITERS.search(line)]


class OneDownloadTestCase(SimpleTestCase):
    def test_only_lib_downloads_writes_content_disposition(self):
        found = []
        for path in sorted(ROOT.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path == DOWNLOADS or "tests" in relative.parts or relative.name == "test.py":
                continue
            found += [f"{relative}:{n}" for n in header_writers(path.read_text())]
        self.assertEqual(found, [], "use sinergi.lib.downloads.attachment()")

    def test_a_header_written_by_hand_is_found(self):
        source = (
            "response = HttpResponse(content)\n"
            "response['Content-Disposition'] = f'attachment; filename=\"{name}\"'\n"
            "other = FileResponse(handle, as_attachment=True)\n"
        )
        self.assertEqual(header_writers(source), [2, 3])
        self.assertEqual(header_writers("return attachment(response, filename)\n"), [])
