"""Synthetic libraries for the benchmark: N resources that follow the content contract.

Resources are spread over all seven types (folders of `iplibrary.content_types`), carry
terms of the project's vocabulary, link to each other by `id:` (some with an anchor),
and have bodies of realistic length and markup: a "Key points" box, headings, lists,
tables. A given share of (resource, language) pairs is translated into each of the six
other languages; a translated heading keeps the English anchor, as the README asks.

The same resources can also be written as a plain MkDocs docs tree (`<collection>/<id>.md`
and `<id>.<lang>.md`, `id:` links as relative links): the baseline's input. Deterministic
for a given seed. Writes only under the folder it is given.
"""

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from iplibrary.content_types import CONTENT_TYPES, ContentType
from iplibrary.id_links import substitute_id_links
from iplibrary.languages import TRANSLATION_LANGUAGES

# how a helpdesk library is made up: mostly FAQs, then guides and case studies
TYPE_WEIGHTS = {"faq": 30, "ip-guide": 10, "horizontal": 10, "how-to": 10, "sector": 10,
                "case-study": 18, "factsheet": 12}
LINKS_PER_RESOURCE = 4  # `id:` links in a body; the first points at an anchor
OUTDATED_SHARE = 0.15  # of translations: made before the source's last update
OVERVIEW_ANCHOR = "overview"  # every body's first section, linked to with `id:x#overview`

WORDS = {
    "en": """application applicant assignment authority border brand business certificate claim
        class commerce company competitor contract copy copyright counterfeit court customs
        deadline defendant design distributor document domain draft enforcement evidence
        examination exhibitor export factory fair fee filing first-to-file goods holder
        importer infringement injunction invention inventor island jurisdiction know-how
        label lawyer licence licensee manufacturer mark market marketplace notary novelty
        office online opposition owner packaging partner patent platform priority product
        proof protection register registration renewal right sample seizure seller
        settlement software specification squatter supplier supply takedown technology
        term territory trade trader translation utility validity warehouse website witness
        early carefully quickly before after within under against between through usually
        often must should can will may protect register file check keep record prove ask
        send request apply enforce monitor translate search publish renew license""".split(),
    "fr": """demande déposant cession autorité frontière marque entreprise certificat
        revendication classe commerce société concurrent contrat copie droit contrefaçon
        tribunal douane délai défendeur dessin distributeur document domaine preuve examen
        exposant exportation usine salon taxe dépôt produits titulaire importateur
        atteinte injonction invention inventeur juridiction savoir-faire étiquette avocat
        licence fabricant marché notaire nouveauté office opposition propriétaire emballage
        partenaire brevet plateforme priorité protection registre enregistrement
        renouvellement saisie vendeur règlement logiciel fournisseur technologie durée
        territoire traduction validité entrepôt site témoin tôt avant après dans contre
        entre souvent doit peut protéger déposer vérifier garder prouver demander""".split(),
    "de": """Anmeldung Anmelder Übertragung Behörde Grenze Marke Unternehmen Urkunde Anspruch
        Klasse Handel Gesellschaft Wettbewerber Vertrag Kopie Urheberrecht Fälschung
        Gericht Zoll Frist Beklagter Design Händler Dokument Domain Beweis Prüfung
        Aussteller Ausfuhr Fabrik Messe Gebühr Einreichung Waren Inhaber Importeur
        Verletzung Verfügung Erfindung Erfinder Gerichtsbarkeit Knowhow Etikett Anwalt
        Lizenz Hersteller Markt Notar Neuheit Amt Widerspruch Eigentümer Verpackung
        Partner Patent Plattform Priorität Schutz Register Eintragung Verlängerung
        Beschlagnahme Verkäufer Vergleich Software Lieferant Technologie Laufzeit Gebiet
        Übersetzung Gültigkeit Lager Website Zeuge früh vor nach innerhalb gegen zwischen
        oft muss kann schützen anmelden prüfen aufbewahren beweisen beantragen""".split(),
    "it": """domanda richiedente cessione autorità frontiera marchio impresa certificato
        rivendicazione classe commercio società concorrente contratto copia diritto
        contraffazione tribunale dogana termine convenuto disegno distributore documento
        dominio prova esame espositore esportazione fabbrica fiera tassa deposito merci
        titolare importatore violazione ingiunzione invenzione inventore giurisdizione
        etichetta avvocato licenza produttore mercato notaio novità ufficio opposizione
        proprietario imballaggio partner brevetto piattaforma priorità protezione registro
        registrazione rinnovo sequestro venditore accordo software fornitore tecnologia
        durata territorio traduzione validità magazzino sito testimone presto prima dopo
        entro contro spesso deve può proteggere depositare verificare conservare""".split(),
    "es": """solicitud solicitante cesión autoridad frontera marca empresa certificado
        reivindicación clase comercio sociedad competidor contrato copia derecho
        falsificación tribunal aduana plazo demandado diseño distribuidor documento
        dominio prueba examen expositor exportación fábrica feria tasa presentación
        productos titular importador infracción medida invención inventor jurisdicción
        etiqueta abogado licencia fabricante mercado notario novedad oficina oposición
        propietario embalaje socio patente plataforma prioridad protección registro
        renovación incautación vendedor acuerdo software proveedor tecnología duración
        territorio traducción validez almacén sitio testigo pronto antes después dentro
        contra menudo debe puede proteger registrar comprobar guardar probar pedir""".split(),
    "pl": """zgłoszenie zgłaszający przeniesienie urząd granica znak przedsiębiorstwo
        świadectwo zastrzeżenie klasa handel spółka konkurent umowa kopia prawo
        podróbka sąd cło termin pozwany wzór dystrybutor dokument domena dowód badanie
        wystawca eksport fabryka targi opłata towary właściciel importer naruszenie
        zakaz wynalazek wynalazca jurysdykcja etykieta prawnik licencja producent rynek
        notariusz nowość opakowanie partner patent platforma pierwszeństwo ochrona
        rejestr rejestracja przedłużenie zajęcie sprzedawca ugoda oprogramowanie dostawca
        technologia okres terytorium tłumaczenie ważność magazyn strona świadek wcześnie
        przed po w ciągu przeciw między często musi może chronić zgłosić sprawdzić""".split(),
    "zh": """申请 申请人 转让 机关 边境 商标 企业 证书 权利要求 类别 商业 公司 竞争者 合同 复制
        著作权 假冒 法院 海关 期限 被告 外观设计 经销商 文件 域名 证据 审查 参展商 出口 工厂
        展会 费用 提交 商品 权利人 进口商 侵权 禁令 发明 发明人 管辖 专有技术 标签 律师 许可
        被许可人 制造商 市场 公证 新颖性 机构 异议 所有人 包装 合作伙伴 专利 平台 优先权 保护
        登记 注册 续展 扣押 卖家 和解 软件 说明书 抢注 供应商 技术 期间 地区 翻译 有效性 仓库
        网站 证人 尽早 之前 之后 以内 针对 之间 通常 必须 应当 可以 保护 注册 提交 核实 保存
        证明 请求 申请 执行 监测 翻译 检索 公布 续展""".split(),
}
# the only words a translated text needs in its front matter and boxes
KEY_POINTS = {"en": "Key points", "fr": "Points clés", "de": "Das Wichtigste", "it": "Punti chiave",
              "es": "Puntos clave", "pl": "Najważniejsze", "zh": "要点"}
OVERVIEW = {"en": "Overview", "fr": "Aperçu", "de": "Überblick", "it": "Panoramica", "es": "Resumen",
            "pl": "Przegląd", "zh": "概述"}
EXTERNAL_LINK = "https://www.wipo.int/"  # realistic outbound link; never fetched by the build

@dataclass(frozen=True)
class LibrarySpec:
    resources: int
    translated_share: float = 0.2  # of (resource, language) pairs, in each of the six languages
    words: int = 1500  # per body
    seed: int = 1
    languages: tuple[str, ...] = TRANSLATION_LANGUAGES  # the languages translations are written in


@dataclass
class SyntheticResource:
    id: str
    type: ContentType
    meta: dict
    body: str
    translations: dict[str, tuple[dict, str]] = field(default_factory=dict)  # lang -> (meta, body)

    @property
    def source_path(self) -> str:
        return f"{self.type.folder}/{self.id}.md"


class _Writer:
    """Sentences, paragraphs and lists of plausible length in one language."""

    def __init__(self, rng: random.Random, lang: str):
        self.rng, self.lang, self.words = rng, lang, WORDS[lang]
        self.joiner = "" if lang == "zh" else " "

    def phrase(self, low: int, high: int) -> tuple[str, int]:
        count = self.rng.randint(low, high)
        return self.joiner.join(self.rng.choice(self.words) for _ in range(count)), count

    def sentence(self, low: int = 10, high: int = 24) -> tuple[str, int]:
        text, count = self.phrase(low, high)
        end = "。" if self.lang == "zh" else "."
        return text[:1].upper() + text[1:] + end, count

    def heading(self) -> str:
        text, _ = self.phrase(2, 5)
        return text[:1].upper() + text[1:]


def _ascii_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _choose_types(count: int, rng: random.Random) -> list[ContentType]:
    """At least one of every type (when count allows), the rest by TYPE_WEIGHTS."""
    types = list(CONTENT_TYPES)[:count]
    names = [t.name for t in CONTENT_TYPES]
    weights = [TYPE_WEIGHTS[name] for name in names]
    by_name = {t.name: t for t in CONTENT_TYPES}
    types += [by_name[name] for name in rng.choices(names, weights, k=max(0, count - len(types)))]
    return types


def _terms(rng: random.Random, vocabulary: dict[str, list[str]], ctype: ContentType) -> dict[str, list[str]]:
    def pick(facet: str, low: int, high: int) -> list[str]:
        terms = vocabulary[facet]
        return sorted(rng.sample(terms, min(len(terms), rng.randint(low, high))))

    terms = {"regions": pick("regions", 1, 1) if ctype.name == "factsheet" else pick("regions", 1, 2),
             "ip_rights": pick("ip_rights", 1, 3), "sectors": pick("sectors", 0, 2), "topics": pick("topics", 1, 3)}
    return {facet: values for facet, values in terms.items() if values}


def _dates(rng: random.Random, today: date) -> tuple[date, date | None, list[dict]]:
    published = today - timedelta(days=rng.randint(20, 720))
    if rng.random() < 0.4:
        updated = published + timedelta(days=rng.randint(1, (today - published).days))
        notes = [{"date": updated.isoformat(), "note": "Rechecked the fees and deadlines."}]
        if (updated - published).days > 2 and rng.random() < 0.5:
            earlier = published + timedelta(days=rng.randint(1, (updated - published).days - 1))
            notes.append({"date": earlier.isoformat(), "note": "Added an example from the enquiry service."})
        return published, updated, notes
    return published, None, []


def _body(writer: _Writer, words: int, links: list[str], headings: list[str] | None = None) -> tuple[str, list[str]]:
    """A body of about `words` words; returns it and its section headings' anchors.

    `headings`: the English anchors to keep (a translation), in order; otherwise new
    headings are made and their anchors returned."""
    rng, lang = writer.rng, writer.lang
    parts = [f'!!! abstract "{KEY_POINTS[lang]}"\n']
    written = 0
    for _ in range(4):
        text, count = writer.sentence(8, 16)
        parts.append(f"    - {text}")
        written += count
    parts.append("")
    anchors: list[str] = []
    link_queue = list(links)
    section = 0
    while written < words:
        if section == 0:
            title, anchor = OVERVIEW[lang], OVERVIEW_ANCHOR
        elif headings is not None and section < len(headings):
            title, anchor = writer.heading(), headings[section]
        elif headings is not None:
            break  # a translation has the same sections as its source
        else:
            title = writer.heading()
            anchor = _ascii_slug(title) or f"section-{section}"
            if anchor in anchors:
                anchor = f"{anchor}-{section}"
                title = f"{title} {section}"
        # a source's heading gets its anchor from its text; a translation keeps the source's
        keeps_anchor = headings is None and _ascii_slug(title) == anchor
        parts.append((f"## {title}" if keeps_anchor else f"## {title} {{#{anchor}}}") + "\n")
        anchors.append(anchor)
        for _ in range(rng.randint(2, 3)):
            sentences = []
            for _ in range(rng.randint(3, 6)):
                text, count = writer.sentence()
                written += count
                sentences.append(text)
            if link_queue:
                target = link_queue.pop(0)
                label, _ = writer.phrase(2, 4)
                sentences.insert(1, f"See [{label}](id:{target}).")
            if rng.random() < 0.5:
                term, _ = writer.phrase(1, 2)
                sentences.append(f"**{term}**.")
            parts.append(" ".join(sentences) + "\n")
        shape = section % 3
        if shape == 0:
            for number in range(rng.randint(3, 6)):
                text, count = writer.sentence(6, 14)
                parts.append(f"- {text}")
                written += count
            parts.append("")
        elif shape == 1:
            header = [writer.phrase(1, 2)[0] for _ in range(3)]
            parts.append("| " + " | ".join(header) + " |")
            parts.append("|---|---|---|")
            for _ in range(rng.randint(3, 6)):
                cells = [writer.phrase(1, 4) for _ in range(3)]
                parts.append("| " + " | ".join(cell for cell, _ in cells) + " |")
                written += sum(count for _, count in cells)
            parts.append("")
        else:
            for number in range(1, rng.randint(3, 5) + 1):
                text, count = writer.sentence(6, 14)
                parts.append(f"{number}. {text}")
                written += count
            parts.append(f"\nMore on [the international system]({EXTERNAL_LINK}).\n")
        section += 1
    return "\n".join(parts).rstrip() + "\n", anchors


def synthetic_resources(spec: LibrarySpec, vocabulary: dict[str, list[str]], today: date) -> list[SyntheticResource]:
    """The library of `spec`; `vocabulary` maps each facet to its terms."""
    rng = random.Random(spec.seed)
    types = _choose_types(spec.resources, rng)
    ids = [f"{ctype.name}-{number:05d}" for number, ctype in enumerate(types, start=1)]
    # translated pairs: in each language, the same share of resources, chosen at random
    per_language = round(spec.translated_share * spec.resources)
    translated = {lang: set(rng.sample(ids, per_language)) for lang in spec.languages}
    resources = []
    for number, (rid, ctype) in enumerate(zip(ids, types)):
        others = ids[:number] + ids[number + 1:]
        links = rng.sample(others, min(LINKS_PER_RESOURCE, len(others)))
        if links:
            links[0] += f"#{OVERVIEW_ANCHOR}"
        published, updated, changes = _dates(rng, today)
        title_writer = _Writer(rng, "en")
        title = f"{title_writer.heading()} {number + 1}" + ("?" if ctype.name == "faq" else "")
        meta = {"id": rid, "title": title, "summary": title_writer.sentence(12, 30)[0][:300],
                "published": published.isoformat()}
        if updated:
            meta["updated"] = updated.isoformat()
        meta.update(_terms(rng, vocabulary, ctype))
        related = rng.sample(others, min(rng.randint(0, 3), len(others)))
        if related:
            meta["related"] = related
        if changes:
            meta["changes"] = changes
        body, anchors = _body(_Writer(rng, "en"), spec.words, links)
        resource = SyntheticResource(id=rid, type=ctype, meta=meta, body=body)
        for lang in spec.languages:
            if rid not in translated[lang]:
                continue
            writer = _Writer(rng, lang)
            source_date = updated or published
            outdated = updated is not None and rng.random() < OUTDATED_SHARE
            t_meta = {"title": f"{writer.heading()} {number + 1}", "summary": writer.sentence(10, 24)[0][:300],
                      "translated_from": (published if outdated else source_date).isoformat()}
            t_body, _ = _body(writer, spec.words * 2, links, headings=anchors)
            resource.translations[lang] = (t_meta, t_body)
        resources.append(resource)
    return resources


def front_matter(meta: dict) -> str:
    """YAML front matter; JSON values are valid YAML and quote every string safely."""
    import json

    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()) + "---\n"


def library_files(resources: list[SyntheticResource]) -> dict[str, str]:
    """Content-contract files: `<type folder>/<id>.md` and `<id>.<lang>.md`."""
    files = {}
    for resource in resources:
        files[resource.source_path] = front_matter(resource.meta) + resource.body
        for lang, (meta, body) in resource.translations.items():
            files[f"{resource.type.folder}/{resource.id}.{lang}.md"] = front_matter(meta) + body
    return files


def baseline_docs_files(resources: list[SyntheticResource]) -> dict[str, str]:
    """The same texts as a plain suffix-structured docs tree, `id:` links made relative."""
    collection = {r.id: r.type.collection for r in resources}

    def relative_links(text: str) -> str:
        return substitute_id_links(text, lambda resource_id, anchor: f"../{collection[resource_id]}/{resource_id}.md{anchor}")

    files = {}
    for resource in resources:
        base = f"{resource.type.collection}/{resource.id}"
        files[f"{base}.md"] = front_matter({"title": resource.meta["title"], "description": resource.meta["summary"]}) + \
            relative_links(resource.body)
        for lang, (meta, body) in resource.translations.items():
            files[f"{base}.{lang}.md"] = front_matter({"title": meta["title"], "description": meta["summary"]}) + \
                relative_links(body)
    return files
