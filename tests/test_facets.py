"""The facets are declared once (iplibrary.facets), in vocabulary.yml's order."""

import json
from importlib import resources as package_files

import yaml

from helpers import REPO
from iplibrary.facets import BROWSE_ORDER, DECLARED, FACET_ORDER, FACET_SEGMENTS, FACETS, SEGMENT_FACETS, TYPE_FACET


def test_the_declaration_is_the_vocabularys_order():
    vocabulary = yaml.safe_load((REPO / "vocabulary.yml").read_text(encoding="utf-8"))
    assert [facet.name for facet in DECLARED] == list(vocabulary) == [TYPE_FACET, *FACETS]


def test_every_order_and_map_names_the_declared_facets():
    names = {facet.name for facet in DECLARED}
    assert set(FACET_ORDER) == names == set(FACET_SEGMENTS) == set(SEGMENT_FACETS.values())
    assert set(BROWSE_ORDER) <= names and FACET_SEGMENTS["ip_rights"] == "ip-rights"


def test_each_term_facet_names_its_schema_definition():
    defs = json.loads(package_files.files("iplibrary.schemas").joinpath("defs.json").read_text(encoding="utf-8"))
    for facet in DECLARED:
        if facet.name != TYPE_FACET:
            assert facet.schema_def in defs["$defs"], facet.name
