"""A small invented corpus for linking tests: a market strike told by five outlets (one syndicated
copy), its follow-ups, a second strike elsewhere, a historical strike, and an unrelated cotton story."""

from __future__ import annotations

from collections.abc import Sequence
from unittest import mock

import rashomon.link
from rashomon.model import Document, Linking, Story

from .link_builders import (
    BANDIAGARA,
    DOUENTZA,
    KOUTIALA,
    NEW_YORK,
    arg,
    document,
    event,
    mag,
    quote,
)

WIRE_TEXT = (
    "Market strike kills at least 30 in Douentza\n\n"
    "DOUENTZA, Mali - At least 30 people were killed when the crowded weekly market of Douentza in central Mali "
    "was struck on Wednesday night, the mayor said. The army said fighters of the Gourma Salvation Front fired "
    "mortar rounds on the market, a claim residents disputed. Dozens were wounded and taken to Mopti. "
    "Traders said the market was full because of the cattle fair, and the town's health centre ran out of "
    "dressings before dawn. In 2023 a drone strike on a wedding near Douentza killed 12 people. "
    "The mayor asked for an independent inquiry into the strike and for help to bury the dead."
)
COPY_TEXT = (
    "Dozens killed in Douentza market attack\n\n(Continental Wire)\n"
    "DOUENTZA, Mali - At least 30 people were killed when the crowded weekly market of Douentza in central Mali "
    "was struck on Wednesday night, the mayor said. The army said fighters of the Gourma Salvation Front fired "
    "mortar rounds on the market, a claim residents disputed. Dozens were wounded and taken to Mopti. "
    "Traders said the market was full because of the cattle fair, and the town's health centre ran out of "
    "bandages before dawn. In 2023 a drone strike on a wedding near Douentza killed 12 people."
)


def corpus() -> list[Document]:
    """The test corpus, deliberately not in publication order."""
    cw = "cw0313aaaaaaaa"
    sd = "sd0313bbbbbbbb"
    bt = "bt0313cccccccc"
    dv = "dv0313dddddddd"
    rdc = "rdc0314eeeeeee"
    hws = "hws0316fffffff"
    cw2 = "cw0315gggggggg"
    cot1 = "bt0314cotton00"
    cot2 = "sd0315cotton00"
    army = arg("an army drone", "MLI", "MIL")
    gsf = arg("fighters of the Gourma Salvation Front", "MLI", "REB")
    market = arg("the market", "MLI", "CVL")
    docs = [
        document(rdc, "Douentza market toll rises to 33\n\nThe toll of Wednesday night's strike on the Douentza "
                 "market has risen to 33 dead and 51 wounded, the Mopti hospital said. Witnesses said an army "
                 "drone fired missiles on the market. The mayor of Douentza asked for an inquiry.",
                 title="Douentza market toll rises to 33", source="Radio Delta Centre", published="2025-03-14",
                 events=(
                     event(rdc, 1, "ASSAULT", "strike", "The toll of Wednesday night's strike on the Douentza market "
                           "has risen to 33 dead and 51 wounded.", recipients=(market,), place=DOUENTZA,
                           date="2025-03-12", dead=mag(33, 33, "33"), injured=mag(51, 51, "51")),
                     event(rdc, 2, "ASSAULT", "fired", "Witnesses said an army drone fired missiles on the market.",
                           actors=(army,), recipients=(market,), place=DOUENTZA, date="2025-03-12"),
                 ),
                 quotes=(quote(rdc, 1, "The army did not fire on the market in Douentza", "a ministry official"),)),
        document(cw, WIRE_TEXT, title="Market strike kills at least 30 in Douentza", source="Continental Wire",
                 published="2025-03-13",
                 events=(
                     event(cw, 1, "ASSAULT", "struck", "At least 30 people were killed when the crowded weekly "
                           "market of Douentza in central Mali was struck on Wednesday night, the mayor said.",
                           recipients=(arg("At least 30 people", None, "CVL"),), place=DOUENTZA, date="2025-03-12",
                           dead=mag(30, None, "at least 30"), injured=mag(24, None, "dozens")),
                     event(cw, 2, "ASSAULT", "fired", "The army said fighters of the Gourma Salvation Front fired "
                           "mortar rounds on the market.", actors=(gsf,), recipients=(market,), place=DOUENTZA,
                           date="2025-03-12"),
                     event(cw, 3, "ASSAULT", "strike", "In 2023 a drone strike on a wedding near Douentza killed "
                           "12 people.", recipients=(arg("a wedding", "MLI", "CVL"),), place=DOUENTZA, date="2023",
                           precision="year", dead=mag(12, 12, "12"), modality="historical"),
                 )),
        document(sd, COPY_TEXT, title="Dozens killed in Douentza market attack", source="Sahel Dispatch",
                 published="2025-03-13",
                 events=(
                     event(sd, 1, "ASSAULT", "struck", "At least 30 people were killed when the crowded weekly "
                           "market of Douentza in central Mali was struck on Wednesday night, the mayor said.",
                           recipients=(arg("At least 30 people", None, "CVL"),), place=DOUENTZA, date="2025-03-12",
                           dead=mag(30, None, "at least 30")),
                 )),
        document(bt, "Terrorists fire on Douentza market, army says\n\nNine civilians were killed when terrorists "
                 "of the Gourma Salvation Front fired mortar shells at the Douentza market on Wednesday, the army "
                 "general staff said. Fourteen were wounded. Earlier this month fighters of the same group set fire "
                 "to two lorries carrying food near Douentza.",
                 title="Terrorists fire on Douentza market, army says", source="Bamako Tribune", published="2025-03-13",
                 events=(
                     event(bt, 1, "ASSAULT", "fired", "Nine civilians were killed when terrorists of the Gourma "
                           "Salvation Front fired mortar shells at the Douentza market on Wednesday.",
                           actors=(arg("terrorists of the Gourma Salvation Front", "MLI", "REB"),),
                           recipients=(arg("Nine civilians", "MLI", "CVL"),), place=DOUENTZA, date="2025-03-12",
                           dead=mag(9, 9, "9"), injured=mag(14, 14, "14")),
                     event(bt, 2, "ASSAULT", "set fire", "Earlier this month fighters of the same group set fire to "
                           "two lorries carrying food near Douentza.",
                           actors=(arg("fighters of the same group", "MLI", "REB"),),
                           recipients=(arg("two lorries carrying food", None, None),), place=DOUENTZA,
                           date="2025-03", precision="month"),
                 ),
                 quotes=(quote(bt, 1, "The army fired on the market in Douentza with a drone", "a witness"),)),
        document(dv, "Night of horror at Douentza market\n\nLast night an army drone fired on the Douentza market "
                 "and killed dozens of people, residents of Douentza told us. Nobody came to help the wounded.",
                 title="Night of horror at Douentza market", source="Douentza Voices", published="2025-03-13",
                 events=(
                     event(dv, 1, "ASSAULT", "fired on", "Last night an army drone fired on the Douentza market and "
                           "killed dozens of people.", actors=(army,), recipients=(arg("dozens of people", None, "CVL"),),
                           place=DOUENTZA, date="2025-03-12", dead=mag(24, None, "dozens")),
                 )),
        document(cw2, "UN Security Council meets on Mali\n\nThe United Nations Security Council held an emergency "
                 "meeting on Mali on Friday after the Douentza market strike. The army launched an offensive "
                 "against the Gourma Salvation Front east of Douentza on Friday.",
                 title="UN Security Council meets on Mali", source="Continental Wire", published="2025-03-15",
                 events=(
                     event(cw2, 1, "CONSULT", "held", "The United Nations Security Council held an emergency meeting "
                           "on Mali on Friday.", actors=(arg("The United Nations Security Council", "UNO", "GOV"),),
                           place=NEW_YORK, date="2025-03-14"),
                     event(cw2, 2, "ASSAULT", "launched", "The army launched an offensive against the Gourma Salvation "
                           "Front east of Douentza on Friday.", actors=(arg("The army", "MLI", "MIL"),),
                           recipients=(gsf,), place=DOUENTZA, date="2025-03-14"),
                 )),
        document(hws, "Second deadly strike near Bandiagara\n\nA drone strike hit a pickup truck near Bandiagara on "
                 "Saturday, killing five, relatives said. The UN Security Council discussed Mali on Friday. The "
                 "Douentza market strike on Wednesday killed 33 people.",
                 title="Second deadly strike near Bandiagara", source="Horizon World Service", published="2025-03-16",
                 events=(
                     event(hws, 1, "ASSAULT", "strike", "A drone strike hit a pickup truck near Bandiagara on Saturday, "
                           "killing five.", recipients=(arg("a pickup truck", "MLI", "CVL"),), place=BANDIAGARA,
                           date="2025-03-15", dead=mag(5, 5, "five")),
                     event(hws, 2, "CONSULT", "discussed", "The UN Security Council discussed Mali on Friday.",
                           actors=(arg("The UN Security Council", "UNO", "GOV"),), date="2025-03-14"),
                 )),
        document(cot1, "Cotton growers sign price deal\n\nThe National Cotton Office and the growers' union signed a "
                 "price agreement in Koutiala on Friday. Cotton farmers welcomed the new price per kilogram for the "
                 "harvest.", title="Cotton growers sign price deal", source="Bamako Tribune", published="2025-03-14",
                 events=(
                     event(cot1, 1, "AGREE", "signed", "The National Cotton Office and the growers' union signed a "
                           "price agreement in Koutiala.", actors=(arg("The National Cotton Office", "MLI", "BUS"),),
                           place=KOUTIALA, date="2025-03-14"),
                 )),
        document(cot2, "New cotton price for growers\n\nCotton growers and the National Cotton Office signed a new "
                 "price agreement in Koutiala; farmers say the price per kilogram of cotton will help the harvest.",
                 title="New cotton price for growers", source="Sahel Dispatch", published="2025-03-15",
                 events=(
                     event(cot2, 1, "AGREE", "signed", "Cotton growers and the National Cotton Office signed a new "
                           "price agreement in Koutiala.", actors=(arg("the National Cotton Office", "MLI", "BUS"),),
                           place=KOUTIALA, date="2025-03-14"),
                 )),
    ]
    return docs


IDS = {
    "cw": "cw0313aaaaaaaa", "sd": "sd0313bbbbbbbb", "bt": "bt0313cccccccc", "dv": "dv0313dddddddd",
    "rdc": "rdc0314eeeeeee", "hws": "hws0316fffffff", "cw2": "cw0315gggggggg",
    "cot1": "bt0314cotton00", "cot2": "sd0315cotton00",
}


COTTON = frozenset({IDS["cot1"], IDS["cot2"]})


def scenario_stories(docs: Sequence[Document], resume: str = "") -> tuple[tuple[Story, ...], str]:
    """The scenario's two stories as a perfect story clusterer would find them (crisis, cotton); no checkpoint."""
    crisis = tuple(d.id for d in docs if d.id not in COTTON)
    cotton = tuple(d.id for d in docs if d.id in COTTON)
    return tuple(Story(id=f"s-{ids[0][:10]}", title="", docs=ids) for ids in (crisis, cotton) if ids), ""


def linked(docs: Sequence[Document] | None = None) -> Linking:
    """Link the scenario (or ``docs``) with its stories given, so these tests judge the linking after stories
    (story clustering has its own tests in ``test_stories``)."""
    with mock.patch.object(rashomon.link, "run_stories", scenario_stories):
        return rashomon.link.link_documents(list(docs) if docs is not None else corpus())
