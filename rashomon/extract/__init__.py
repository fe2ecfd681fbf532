"""Per-document extraction components (spaCy factories), one module per kind of fact.

Each module registers one component ``rashomon_<kind>`` that reads the parsed Doc (and what
earlier components wrote to ``doc._``) and writes its records to ``doc._.<kind>``, with offsets
into the cleaned text. Finding is kept apart from writing so the finders can be tested alone.
"""
