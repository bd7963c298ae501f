from sinergi.search.query import query_stems
from sinergi.search.stemming import stem, stems
from sinergi.search.tests.base import SearchTestCase, find, make_article


def test_affixed_words_share_their_root():
    assert {stem(w) for w in ["pembangunan", "membangun", "dibangun", "Pembangunannya"]} == {
        "bangun"
    }
    assert stem("penyehatan") == "sehat"


def test_english_words_numbers_and_codes_pass_through():
    assert stems("Sanitation 2024 in 32.04, Bogotá") == [
        "sanitation",
        "2024",
        "in",
        "32",
        "04",
        "bogota",
    ]


def test_a_query_keeps_a_few_distinct_stems():
    assert query_stems("membangun pembangunan dibangun") == ["bangun"]
    assert len(query_stems(" ".join(f"kata{n}" for n in range(100)))) == 12
    assert query_stems('"*" AND NEAR( ((') == ["and", "near"]


class StemmedSearchTestCase(SearchTestCase):
    def test_pembangunan_finds_an_article_saying_membangun(self):
        make_article(
            self.bandung_group,
            "Cara kerja pokja",
            "Desa Cinunuk **membangun** IPAL komunal.",
            is_public=True,
        )
        self.assertEqual(find("pembangunan"), ["Cara kerja pokja"])
        self.assertEqual(find("dibangun ipal"), ["Cara kerja pokja"])
        self.assertEqual(find("pembangunan jembatan"), [])
