"""Vietnamese text folding: one function used for indexing, querying and matching.

People type "tho han" for "thợ hàn" and "Dai Loan" for "Đài Loan". Unicode
decomposition strips tone and vowel marks but leaves đ alone, so đ gets an
explicit rule. Old and new tone placement (thuỷ / thủy, hoà / hòa) differ only
in where the mark sits: ``fold`` drops every mark so both fold alike, and
``normalize`` (which keeps the marks, for the exact field) moves the tone mark
to one canonical place.

Abbreviations that job ads and jobseekers use (XKLĐ, CN, KCN, LĐPT, ...) are
expanded by ``expand`` on both the document and the query side, so "XKLĐ Nhật"
and "xuất khẩu lao động Nhật" search alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["ABBREVIATIONS", "PAIR_JOIN", "expand", "fold", "fold_tokens", "normalize", "pairs", "spellings", "tokens", "unique_tokens"]

_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")

# The five tone marks as combining characters (grave, acute, hook, tilde, dot below).
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
# Vowel-quality marks stay on their letter: breve, circumflex, horn.
_VOWELS = set("aeiouy")
_QUALITY = {"\u0306", "\u0302", "\u031b"}

# Folded abbreviation → folded expansion. Keys are whole tokens after folding.
ABBREVIATIONS: dict[str, str] = {
    "xkld": "xuat khau lao dong",
    "xk": "xuat khau",
    "ld": "lao dong",
    "ldpt": "lao dong pho thong",
    "cn": "cong nhan",
    "kcn": "khu cong nghiep",
    "kkt": "khu kinh te",
    "tts": "thuc tap sinh",
    "ktv": "ky thuat vien",
    "nv": "nhan vien",
    "kdd": "ky nang dac dinh",
    "sx": "san xuat",
    "cnc": "cong nghe cao",
    "tp": "thanh pho",
    "tx": "thi xa",
    "hcm": "ho chi minh",
    "oto": "o to",
    "ht": "ha tinh",
}


def _retone_syllable(syl: str) -> str:
    """Place the tone mark of one NFD syllable on its canonical vowel (new-style rules)."""
    tone = next((ch for ch in syl if ch in _TONES), None)
    if tone is None:
        return syl
    bare = "".join(ch for ch in syl if ch not in _TONES)
    # Group base letters with their quality marks: [(letter, marks), ...]
    letters: list[list[str]] = []
    for ch in bare:
        if unicodedata.combining(ch) and letters:
            letters[-1][1] += ch
        else:
            letters.append([ch, ""])
    vowel_idx = [i for i, (ch, _m) in enumerate(letters) if ch.lower() in _VOWELS]
    if not vowel_idx:
        return syl
    # "qu" and "gi" before another vowel: the u / i belongs to the consonant.
    first = vowel_idx[0]
    if len(vowel_idx) > 1 and first > 0:
        onset = letters[first - 1][0].lower() + letters[first][0].lower()
        if onset in ("qu", "gi"):
            vowel_idx = vowel_idx[1:]
    # The vowel nucleus is the contiguous run starting at the first vowel.
    run = [vowel_idx[0]]
    for i in vowel_idx[1:]:
        if i == run[-1] + 1:
            run.append(i)
    marked = [i for i in run if letters[i][1] and any(m in _QUALITY for m in letters[i][1])]
    if marked:
        target = marked[-1]  # ươ → on ơ
    elif len(run) == 1:
        target = run[0]
    elif run[-1] < len(letters) - 1:
        target = run[-1]  # closed syllable: toàn, thuyền
    elif len(run) == 3:
        target = run[1]  # oai, uya
    else:
        pair = letters[run[0]][0].lower() + letters[run[1]][0].lower()
        target = run[1] if pair in ("oa", "oe", "uy") else run[0]
    letters[target][1] += tone
    out = "".join(ch + marks for ch, marks in letters)
    return out


def spellings(word: str) -> set[str]:
    """Every way of writing ``word`` (lower case, NFC) that ``normalize`` reads as the same
    word: the tone mark on each of its vowels, where the old and new rules allow it
    ("hoà" and "hòa", "thuỷ" and "thủy"). For matching the marks as typed in stored text
    without normalising that text."""
    canonical = normalize(word)
    out = {canonical, unicodedata.normalize("NFC", (word or "").lower())}
    nfd = unicodedata.normalize("NFD", canonical)
    tone = next((ch for ch in nfd if ch in _TONES), None)
    if tone is None or " " in canonical:
        return out
    bare = [ch for ch in nfd if ch not in _TONES]
    for i, ch in enumerate(bare):
        if ch not in _VOWELS:
            continue
        j = i + 1  # after the vowel's quality marks, where NFC composes them
        while j < len(bare) and bare[j] in _QUALITY:
            j += 1
        candidate = unicodedata.normalize("NFC", "".join([*bare[:j], tone, *bare[j:]]))
        if normalize(candidate) == canonical:
            out.add(candidate)
    return out


def normalize(text: str) -> str:
    """NFC, lower case, canonical tone placement, punctuation to spaces: keeps the marks."""
    text = unicodedata.normalize("NFC", text or "").lower()
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return " ".join(_normalize_syllable(s) for s in text.split())


@lru_cache(maxsize=200_000)
def _normalize_syllable(syllable: str) -> str:
    # A language has a few thousand syllables: caching makes indexing several times faster.
    return unicodedata.normalize("NFC", _retone_syllable(unicodedata.normalize("NFD", syllable)))


def fold(text: str) -> str:
    """Lower case, no tone or vowel marks, đ → d, punctuation and spaces normalised."""
    return " ".join(filter(None, (_fold_word(w) for w in (text or "").split())))


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", word).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "d")
    stripped = _PUNCT.sub(" ", stripped).replace("_", " ")
    return _SPACES.sub(" ", stripped).strip()


def expand(folded: str) -> str:
    """Expand known abbreviations in already folded text (token by token)."""
    return " ".join(ABBREVIATIONS.get(t, t) for t in folded.split())


def tokens(text: str) -> list[str]:
    """Folded syllables."""
    return fold(text).split()


def fold_tokens(text: str) -> list[str]:
    """Folded syllables with abbreviations expanded: what both backends index and search."""
    return expand(fold(text)).split()


# Joins two neighbouring syllables into one token ("cong_nhan"); folded text never holds it.
PAIR_JOIN = "_"


def pairs(folded: str) -> str:
    """Neighbouring syllables of folded text as single tokens: "cong nhan may" → "cong_nhan nhan_may".

    Vietnamese words are mostly two syllables, and single syllables ("cong", "nhan") are in
    a large share of all documents; a pair is one far shorter posting list.
    """
    words = folded.split()
    return " ".join(a + PAIR_JOIN + b for a, b in zip(words, words[1:], strict=False))


def unique_tokens(parts: Iterable[str]) -> str:
    """The space-separated tokens of ``parts`` joined, each once, in first-seen order.

    For the pair columns: a profile whose title is repeated in its occupation name would
    otherwise carry "cong_nhan" three times, which costs index space and says nothing more.
    """
    return " ".join(dict.fromkeys(t for part in parts for t in part.split()))

