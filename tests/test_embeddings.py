from langchain_core.embeddings import Embeddings

from assistant.embeddings import Deduplicating, E5Embeddings


class Counting(Embeddings):
    """Records every text it is asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed_documents(self, texts):
        self.seen += texts
        return [[float(len(t))] for t in texts]

    def embed_query(self, text):
        return [0.0]


def test_a_repeated_passage_is_embedded_once_per_build():
    inner = Counting()
    dedup = Deduplicating(inner)
    assert dedup.embed_documents(["a", "bb", "a"]) == [[1.0], [2.0], [1.0]]
    assert dedup.embed_documents(["bb", "ccc"]) == [[2.0], [3.0]]
    assert inner.seen == ["a", "bb", "ccc"]


def test_e5_gives_questions_and_passages_their_roles(embeddings: E5Embeddings):
    import numpy as np

    passage = np.array(embeddings.embed_documents(["Tỷ lệ che phủ rừng đạt 55%."])[0])
    other = np.array(embeddings.embed_documents(["Dân số đến năm 2030 đạt trên 530 nghìn người."])[0])
    query = np.array(embeddings.embed_query("che phủ rừng"))
    assert passage.shape == (384,) and abs(np.linalg.norm(query) - 1) < 1e-3
    assert query @ passage > query @ other
