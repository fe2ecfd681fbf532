"""The PLOVER knowledge files are consistent: types, modes, maps and glossary agree."""

from __future__ import annotations

from rashomon.data import load_tsv
from rashomon.extract.event_lexicon import acled_type, cameo_code, glossary, lexicon
from rashomon.model import PLOVER_TYPES


def test_trigger_rows_are_typed() -> None:
    for row in load_tsv("en/plover/triggers.tsv"):
        flags = set((row["flags"] or "").split(","))
        if "light" in flags:
            assert not row["type"], row
        else:
            assert row["type"] in PLOVER_TYPES, row
            assert row["pos"] in ("V", "N", "A"), row


def test_every_mode_is_explained() -> None:
    modes = set(glossary()["modes"])
    used = {r["mode"] for r in load_tsv("en/plover/triggers.tsv") if r["mode"]}
    used |= {r["mode"] for r in load_tsv("en/plover/modes.tsv")}
    assert used <= modes, used - modes
    assert set(glossary()["types"]) == set(PLOVER_TYPES)


def test_class_patterns_name_known_classes() -> None:
    classes = set(lexicon().classes)
    for row in load_tsv("en/plover/triggers.tsv"):
        for word in row["pattern"].split():
            if word.startswith("@"):
                assert word[1:] in classes, row


def test_every_type_has_a_cameo_root_and_roles() -> None:
    for t in PLOVER_TYPES:
        code = cameo_code(t, None)
        assert code is not None and len(code) == 2 and 1 <= int(code) <= 20
        assert t in lexicon().roles


def test_acled_map() -> None:
    assert acled_type("ASSAULT", "aerial", "state", "civilian") == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_type("ASSAULT", None, "nonstate", "civilian") == ("Violence against civilians", "Attack")
    assert acled_type("ASSAULT", None, "nonstate", "armed") == ("Battles", "Armed clash")
    assert acled_type("ASSAULT", "territory", "state", "armed") == ("Battles", "Government regains territory")
    assert acled_type("PROTEST", "riot", "nonstate", "armed") == ("Riots", "Violent demonstration")
    assert acled_type("CONSULT", None, "state", "armed") is None
