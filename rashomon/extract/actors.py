"""Actor coding: a phrase such as "Turkish soldiers" → country TUR, sector MIL (baseline stub).

The entities work replaces this with knowledge-file driven coding; other stages (events,
quotes) call :func:`code_actor` and rely only on its signature.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActorCode:
    """What a phrase says about an actor: country (ISO 3166-1 alpha-3 or IGO code), sector, name."""

    country: str | None = None
    sector: str | None = None
    name: str | None = None
    kind: str | None = None  # PERSON | ORG | GPE | NORP | IGO | GROUP


def code_actor(text: str, *, context_country: str | None = None) -> ActorCode:
    """Code a noun phrase as an actor; ``context_country`` resolves "the regime"-style phrases."""
    return ActorCode()
