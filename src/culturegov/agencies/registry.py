"""Loading the agency registry: data/registry.toml plus user files, validated and indexed.

The built-in file is trusted to be consistent (a name claimed by two bodies is a bug and
raises at load); a user file may override built-in entries and take over their names.
"""
from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from ..errors import RegistryError
from ..models import RegistryEntry
from ..normalize.text import clean_name
from ..settings import new_generation

log = logging.getLogger(__name__)

# How a name in an entry is matched: a standard or complete name is "exact", a short or
# former one is "alias".
EXACT, ALIAS = "exact", "alias"


@dataclass
class Rules:
    suffix_equivalents: list[tuple[str, str]] = field(default_factory=list)
    connectors: list[str] = field(default_factory=list)
    scope_markers: list[str] = field(default_factory=list)


@dataclass
class Registry:
    entries: dict[str, RegistryEntry]
    rules: Rules
    # cleaned name → (canonical_id, "exact" | "alias")
    index: dict[str, tuple[str, str]]
    # the same names with joining words removed → canonical_id (only unambiguous ones)
    loose_index: dict[str, str]
    sources: list[str]

    def entry(self, canonical_id: str) -> RegistryEntry:
        return self.entries[canonical_id]

    def names(self) -> list[str]:
        return list(self.index)


def _entry_names(entry: RegistryEntry) -> list[tuple[str, str]]:
    names = [(entry.name, EXACT)] + [(n, EXACT) for n in entry.full_names]
    names += [(n, ALIAS) for n in entry.abbreviations]
    names += [(f.name, ALIAS) for f in entry.former_names]
    return [(clean_name(n), how) for n, how in names if clean_name(n)]


def _read_toml(source: Path | str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"not valid TOML: {exc}. Fix the syntax and try again.",
                            path=str(source)) from exc


def _validate_entries(raw: dict, source: str) -> list[RegistryEntry]:
    unknown = set(raw) - {"agency", "rules"}
    if unknown:
        raise RegistryError(
            f"unknown top-level key(s) {sorted(unknown)}; agencies go in [[agency]] tables",
            path=source)
    items = raw.get("agency", [])
    if not isinstance(items, list):
        raise RegistryError("'agency' must be an array of tables: write [[agency]]", path=source)
    entries: list[RegistryEntry] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        label = f"[[agency]] #{number}"
        if isinstance(item, dict) and isinstance(item.get("canonical_id"), str):
            label += f" (canonical_id {item['canonical_id']!r})"
        try:
            entry = RegistryEntry.model_validate(item)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}"
                for err in exc.errors())
            raise RegistryError(f"{label} is invalid: {problems}", path=source) from None
        if entry.canonical_id in seen:
            raise RegistryError(f"{label} repeats a canonical_id used earlier in the file",
                                path=source)
        seen.add(entry.canonical_id)
        entries.append(entry)
    return entries


def _rules(raw: dict) -> Rules:
    data = raw.get("rules", {})
    return Rules(
        suffix_equivalents=[(a, b) for a, b in data.get("suffix_equivalents", [])],
        connectors=list(data.get("connectors", [])),
        scope_markers=list(data.get("scope_markers", [])),
    )


def loosen(name: str, connectors: list[str]) -> str:
    for word in connectors:
        name = name.replace(word, "")
    return name


def build_registry(extras: list[Path | str] = (), *, builtin: bool = True) -> Registry:
    shipped = resources.files("culturegov").joinpath("data/registry.toml")
    raw = _read_toml("registry.toml", shipped.read_text(encoding="utf-8"))
    rules = _rules(raw)
    entries: dict[str, RegistryEntry] = {}
    index: dict[str, tuple[str, str]] = {}
    for entry in _validate_entries(raw, "registry.toml") if builtin else ():
        entries[entry.canonical_id] = entry
        for name, how in _entry_names(entry):
            if name in index and index[name][0] != entry.canonical_id:
                raise RegistryError(f"built-in name {name!r} is claimed by both "
                                    f"{index[name][0]} and {entry.canonical_id}",
                                    path="registry.toml")
            index.setdefault(name, (entry.canonical_id, how))

    sources = ["registry.toml"] if builtin else []
    for extra in extras:
        path = Path(extra)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RegistryError("registry file not found; check the path", path=str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RegistryError(f"cannot read the registry file ({exc}); it must be UTF-8 TOML",
                                path=str(path)) from None
        raw_extra = _read_toml(path, text)
        if "rules" in raw_extra:
            raise RegistryError("a user registry holds [[agency]] entries only, not [rules]",
                                path=str(path))
        user_entries = _validate_entries(raw_extra, str(path))
        claimed: dict[str, str] = {}
        for entry in user_entries:
            for name, _ in _entry_names(entry):
                other = claimed.setdefault(name, entry.canonical_id)
                if other != entry.canonical_id:
                    raise RegistryError(f"name {name!r} is listed by both {other!r} and "
                                        f"{entry.canonical_id!r}; give it to one entry",
                                        path=str(path))
        for entry in user_entries:
            # A user entry replaces the built-in one with its id entirely, so the names the
            # built-in listed and the user left out stop pointing to it.
            if entry.canonical_id in entries:
                index = {n: v for n, v in index.items() if v[0] != entry.canonical_id}
            entries[entry.canonical_id] = entry
            for name, how in _entry_names(entry):
                if name in index and index[name][0] != entry.canonical_id:
                    log.debug("%s: %r moves from %s to %s", path, name, index[name][0],
                              entry.canonical_id)
                index[name] = (entry.canonical_id, how)
        sources.append(str(path))

    loose: dict[str, str | None] = {}
    for name, (cid, _) in index.items():
        key = loosen(name, rules.connectors)
        loose[key] = cid if loose.get(key, cid) == cid else None
    loose_index = {k: v for k, v in loose.items() if v is not None}
    return Registry(entries, rules, index, loose_index, sources)


# ───────────────────────────── the active registry ─────────────────────────────

_active: Registry | None = None
_extras: list[Path | str] = []
_builtin = True


def load_registry(extra: str | Path | Sequence[str | Path] | None = None, *,
                  builtin: bool = True) -> Registry:
    """Make the built-in registry plus `extra` (one TOML file or several) the active one.

    User entries win: an entry with a built-in canonical_id replaces it, and a name a user
    entry lists points to that entry. Each call starts again from the built-in registry, so
    `load_registry()` with no argument drops earlier extras. Raises RegistryError naming the
    file and the bad entry. Every answer cached from the previous registry is forgotten.
    `builtin=False` keeps the shipped rules but none of the shipped names: a registry of the
    user's entries alone (tests use it, so growing the shipped data cannot break them).
    """
    global _active, _extras, _builtin
    if extra is None:
        extras: list[Path | str] = []
    elif isinstance(extra, (str, Path)):
        extras = [extra]
    else:
        extras = list(extra)
    registry = build_registry(extras, builtin=builtin)  # validate before replacing anything
    _active, _extras, _builtin = registry, extras, builtin
    new_generation()
    return registry


def active_registry() -> Registry:
    """The registry in use; the built-in one, loaded on first use."""
    global _active
    if _active is None:
        _active = build_registry(_extras, builtin=_builtin)
    return _active
