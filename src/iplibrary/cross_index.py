"""The cross-index: which resources carry each term, and which resources are related.

Computed from the whole library at once (collect, then render); knows nothing of pages.
"""

from dataclasses import dataclass, field

from iplibrary.content_types import CONTENT_TYPES
from iplibrary.facets import BY_NAME, FACET_ORDER, FACETS, TYPE_FACET
from iplibrary.model import Library, Resource

MAX_RELATED = 6  # main related list: explicit ones first, then computed
MAX_SIDE_LIST = 4  # FAQs and case studies on the same IP right, each
SIDE_TYPES = ("faq", "case-study")


def terms_of(resource: Resource, facet: str) -> tuple[str, ...]:
    return (resource.type.name,) if facet == TYPE_FACET else resource.terms(facet)


def facet_terms(library: Library, facet: str) -> list[str]:
    """Every term of a facet, in vocabulary order (types in content-type order)."""
    if facet == TYPE_FACET:
        return [t.name for t in CONTENT_TYPES]
    return library.vocabulary.terms(facet)


def resources_with_term(library: Library, facet: str, term: str) -> list[Resource]:
    """Resources carrying `term`, most recently updated first."""
    found = [r for r in library.resources.values() if term in terms_of(r, facet)]
    return sorted(found, key=lambda r: (-r.last_updated.toordinal(), r.id))


def term_counts(library: Library) -> dict[tuple[str, str], int]:
    counts = {}
    for facet in FACET_ORDER:
        for term in facet_terms(library, facet):
            counts[(facet, term)] = sum(1 for r in library.resources.values() if term in terms_of(r, facet))
    return counts


def group_by_type(resources: list[Resource]) -> list[tuple[str, list[Resource]]]:
    """(type name, resources) in content-type order, leaving out empty groups."""
    return [(t.name, [r for r in resources if r.type.name == t.name]) for t in CONTENT_TYPES
            if any(r.type.name == t.name for r in resources)]


def relatedness(a: Resource, b: Resource) -> int:
    return sum(weight * len(set(a.terms(facet)) & set(b.terms(facet))) for facet, weight in ((f, BY_NAME[f].related_weight) for f in FACETS))


@dataclass
class Related:
    main: list[Resource] = field(default_factory=list)
    faqs: list[Resource] = field(default_factory=list)
    case_studies: list[Resource] = field(default_factory=list)

    def all(self) -> list[Resource]:
        return self.main + self.faqs + self.case_studies


def inbound_related(library: Library) -> dict[str, list[str]]:
    """id -> ids of resources that list it under `related` (for symmetry)."""
    inbound: dict[str, list[str]] = {rid: [] for rid in library.resources}
    for resource in library.resources.values():
        for other in resource.related:
            inbound[other].append(resource.id)
    return inbound


def related_resources(library: Library, resource: Resource, inbound: dict[str, list[str]] | None = None) -> Related:
    """Explicit `related` first, then resources that list this one, then the most
    related by shared terms; FAQs and case studies on the same IP right in their own lists."""
    inbound = inbound if inbound is not None else inbound_related(library)
    chosen: list[str] = []
    for rid in [*resource.related, *inbound.get(resource.id, [])]:
        if rid != resource.id and rid not in chosen:
            chosen.append(rid)
    candidates = sorted(
        (r for r in library.resources.values() if r.id != resource.id and r.id not in chosen),
        key=lambda r: (-relatedness(resource, r), -r.last_updated.toordinal(), r.id))
    computed_main = [r for r in candidates if r.type.name not in SIDE_TYPES and relatedness(resource, r) > 0]
    main = [library.get(rid) for rid in chosen]
    main += computed_main[: max(0, MAX_RELATED - len(main))]
    shown = {r.id for r in main}
    rights = set(resource.ip_rights)

    def side(type_name: str) -> list[Resource]:
        same_right = [r for r in candidates if r.type.name == type_name and r.id not in shown and rights & set(r.ip_rights)]
        return same_right[:MAX_SIDE_LIST]

    return Related(main=main, faqs=side("faq"), case_studies=side("case-study"))


def latest(library: Library, count: int = 6) -> list[Resource]:
    """The most recently published or updated resources."""
    return sorted(library.resources.values(), key=lambda r: (-r.last_updated.toordinal(), r.id))[:count]
