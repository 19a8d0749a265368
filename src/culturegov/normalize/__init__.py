"""Normalizers: text width and punctuation, agency names, deadlines, targets."""
