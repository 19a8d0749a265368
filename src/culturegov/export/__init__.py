"""Exports: JSON / JSONL, pandas and Arrow tables, the duty graph, cross-document comparison.

Nothing heavy is imported here; each submodule imports pandas, pyarrow, networkx or jieba
only when one of its functions is called.
"""
