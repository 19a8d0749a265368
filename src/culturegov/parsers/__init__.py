"""Readers (text, docx, pdf → Blocks) and recognizers (Blocks → models)."""
