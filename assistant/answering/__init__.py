"""From evidence to an answer: retrieval, evidence records, the decision, the answer's shape and its checks."""
