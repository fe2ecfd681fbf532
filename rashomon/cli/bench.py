"""``rashomon bench``: measure analyze throughput against bare spaCy, or linking at scale; table + JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from rashomon.cli._util import app, console


def _sizes(value: str) -> list[int]:
    from rashomon.errors import ConfigError

    try:
        sizes = [int(v.replace("_", "").replace("k", "000")) for v in value.split(",") if v.strip()]
    except ValueError as err:
        raise ConfigError(f"--linking {value!r}: give sizes like 10000,100000") from err
    if not sizes or min(sizes) < 1:
        raise ConfigError(f"--linking {value!r}: give sizes like 10000,100000")
    return sizes


def _throughput_table(result: dict[str, Any]) -> None:
    from rich.table import Table

    corpus = result["corpus"]
    source = corpus["source"] if isinstance(corpus["source"], str) else ", ".join(corpus["source"])
    table = Table(title=f"rashomon bench — {corpus['articles']} articles, {corpus['words']} words ({source}), "
                        f"{result['processes']} processes")
    for col in ("run", "seconds", "CPU s", "articles/s", "words/s", "peak MB self/child"):
        table.add_column(col, justify="right" if col != "run" else "left")
    a = result["analyze"]
    mem = a["peak_rss_mb"]
    table.add_row("rashomon analyze", f"{a['seconds']:.2f}", f"{a['cpu_seconds']:.1f}", f"{a['articles_per_s']:.2f}",
                  f"{a['words_per_s']:.0f}", f"{mem['self']:.0f} / {mem['largest_child']:.0f}")
    for stage, secs in a["stage_seconds"].items():
        table.add_row(f"  stage {stage}", f"{secs:.2f}", "", "", "", "")
    table.add_row("  start-up (not in the run)", f"{a['load_seconds']:.2f}", "", "", "", "")
    if "spacy" in result:
        s = result["spacy"]
        mem = s["peak_rss_mb"]
        table.add_row("bare spaCy", f"{s['seconds']:.2f}", f"{s['cpu_seconds']:.1f}", f"{s['articles_per_s']:.2f}",
                      f"{s['words_per_s']:.0f}", f"{mem['self']:.0f} / {mem['largest_child']:.0f}")
        table.add_row("  model load (not in the run)", f"{s['load_seconds']:.2f}", "", "", "", "")
        r = result["ratio"]
        table.add_row("speed ratio rashomon/spaCy", f"{r['end_to_end']:.2f}", f"{r['cpu']:.2f}", "",
                      f"analyze stage {r['analyze_stage']:.2f}", "")
        table.add_row("  ratio with start-up counted", f"{r['with_load']:.2f}", "", "", "", "")
    console().print(table)


def _linking_table(result: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title="rashomon bench --linking (generated documents, no NLP)")
    for col in ("documents", "events", "link seconds", "link CPU s", "peak RSS MB", "RSS after generation MB",
                "clusters", "stories"):
        table.add_column(col, justify="right")
    for r in result["sizes"]:
        if "timeout" in r:
            table.add_row(str(r["documents"]), "", r["timeout"], "", "", "", "", "")
            continue
        table.add_row(str(r["documents"]), str(r["events"]), f"{r['link_seconds']:.2f}", f"{r['link_cpu_seconds']:.2f}",
                      f"{r['peak_rss_mb']['self']:.0f}", f"{r['after_generation']['rss_mb']:.0f}",
                      str(r["clusters"]), str(r["stories"]))
    console().print(table)
    if "time_ratio" in result:
        t = result["time_ratio"]
        cpu = f"; CPU time ratio {t['cpu_ratio']:.2f}" if "cpu_ratio" in t else ""
        console().print(f"time ratio {t['of'][1]}/{t['of'][0]}: {t['ratio']:.2f} (target ≤ {t['target']:.0f}: "
                        f"{'met' if t['met'] else 'NOT met'}){cpu}")
    if "peak_memory" in result:
        p = result["peak_memory"]
        console().print(f"peak memory at {p['documents']}: {p['peak_rss_mb']:.0f} MB (target ≤ {p['target_mb']:.0f}: "
                        f"{'met' if p['met'] else 'NOT met'})")


@app.command()
def bench(
    paths: Optional[list[str]] = typer.Argument(None, help="Folder(s) of articles to measure on (default: generated)."),
    articles: int = typer.Option(200, "--articles", "-n", help="How many articles to generate when no folder is given."),
    seed: int = typer.Option(0, "--seed", help="Seed of the generated corpus."),
    processes: int = typer.Option(2, "--processes", "-j", help="Worker processes, for rashomon and for spaCy alike."),
    repeat: int = typer.Option(1, "--repeat", help="Measure each run this many times; the fastest counts."),
    spacy: bool = typer.Option(True, "--spacy/--no-spacy", help="Also measure the bare spaCy pipeline."),
    batch_size: int = typer.Option(32, "--batch-size", help="nlp.pipe batch size for the bare spaCy run."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Run analyze on Dask (address or local:N)."),
    linking: Optional[str] = typer.Option(None, "--linking", help="Instead: time linking at sizes, e.g. 10000,100000."),
    timeout: float = typer.Option(3600.0, "--timeout", help="Stop one linking measurement after this many seconds."),
    out: Path = typer.Option(Path("bench.json"), "--json", help="Where to write the results as JSON."),
) -> None:
    """Benchmark: analyze throughput beside bare spaCy on the same texts, or linking scale (--linking)."""
    from rashomon.bench import run_linking, run_throughput

    if linking:
        result = run_linking(_sizes(linking), seed=seed, timeout=timeout)
        _linking_table(result)
    else:
        result = run_throughput(paths or None, articles=articles, seed=seed, processes=processes, repeat=repeat,
                                spacy=spacy, batch_size=batch_size, dask=dask)
        _throughput_table(result)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    console().print(f"results written to {out}")
