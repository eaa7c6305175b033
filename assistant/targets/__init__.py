"""The plan's figures as records.

- `extract`: records built from the chunks at index time (the only part the index key depends on);
- `table`: looking them up by words, value or target number;
- `export`: a figure as a phrase, table rows, CSV;
- `tool`: the look-up as a LangChain tool for a chat model.
"""
