"""The document page shows the article as cleaning left it: debris in hidden ``<del>``, fixes in cleaned form."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from rashomon.clean import clean_text
from rashomon.model import CanonicalEntity, Document, EntityMention, Linking
from rashomon.store import SQLiteStore
from rashomon.web import make_app

RAW = "Officials said ,quot;little green men,quot; came.\n\n6136850181001\n\nA <script>alert(1)</script> CafÃ©.\n"


def test_document_page_hides_debris_and_escapes(tmp_path: Path) -> None:
    cleaned = clean_text(RAW)
    store = SQLiteStore(tmp_path / "x.db")
    try:
        at = RAW.index("CafÃ©")
        mention = EntityMention("Café", at, at + len("CafÃ©"), "ORG", entity="x1#e1", name="Café")
        store.add_document(Document(id="x1", text=RAW, title="Debris", cleaning=cleaned.actions,
                                    clean_text=cleaned.text, entities=(mention,)), "test")
        store.save_linking(Linking(entities=(CanonicalEntity("E1", "Café", "ORG", docs=("x1",)),),
                                   entity_ids={"x1#e1": "E1"}))
    finally:
        store.close()
    with TestClient(make_app(str(tmp_path / "x.db")), raise_server_exceptions=False) as client:
        page = client.get("/documents/x1", params={"start": RAW.index("little"), "end": RAW.index("came")})
        entity = client.get("/entities/E1")
    assert page.status_code == 200
    article = re.search(r'<article class="text">(.*?)</article>', page.text, re.S)
    assert article
    html = article.group(1)
    shown = re.sub(r"<[^>]+>", "", re.sub(r'<del class="debris".*?</del>', "", html, flags=re.S))
    assert "quot;" not in shown and "6136850181001" not in shown and "Ã" not in shown
    assert "Café" in shown and "&lt;script&gt;" in html and "<script>" not in html
    assert '<del class="debris" title="removed by cleaning: embed ids">6136850181001</del>' in html
    assert re.search(r'<mark class="sel" id="sel">little green men', html)
    assert 'id="show-debris"' in page.text
    # the entity page's mention in context: the same cleaned view, the mention still marked
    assert entity.status_code == 200
    context = re.search(r'<ul class="mentions">(.*?)</ul>', entity.text, re.S)
    assert context and '<del class="debris" title="removed by cleaning: embed ids">' in context.group(1)
    marked = r'<mark class="sel" id="sel">Caf</mark><mark class="sel"><span class="cleaned"[^>]*>é</span></mark>'
    assert re.search(marked, context.group(1))
    assert "quot;" not in re.sub(r'title="[^"]*"', "", context.group(1))
