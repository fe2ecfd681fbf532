"""``rashomon_entities``: named-entity mentions with document-local entity ids (baseline)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.model import EntityMention, local_entity_id

KEPT_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


def find_entities(doc: Doc) -> list[EntityMention]:
    """Entity mentions from spaCy NER, the same surface form sharing one local id."""
    ids: dict[str, str] = {}
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        key = ent.text.lower()
        local = ids.setdefault(key, local_entity_id(doc._.doc_id or "doc", len(ids) + 1))
        out.append(EntityMention(ent.text, ent.start_char, ent.end_char, ent.label_, local, name=ent.text))
    return out


@Language.factory("rashomon_entities", assigns=["doc._.entities"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> EntitiesComponent:
    """Build the entities component."""
    return EntitiesComponent()


class EntitiesComponent:
    """Writes ``doc._.entities``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = find_entities(doc)
        return doc
