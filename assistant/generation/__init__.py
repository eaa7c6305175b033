"""The optional chat model: its prompt, its tool calls, its answer checked sentence by sentence."""
