"""The index: each document's stored part, vectors, keywords, statistics, the library and its writers."""
