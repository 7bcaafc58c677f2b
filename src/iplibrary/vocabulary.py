"""The vocabulary: facets, their terms and each term's label in every language.

Declared once in `vocabulary.yml`; everything else (schemas, term pages, filters)
takes its terms from here. What the facets are, and their order, is `iplibrary.facets`.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from iplibrary.content_types import TYPES_BY_NAME
from iplibrary.errors import ContentError
from iplibrary.facets import FACETS, TYPE_FACET
from iplibrary.languages import LANGUAGES
from iplibrary.yaml_source import duplicate_key_errors, parse_yaml, yaml_error_line, yaml_error_reason

VOCABULARY_FILE = "vocabulary.yml"



@dataclass(frozen=True)
class Vocabulary:
    # facet (a FACETS key or "types") -> term -> lang -> label
    labels: dict[str, dict[str, dict[str, str]]]

    def terms(self, facet: str) -> list[str]:
        return list(self.labels.get(facet, {}))

    def label(self, facet: str, term: str, lang: str) -> str:
        return self.labels[facet][term][lang]


def load_vocabulary(root: Path) -> tuple[Vocabulary, list[ContentError]]:
    """Read and check vocabulary.yml; return it with every problem found."""
    path = root / VOCABULARY_FILE
    errors: list[ContentError] = []
    try:
        parsed = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return Vocabulary({}), [ContentError(VOCABULARY_FILE, 1, "vocabulary", "file is missing")]
    except yaml.YAMLError as exc:
        return Vocabulary({}), [ContentError(VOCABULARY_FILE, yaml_error_line(exc) + 1, "vocabulary", yaml_error_reason(exc))]
    data = parsed.value
    if not isinstance(data, dict):
        return Vocabulary({}), [ContentError(VOCABULARY_FILE, 1, "vocabulary", "must map facets to terms")]
    errors += duplicate_key_errors(VOCABULARY_FILE, parsed.duplicate_keys)
    lines = _key_lines(parsed.node)
    labels: dict[str, dict[str, dict[str, str]]] = {}
    expected = [TYPE_FACET, *FACETS]
    for facet in data:
        if facet not in expected:
            errors.append(ContentError(VOCABULARY_FILE, lines.get(facet, 1), facet, f"unknown facet (known: {', '.join(expected)})"))
    for facet in expected:
        terms = data.get(facet)
        if not isinstance(terms, dict):
            errors.append(ContentError(VOCABULARY_FILE, lines.get(facet, 1), facet, "facet is missing or is not a mapping of terms"))
            continue
        labels[facet] = {}
        for term, term_labels in terms.items():
            line = lines.get(f"{facet}.{term}", lines.get(facet, 1))
            if not isinstance(term, str) or not _is_slug(term):
                errors.append(ContentError(VOCABULARY_FILE, line, f"{facet}.{term}", "a term must be lowercase letters, digits and hyphens"))
                continue
            if not isinstance(term_labels, dict):
                errors.append(ContentError(VOCABULARY_FILE, line, f"{facet}.{term}", "must map each language to a label"))
                continue
            missing = [lang for lang in LANGUAGES if not str(term_labels.get(lang) or "").strip()]
            if missing:
                errors.append(ContentError(VOCABULARY_FILE, line, f"{facet}.{term}", f"label missing for {', '.join(missing)}"))
            unknown = [lang for lang in term_labels if lang not in LANGUAGES]
            if unknown:
                errors.append(ContentError(VOCABULARY_FILE, line, f"{facet}.{term}", f"unknown language {', '.join(map(str, unknown))}"))
            labels[facet][term] = {lang: str(term_labels.get(lang) or term) for lang in LANGUAGES}
    if TYPE_FACET in labels:
        for name in TYPES_BY_NAME:
            if name not in labels[TYPE_FACET]:
                errors.append(ContentError(VOCABULARY_FILE, lines.get(TYPE_FACET, 1), f"types.{name}", "labels for this type are missing"))
        for name in list(labels[TYPE_FACET]):
            if name not in TYPES_BY_NAME:
                errors.append(ContentError(VOCABULARY_FILE, lines.get(f"types.{name}", 1), f"types.{name}", f"not a resource type (types: {', '.join(TYPES_BY_NAME)})"))
    return Vocabulary(labels), errors


def _is_slug(value: str) -> bool:
    import re

    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) is not None


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line of each facet and `facet.term` key, for error messages."""
    result: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for facet_key, facet_value in node.value:
            result[facet_key.value] = facet_key.start_mark.line + 1
            if isinstance(facet_value, yaml.MappingNode):
                for term_key, _ in facet_value.value:
                    result[f"{facet_key.value}.{term_key.value}"] = term_key.start_mark.line + 1
    return result
