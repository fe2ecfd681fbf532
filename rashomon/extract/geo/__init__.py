"""Offline gazetteer and geoparsing: build the index, look names up, pick the right place."""
