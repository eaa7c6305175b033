"""A question read once: its words, what it asks, how it follows the conversation, which documents it is about."""
