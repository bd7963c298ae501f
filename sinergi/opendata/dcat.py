"""The catalogue as DCAT metadata (JSON-LD, in the style of DCAT-AP), for harvesters such as
CKAN's ckanext-dcat: a dcat:Catalog with a dcat:Dataset per dataset and a dcat:Distribution per
format. Titles, descriptions and keywords are given in Indonesian and English (language-tagged
literals); the context is inline, so reading the document needs no other request.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sinergi.opendata.datasets import DATASETS, FREQUENCY_BASE, THEME_BASE, absolute_url, page_url
from sinergi.opendata.formats import FILE_TYPES, MEDIA_TYPES

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LANGUAGES = {
    "id": "http://publications.europa.eu/resource/authority/language/IND",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
INDONESIA = "http://publications.europa.eu/resource/authority/country/IDN"
FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE_BASE = "https://www.iana.org/assignments/media-types/"
STABLE = "http://publications.europa.eu/resource/authority/planned-availability/STABLE"
THEMES = "http://publications.europa.eu/resource/authority/data-theme"

CATALOGUE_TITLE = _("Sinergi open data")
CATALOGUE_DESCRIPTION = _(
    "Open data of Indonesia's water and sanitation working groups (Pokja AMPL): the directory "
    "of working groups with their legal status, indicator values and targets, external "
    "programmes, built facilities and public documents."
)
GEOMETRY_NOTE = _(
    "GeoJSON: region boundaries are the simplified shapes of Sinergi's maps, geometry by Badan "
    "Informasi Geospasial (BIG), MIT licence, copyright (c) 2024 Ardian Saputra Hasibuan."
)

IRI = {"@type": "@id"}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:license": IRI,
    "dct:language": IRI,
    "dct:spatial": IRI,
    "dct:accrualPeriodicity": IRI,
    "dct:format": IRI,
    "dcat:mediaType": IRI,
    "dcat:accessURL": IRI,
    "dcat:downloadURL": IRI,
    "dcat:landingPage": IRI,
    "dcat:theme": IRI,
    "dcat:themeTaxonomy": IRI,
    "dcatap:availability": IRI,
    "foaf:homepage": IRI,
    "vcard:hasURL": IRI,
}


def _text(value) -> list[dict]:
    """A translatable text in each language of the site, as language-tagged literals."""
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append({"@value": str(value), "@language": code})
    return texts


def _moment(value):
    return value.isoformat() if value else None


def download_url(dataset, fmt) -> str:
    return page_url("opendata:download", dataset.slug, fmt)


def _distribution(dataset, fmt, modified) -> dict:
    url = download_url(dataset, fmt)
    distribution = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.slug}.{fmt}",
        "dct:description": _text(GEOMETRY_NOTE if fmt == "geojson" else dataset.title),
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dct:format": FILE_TYPE_BASE + FILE_TYPES[fmt],
        "dcat:mediaType": MEDIA_TYPE_BASE + MEDIA_TYPES[fmt],
        "dct:license": LICENCE,
        "dcatap:availability": STABLE,
    }
    if modified:
        distribution["dct:modified"] = _moment(modified)
    return distribution


def catalogue(modified: dict) -> dict:
    """The DCAT document; `modified` maps each dataset's slug to when it last changed."""
    publisher = {
        "@id": absolute_url("/#publisher"),
        "@type": "foaf:Agent",
        "foaf:name": settings.OPEN_DATA_PUBLISHER,
        "foaf:homepage": absolute_url("/"),
    }
    contact = {
        "@id": absolute_url("/#contact"),
        "@type": "vcard:Organization",
        "vcard:fn": settings.OPEN_DATA_PUBLISHER,
        "vcard:hasURL": page_url("pages:page", "kontak"),
    }
    datasets = []
    for dataset in DATASETS:
        last = modified.get(dataset.slug)
        entry = {
            "@id": page_url("opendata:dataset", dataset.slug),
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.slug,
            "dct:title": _text(dataset.title),
            "dct:description": _text(dataset.description),
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dct:license": LICENCE,
            "dct:accrualPeriodicity": FREQUENCY_BASE + dataset.frequency,
            "dct:spatial": INDONESIA,
            "dct:language": list(LANGUAGES.values()),
            "dcat:keyword": [text for keyword in dataset.keywords for text in _text(keyword)],
            "dcat:theme": [THEME_BASE + theme for theme in dataset.themes],
            "dcat:landingPage": page_url("opendata:dataset", dataset.slug),
            "dcat:distribution": [_distribution(dataset, fmt, last) for fmt in dataset.formats],
        }
        if last:
            entry["dct:modified"] = _moment(last)
        datasets.append(entry)
    document = {
        "@context": CONTEXT,
        "@id": page_url("opendata:catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": _text(CATALOGUE_TITLE),
        "dct:description": _text(CATALOGUE_DESCRIPTION),
        "dct:publisher": publisher,
        "foaf:homepage": page_url("opendata:catalogue"),
        "dct:language": list(LANGUAGES.values()),
        "dct:license": LICENCE,
        "dct:spatial": INDONESIA,
        "dcat:themeTaxonomy": THEMES,
        "dcat:dataset": datasets,
    }
    moments = [m for m in modified.values() if m]
    if moments:
        document["dct:modified"] = _moment(max(moments))
    return document
