"""Rules about Vietnamese text, each written once: normalisation, the outline, sentences, numbers, words.

Every other module reads text through these: chunking and target extraction at index time,
retrieval, the target table, the chat and the plan reader at question time.
"""
