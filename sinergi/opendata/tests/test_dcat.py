"""The DCAT catalogue read as RDF (rdflib's JSON-LD parser; the context is inline, so nothing is
fetched) and checked against the properties DCAT-AP 2.1 makes mandatory and recommends."""

import warnings
from urllib.parse import urlsplit

from rdflib import RDF, Graph, Literal, Namespace, URIRef

from sinergi.monitoring.models import DataValue
from sinergi.opendata.datasets import DATASETS
from sinergi.opendata.tests.base import OpenDataTestCase
from sinergi.pokja.access import PUBLISHED_VALUES

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
# Terms are looked up by item: DCT.format would be str.format (a Namespace is a str).

# DCAT-AP 2.1 (https://semiceu.github.io/DCAT-AP/releases/2.1.1/): mandatory, then recommended.
CATALOGUE_MANDATORY = [DCT["title"], DCT["description"], DCT["publisher"], DCAT["dataset"]]
CATALOGUE_RECOMMENDED = [
    FOAF["homepage"],
    DCT["language"],
    DCT["license"],
    DCT["modified"],
    DCT["spatial"],
    DCAT["themeTaxonomy"],
]
DATASET_MANDATORY = [DCT["title"], DCT["description"]]
# Recommended but left out: dct:temporal (each indicator has its own span of years).
DATASET_RECOMMENDED = [
    DCAT["contactPoint"],
    DCAT["distribution"],
    DCAT["keyword"],
    DCT["publisher"],
    DCT["spatial"],
    DCAT["theme"],
]
# What a harvester needs beside them: CKAN's ckanext-dcat keys a dataset on dct:identifier.
DATASET_USED = [DCT["identifier"], DCT["license"], DCT["accrualPeriodicity"], DCAT["landingPage"]]
DISTRIBUTION_MANDATORY = [DCAT["accessURL"]]
DISTRIBUTION_RECOMMENDED = [
    DCATAP["availability"],
    DCT["description"],
    DCT["format"],
    DCT["license"],
]
AGENT_MANDATORY = [FOAF["name"]]
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")


class DcatTestCase(OpenDataTestCase):
    def graph(self) -> Graph:
        response = self.client.get("/data/catalog.jsonld")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/ld+json")
        with warnings.catch_warnings():
            # rdflib's JSON-LD parser still uses its own deprecated ConjunctiveGraph.
            warnings.simplefilter("ignore", DeprecationWarning)
            return Graph().parse(data=response.content, format="json-ld")

    def assert_has(self, graph, subject, properties):
        for prop in properties:
            self.assertIsNotNone(graph.value(subject, prop), f"{subject} has no {prop}")

    def test_the_catalogue_has_every_mandatory_and_recommended_property(self):
        graph = self.graph()
        (catalogue,) = graph.subjects(RDF.type, DCAT["Catalog"])
        self.assert_has(graph, catalogue, CATALOGUE_MANDATORY + CATALOGUE_RECOMMENDED)
        self.assert_has(graph, graph.value(catalogue, DCT["publisher"]), AGENT_MANDATORY)
        self.assertIn(
            Literal("Sinergi open data", lang="en"), set(graph.objects(catalogue, DCT["title"]))
        )

    def test_every_dataset_and_distribution_is_described(self):
        graph = self.graph()
        (catalogue,) = graph.subjects(RDF.type, DCAT["Catalog"])
        datasets = set(graph.objects(catalogue, DCAT["dataset"]))
        self.assertEqual(set(graph.subjects(RDF.type, DCAT["Dataset"])), datasets)
        identifiers = {str(graph.value(d, DCT["identifier"])) for d in datasets}
        self.assertEqual(identifiers, {dataset.slug for dataset in DATASETS})
        for dataset in datasets:
            with self.subTest(dataset=str(dataset)):
                self.assert_has(graph, dataset, DATASET_MANDATORY + DATASET_RECOMMENDED)
                self.assert_has(graph, dataset, DATASET_USED)
                self.assert_has(graph, graph.value(dataset, DCT["publisher"]), AGENT_MANDATORY)
                self.assertEqual(graph.value(dataset, DCT["license"]), LICENCE)
                languages = {t.language for t in graph.objects(dataset, DCT["title"])}
                self.assertEqual(languages, {"id", "en"})
                distributions = list(graph.objects(dataset, DCAT["distribution"]))
                self.assertGreaterEqual(len(distributions), 3)
                for distribution in distributions:
                    self.assertIn((distribution, RDF.type, DCAT["Distribution"]), graph)
                    self.assert_has(
                        graph, distribution, DISTRIBUTION_MANDATORY + DISTRIBUTION_RECOMMENDED
                    )
                    self.assertEqual(graph.value(distribution, DCT["license"]), LICENCE)

    def test_every_distribution_downloads(self):
        graph = self.graph()
        urls = {str(url) for url in graph.objects(None, DCAT["accessURL"])}
        self.assertEqual(len(urls), sum(len(dataset.formats) for dataset in DATASETS))
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(urlsplit(url).path)
                self.assertEqual(response.status_code, 200)
                media_type = graph.value(URIRef(url), DCAT["mediaType"])
                self.assertTrue(str(media_type).endswith(response["Content-Type"].split(";")[0]))

    def test_the_publisher_is_the_installation_s(self):
        with self.settings(OPEN_DATA_PUBLISHER="Pokja AMPL Provinsi Jawa Barat"):
            graph = self.graph()
        (catalogue,) = graph.subjects(RDF.type, DCAT["Catalog"])
        publisher = graph.value(catalogue, DCT["publisher"])
        self.assertEqual(
            str(graph.value(publisher, FOAF["name"])), "Pokja AMPL Provinsi Jawa Barat"
        )

    def test_the_modified_dates_come_from_the_data(self):
        graph = self.graph()
        dataset = next(graph.subjects(DCT["identifier"], Literal("nilai-indikator")))
        modified = graph.value(dataset, DCT["modified"]).toPython()
        latest = max(v.updated for v in DataValue.objects.filter(PUBLISHED_VALUES))
        self.assertEqual(modified, latest)
