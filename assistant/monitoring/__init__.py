"""Plan monitoring: what the yearly reports say, beside the plan's targets.

- `reported`: the figures a report states, from its prose and tables;
- `linking`: each figure linked to the plan's target it measures, by meaning, within what can compare;
- `progress`: the linked figures by target and year, revisions and statuses;
- `export`: the table as records, CSV, Excel and plain text.
"""
