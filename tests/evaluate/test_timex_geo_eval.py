"""The timex and geo evaluation readers and scorers, on tiny files in the evaluation formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rashomon.evaluate.geo import MISS_KM, error_metrics, read_articles
from rashomon.evaluate.timex import read_timeml, score
from rashomon.extract.times import find_timexes

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2020-02-28" functionInDocument="CREATION_TIME">2020-02-28</TIMEX3></DCT>
<TEXT>
Troops &amp; police were hit <TIMEX3 tid="t1" type="TIME" value="2020-02-27TNI">last night</TIMEX3>, officials
<EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t2" type="DATE" value="2020-02-28">today</TIMEX3>.
Talks lasted <TIMEX3 tid="t3" type="DURATION" value="P3D">three days</TIMEX3>.
</TEXT>
</TimeML>
"""

GWN = """<?xml version="1.0" ?>
<articles>
<article file="0">
<title>t</title>
<text>Shelling hit Idlib and the Mars Plaza.</text>
<toponyms>
<toponym><extractedName>Idlib</extractedName><type>Literal</type><start>13</start><end>18</end>
<latitude>35.93</latitude><longitude>36.63</longitude></toponym>
<toponym><extractedName>Mars Plaza</extractedName><type>Literal</type><start>27</start><end>37</end>
<latitude>10.0</latitude><longitude>10.0</longitude></toponym>
<toponym><extractedName>Shelling</extractedName><type>Non_Toponym</type><start>0</start><end>8</end></toponym>
</toponyms>
</article>
</articles>
"""


def test_timeml_reader_offsets(tmp_path: Path) -> None:
    path = tmp_path / "t1.tml"
    path.write_text(TIMEML, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.dct == "2020-02-28"
    assert [(t.text, t.value) for t in doc.timexes] == [
        ("last night", "2020-02-27TNI"), ("today", "2020-02-28"), ("three days", "P3D")]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)
    assert "Troops & police" in doc.text and "<" not in doc.text


def test_timex_scoring(tmp_path: Path) -> None:
    path = tmp_path / "t1.tml"
    path.write_text(TIMEML, encoding="utf-8")
    doc = read_timeml(path)
    found = find_timexes(doc.text, dt.date(2020, 2, 28))
    metrics = score([doc], [found])
    assert metrics["value"]["f1"] == 1.0 and metrics["strict"]["f1"] == 1.0
    assert score([doc], [[]])["value"]["recall"] == 0.0


def test_geo_reader_and_metrics(tmp_path: Path) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN, encoding="utf-8")
    (art,) = read_articles(tmp_path)
    assert [t.text for t in art.toponyms] == ["Idlib", "Mars Plaza"]  # Non_Toponym not counted
    m = error_metrics([0.0, 100.0, MISS_KM])
    assert m["acc161"] == pytest.approx(2 / 3, abs=1e-3)
    assert m["median_km"] == 100.0
    assert 0 < m["auc"] < 1
    assert error_metrics([]) == {"n": 0}
