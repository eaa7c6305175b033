from assistant.store.embeddings import E5Embeddings


def test_e5_gives_questions_and_passages_their_roles(embeddings: E5Embeddings):
    import numpy as np

    passage = np.array(embeddings.embed_documents(["Tỷ lệ che phủ rừng đạt 55%."])[0])
    other = np.array(embeddings.embed_documents(["Dân số đến năm 2030 đạt trên 530 nghìn người."])[0])
    query = np.array(embeddings.embed_query("che phủ rừng"))
    assert passage.shape == (384,) and abs(np.linalg.norm(query) - 1) < 1e-3
    assert query @ passage > query @ other
