"""The facets: the one declaration of what the library is classified by.

A facet's terms and their labels are in `vocabulary.yml` (`iplibrary.vocabulary` reads
them); what a facet is - its front-matter field, the URL segment of its term pages, its
name on pages, its schema definition, its weight in relatedness - and the orders facets
are shown in are declared here, once. Everyone else imports them.
"""

from dataclasses import dataclass

TYPE_FACET = "types"  # fixed by the folders; only its labels live in vocabulary.yml


@dataclass(frozen=True)
class Facet:
    name: str  # the front-matter field and vocabulary.yml key
    segment: str  # URL segment of its term pages: /library/<segment>/<term>/
    label: str  # English message ids, singular and plural (locales/)
    plural: str
    schema_def: str | None = None  # defs.json definition its terms fill in as an enum
    related_weight: int = 0  # a shared term's weight in relatedness (cross_index)
    browse_heading: str | None = None  # its block on the home page (`{{ library.browse }}`)


# In vocabulary.yml's order, which is the front matter's too. A shared IP right or region
# says more about relatedness than a shared topic.
DECLARED: tuple[Facet, ...] = (
    Facet(TYPE_FACET, "types", "Type", "Types", browse_heading="Browse by type"),
    Facet("regions", "regions", "Region", "Regions", "region", 3, "Browse by region"),
    Facet("ip_rights", "ip-rights", "IP right", "IP rights", "ip_right", 3, "Browse by IP right"),
    Facet("sectors", "sectors", "Sector", "Sectors", "sector", 2, "Browse by sector"),
    Facet("topics", "topics", "Topic", "Topics", "topic", 1),
)
BY_NAME: dict[str, Facet] = {facet.name: facet for facet in DECLARED}

# front-matter field -> URL segment of its term pages, for the facets whose terms editors choose
FACETS: dict[str, str] = {facet.name: facet.segment for facet in DECLARED if facet.name != TYPE_FACET}
FACET_SEGMENTS: dict[str, str] = {facet.name: facet.segment for facet in DECLARED}
SEGMENT_FACETS: dict[str, str] = {segment: name for name, segment in FACET_SEGMENTS.items()}

# Pages (a resource's chips, term pages, the hub) show the type first, then what a reader
# asks about first: the IP right, then the region.
FACET_ORDER: tuple[str, ...] = (TYPE_FACET, "ip_rights", "regions", "sectors", "topics")
# The home page's browse block: the terms first, the types (also in the menu) last; no topics.
BROWSE_ORDER: tuple[str, ...] = ("ip_rights", "regions", "sectors", TYPE_FACET)

assert sorted(FACET_ORDER) == sorted(BY_NAME) and all(BY_NAME[name].browse_heading for name in BROWSE_ORDER)
