"""The cross-index: which resources carry each term, and which resources are related.

Computed from the whole library at once (collect, then render); knows nothing of pages.
"""

import heapq
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


class RelatedIndex:
    """The resources carrying each term, to score a resource against only those that share
    a term with it: comparing it with every other resource made the related lists of a
    2,000-resource library cost 30 s (quadratic). The scores are `relatedness`'s."""

    def __init__(self, library: Library):
        self.carrying: dict[str, dict[str, list[Resource]]] = {facet: {} for facet in FACETS}
        self.with_right: dict[str, list[Resource]] = {}
        for resource in library.resources.values():
            for facet in FACETS:
                for term in set(resource.terms(facet)):
                    self.carrying[facet].setdefault(term, []).append(resource)
            for right in set(resource.ip_rights):
                self.with_right.setdefault(right, []).append(resource)

    def scores(self, resource: Resource) -> dict[str, int]:
        """id -> relatedness(resource, it), for every resource sharing a term with it (itself included)."""
        found: dict[str, int] = {}
        for facet in FACETS:
            weight = BY_NAME[facet].related_weight
            for term in set(resource.terms(facet)):
                for other in self.carrying[facet].get(term, ()):
                    found[other.id] = found.get(other.id, 0) + weight
        return found


def related_resources(library: Library, resource: Resource, inbound: dict[str, list[str]] | None = None,
                      index: RelatedIndex | None = None) -> Related:
    """Explicit `related` first, then resources that list this one, then the most
    related by shared terms; FAQs and case studies on the same IP right in their own lists.
    Among the computed ones: the most related first, then the most recently updated, then by id."""
    inbound = inbound if inbound is not None else inbound_related(library)
    index = index if index is not None else RelatedIndex(library)
    chosen: list[str] = []
    for rid in [*resource.related, *inbound.get(resource.id, [])]:
        if rid != resource.id and rid not in chosen:
            chosen.append(rid)
    scores = index.scores(resource)
    left_out = {resource.id, *chosen}

    def order(r: Resource):
        return (-scores.get(r.id, 0), -r.last_updated.toordinal(), r.id)

    main = [library.get(rid) for rid in chosen]
    computed = (library.get(rid) for rid, score in scores.items() if score > 0 and rid not in left_out)
    main += heapq.nsmallest(max(0, MAX_RELATED - len(main)), (r for r in computed if r.type.name not in SIDE_TYPES), key=order)
    shown = {r.id for r in main}
    rights = set(resource.ip_rights)

    def side(type_name: str) -> list[Resource]:
        same_right = {r.id: r for right in rights for r in index.with_right.get(right, ())
                      if r.type.name == type_name and r.id not in left_out and r.id not in shown}
        return heapq.nsmallest(MAX_SIDE_LIST, same_right.values(), key=order)

    return Related(main=main, faqs=side("faq"), case_studies=side("case-study"))


def latest(library: Library, count: int = 6) -> list[Resource]:
    """The most recently published or updated resources."""
    return sorted(library.resources.values(), key=lambda r: (-r.last_updated.toordinal(), r.id))[:count]
