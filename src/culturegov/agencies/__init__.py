"""Agency knowledge: the registry of canonical bodies, the gazetteer of places, the resolver
that maps a name as written onto a body, and the name shapes recognizers ask about.

Other stages come in through the names exported here.
"""
from .document import resolve_document_agencies
from .registry import active_registry, load_registry
from .resolver import LEVEL_CHARS, known_name, resolve_agency
from .segmentation import split_concatenated, split_name_run
from .shapes import is_agency_name, is_collective, split_top_level

__all__ = ["LEVEL_CHARS", "active_registry", "is_agency_name", "is_collective", "known_name", "load_registry",
           "resolve_agency", "resolve_document_agencies", "split_concatenated", "split_name_run",
           "split_top_level"]
