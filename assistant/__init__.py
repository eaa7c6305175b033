"""Trợ lý Kế hoạch: a Vietnamese assistant that answers from a province's development plan, with citations."""
