"""Comparing documents: which duties two documents share (alignment), which bodies appear
where (coverage), which policy themes a text touches (themes)."""
from .alignment import AlignedDuty, DutyAlignment, DutyPair, align_duties, duty_similarity
from .coverage import coverage_matrix
from .themes import Theme, load_themes, tag_themes
from .tokens import cache_dir, tokens

__all__ = ["AlignedDuty", "DutyAlignment", "DutyPair", "Theme", "align_duties", "cache_dir",
           "coverage_matrix", "duty_similarity", "load_themes", "tag_themes", "tokens"]
