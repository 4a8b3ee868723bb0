"""Bulgarian typed in Latin letters, read back as Cyrillic: the official transliteration (Transliteration
Act, 2009) reversed, plus the informal spellings people use (4 for ч, 6 for ш, w for в, j for ж, q for я,
a/u/y for ъ). A Latin spelling is often ambiguous ("a" is а or ъ, "ts" is ц or тс), so a word gets a few
candidate spellings, the likeliest first; the search index decides which of them are real words.
"""

from __future__ import annotations

import heapq
from functools import lru_cache

# Latin letter groups, longest first in matching; each maps to its Cyrillic readings, likeliest first.
GROUPS: dict[str, tuple[str, ...]] = {
    "sht": ("щ", "шт"),
    "sch": ("щ", "сч"),
    "zh": ("ж", "зх"),
    "ch": ("ч", "цх"),
    "sh": ("ш", "сх"),
    "ts": ("ц", "тс"),
    "tz": ("ц",),
    "kh": ("х", "кх"),
    "yu": ("ю", "йу"),
    "iu": ("ю", "иу"),
    "ju": ("ю", "жу"),
    "ya": ("я", "йа"),
    "ia": ("иа", "ия", "я"),  # социална, София (final ия is "ia"), informal я
    "ja": ("я", "жа"),
    "yo": ("йо", "ьо"),
}
LETTERS: dict[str, tuple[str, ...]] = {
    "a": ("а", "ъ"),
    "b": ("б",),
    "c": ("ц", "к", "ч"),
    "d": ("д",),
    "e": ("е",),
    "f": ("ф",),
    "g": ("г",),
    "h": ("х",),
    "i": ("и", "й"),
    "j": ("ж", "й", "дж"),
    "k": ("к",),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "o": ("о",),
    "p": ("п",),
    "q": ("я", "к"),
    "r": ("р",),
    "s": ("с",),
    "t": ("т",),
    "u": ("у", "ъ", "ю"),
    "v": ("в",),
    "w": ("в",),
    "x": ("х", "кс"),
    "y": ("й", "ъ", "и", "ь"),
    "z": ("з",),
    "4": ("ч", "4"),
    "6": ("ш", "6"),
}
# Latin letters that look like Cyrillic ones: in a word that mixes the two scripts they are read by their look.
LOOKALIKES: dict[str, str] = {
    "a": "а",
    "b": "в",
    "c": "с",
    "e": "е",
    "h": "н",
    "k": "к",
    "m": "м",
    "o": "о",
    "p": "р",
    "t": "т",
    "x": "х",
    "y": "у",
}
MAX_CANDIDATES = 24
_LONGEST = max(len(group) for group in GROUPS)


def is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def has_latin(word: str) -> bool:
    return any("a" <= char <= "z" for char in word)


def _units(word: str) -> list[tuple[str, ...]]:
    """The word cut into letter groups, each with its readings in order of likelihood."""
    mixed = any(is_cyrillic(char) for char in word)
    units: list[tuple[str, ...]] = []
    position = 0
    while position < len(word):
        for size in range(_LONGEST, 1, -1):
            group = word[position : position + size]
            if not mixed and group in GROUPS:
                units.append(GROUPS[group])
                position += size
                break
        else:
            char = word[position]
            readings = LETTERS.get(char, (char,))
            if mixed and char in LOOKALIKES:
                readings = (LOOKALIKES[char], *(r for r in readings if r != LOOKALIKES[char]))
            units.append(readings)
            position += 1
    return units


@lru_cache(maxsize=4096)
def cyrillic_candidates(word: str) -> tuple[str, ...]:
    """Cyrillic spellings of a lower-case word typed (partly) in Latin letters, likeliest first.

    The likeliest spelling takes the first reading of every group; the others depart from it in as few
    places as possible. A word already in Cyrillic only has its digits 4 and 6 read as ч and ш."""
    units = _units(word)
    if all(len(readings) == 1 for readings in units):
        return ("".join(readings[0] for readings in units),)
    # Best-first over choices: the cost of a spelling is the sum of its readings' ranks.
    start = (0,) * len(units)
    seen = {start}
    heap: list[tuple[int, tuple[int, ...]]] = [(0, start)]
    found: list[str] = []
    while heap and len(found) < MAX_CANDIDATES:
        cost, choice = heapq.heappop(heap)
        spelling = "".join(units[i][c] for i, c in enumerate(choice))
        if spelling not in found:
            found.append(spelling)
        for i, c in enumerate(choice):
            if c + 1 < len(units[i]):
                following = (*choice[:i], c + 1, *choice[i + 1 :])
                if following not in seen:
                    seen.add(following)
                    heapq.heappush(heap, (cost + 1, following))
    return tuple(found)
