"""Vietnamese text folding: one function used for indexing, querying and matching.

People type "tho han" for "thợ hàn" and "Dai Loan" for "Đài Loan". Unicode
decomposition strips tone and vowel marks but leaves đ alone, so đ gets an
explicit rule. Old and new tone placement (thuỷ / thủy, hoà / hòa) differ only
in where the mark sits, so both fold to the same letters.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "normalize", "tokens"]

_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC, lower case, punctuation to spaces, single spaces: keeps the marks."""
    text = unicodedata.normalize("NFC", text or "").lower()
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower case, no tone or vowel marks, đ → d, punctuation and spaces normalised."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "d")
    return normalize(stripped)


def tokens(text: str) -> list[str]:
    """Folded syllables."""
    return fold(text).split()
