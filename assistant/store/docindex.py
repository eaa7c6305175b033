"""One document's part of the index: its chunks, outline, targets, keyword postings and facts, built once.

A document's part is kept under `index/docs/<doc key>/`, where the key hashes the file's bytes and the
code that cuts it; a library of many documents is the list of their keys, so adding, replacing or
removing one document builds only that one's part.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.documents.chunking import Chunk, chunk_document
from assistant.documents.ingest import MAX_DOCUMENT_BYTES, load_document
from assistant.documents.outline import Section, outline_document
from assistant.store.facts import facts_of
from assistant.store.postings import Postings
from assistant.store.sealed import check, seal
from assistant.targets.extract import Target, TargetPostings, extract_targets
from assistant.text.lexicon import terms

DOC_VERSION = 3  # bump when what a document's part holds changes (3: tone marks in one style)
# The code (and data) that decides what a document's part holds: a change to any makes new parts.
BUILDERS = ("text/normalize.py", "text/paragraphs.py", "text/outline.py", "text/sentences.py", "text/numbers.py",
            "text/places.py", "data/provinces.txt", "text/lexicon.py", "data/equivalents.tsv", "text/segment.py",
            "documents/ingest.py", "documents/chunking.py", "documents/outline.py", "store/postings.py",
            "targets/extract.py", "store/facts.py", "store/docindex.py", "store/clauses.py", "store/vocabulary.py",
            "store/meaning_files.py")  # paths in the package
MANIFEST = "manifest.json"
FILES = (MANIFEST, "chunks.jsonl", "sections.jsonl", "targets.jsonl", "postings.npz", "targets-named.npz",
         "targets-quoted.npz")  # what `save` writes (and seals), and `load` checks before reading


def builders_digest() -> str:
    """A hash of the code that builds documents' parts."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(str(DOC_VERSION).encode())
    for name in BUILDERS:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def doc_key(path: Path, chunk_chars: int, builders: str) -> str:
    """The key of a document's part: its name and bytes, the chunk size, the builders' code."""
    digest = hashlib.sha256(f"{builders}|{chunk_chars}|{path.name}".encode())
    with open(path, "rb") as content:  # in blocks: an oversized file must reach its size check, not fill memory
        digest.update(hashlib.file_digest(content, "sha256").digest())
    return digest.hexdigest()[:20]


@dataclass
class DocumentPart:
    """What the index keeps of one document."""

    key: str
    name: str
    chunks: list[Chunk]
    sections: list[Section]
    targets: list[Target]
    postings: Postings  # of the chunks' index texts
    facts: dict  # numbers, places, years aimed at, periods: what corpus statistics need, counted once
    target_postings: TargetPostings  # of the targets' names and quotes, for look-ups

    @classmethod
    def build(cls, key: str, path: Path, chunk_chars: int, max_bytes: int = MAX_DOCUMENT_BYTES) -> DocumentPart:
        """Read, cut and index one file (raises `AssistantError` for a file that cannot be read)."""
        document = load_document(path, max_bytes=max_bytes)
        chunks = chunk_document(document, chunk_chars)
        targets = extract_targets(chunks)
        return cls(key, document.name, chunks, outline_document(document), targets,
                   Postings(terms(c.index_text()) for c in chunks), facts_of(chunks), TargetPostings.of(targets))

    def save(self, folder: Path) -> None:
        """Write the part into `folder`, whole or not at all (a temporary folder renamed into place)."""
        building = folder.with_name(f".building-{folder.name}")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        for name, records in (("chunks", self.chunks), ("sections", self.sections), ("targets", self.targets)):
            with open(building / f"{name}.jsonl", "w", encoding="utf-8") as out:
                out.writelines(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in records)
        self.postings.save(building / "postings.npz")
        self.target_postings.save(building)
        manifest = {"key": self.key, "name": self.name, "chunks": len(self.chunks), "facts": self.facts}
        (building / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        seal(building)
        shutil.rmtree(folder, ignore_errors=True)
        building.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> DocumentPart:
        """A part written by `save` (raises `sealed.Broken` for a file missing or changed since)."""
        check(folder, FILES)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))

        def read(name: str) -> list[dict]:
            with open(folder / f"{name}.jsonl", encoding="utf-8") as lines:
                return [json.loads(line) for line in lines if line.strip()]

        chunks = [Chunk(**(d | {"headings": tuple(d["headings"])})) for d in read("chunks")]
        if len(chunks) != manifest["chunks"]:
            raise ValueError(f"{folder}: {len(chunks)} chunks for {manifest['chunks']}")
        return cls(manifest["key"], manifest["name"], chunks, [Section(**d) for d in read("sections")],
                   [Target(**d) for d in read("targets")], Postings.load(folder / "postings.npz"), manifest["facts"],
                   TargetPostings.load(folder))
