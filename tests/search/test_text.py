"""Folding: property tests over the whole Vietnamese alphabet, plus the cases people type."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from search.query import highlight, query_terms, snippet
from search.text import expand, fold, fold_tokens, normalize, spellings

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LETTERS = "bcdđghklmnpqrstvx"
# Every Vietnamese letter in both cases, with every tone, composed and decomposed.
ALPHABET = sorted(
    {unicodedata.normalize(form, v + t) for v in VOWELS for t in TONES for form in ("NFC", "NFD")}
    | set(LETTERS)
)
ALPHABET += [c.upper() for c in ALPHABET]
vietnamese = st.lists(st.sampled_from([*ALPHABET, " ", ",", ".", "-", "/", "(", ")", "\t"]), max_size=60).map(
    "".join
)


@given(vietnamese)
def test_fold_is_idempotent_and_plain(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.lower().strip()
    assert all(c.isascii() for c in once), once
    assert "  " not in once


@given(st.text(max_size=80))
def test_fold_is_idempotent_on_any_text(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(vietnamese)
def test_normalize_keeps_letters_and_folds_alike(text: str) -> None:
    assert fold(normalize(text)) == fold(text)
    assert normalize(normalize(text)) == normalize(text)
    assert normalize(unicodedata.normalize("NFD", text)) == normalize(unicodedata.normalize("NFC", text))


@given(st.sampled_from(VOWELS), st.sampled_from(TONES))
def test_each_vowel_with_each_tone_folds_to_its_base(vowel: str, tone: str) -> None:
    base = unicodedata.normalize("NFD", vowel)[0]
    assert fold(unicodedata.normalize("NFC", vowel + tone)) == base
    assert fold(unicodedata.normalize("NFC", (vowel + tone).upper())) == base


def test_examples_people_type() -> None:
    assert fold("Thợ hàn") == "tho han"
    assert fold("ĐÀI LOAN") == fold("Đài Loan") == "dai loan"
    assert fold("Kỹ thuật viên  hàn—điện!") == "ky thuat vien han dien"
    assert fold("Khuỷu") == "khuyu"  # two marks on one letter: ỷ


def test_old_and_new_tone_placement_are_the_same() -> None:
    for old, new in [("thuỷ", "thủy"), ("hoà", "hòa"), ("hoá", "hóa"), ("khoẻ", "khỏe"), ("quý", "quý")]:
        assert normalize(old) == normalize(new)
        assert fold(old) == fold(new)
    assert normalize("Thủy sản") == normalize("THUỶ SẢN")


def test_spellings_cover_both_tone_placements() -> None:
    for old, new in [("thuỷ", "thủy"), ("hoà", "hòa"), ("khoẻ", "khỏe")]:
        assert {old, new} <= spellings(old) == spellings(new)
    assert spellings("bán") == {"bán"}  # one vowel, one place for the mark
    assert "bàn" not in spellings("bán")  # another word, not another spelling


@given(st.lists(st.sampled_from([a for a in ALPHABET if a.strip()]), min_size=1, max_size=6).map("".join))
def test_every_spelling_reads_as_the_word(word: str) -> None:
    forms = spellings(word)
    assert normalize(word) in forms
    assert all(normalize(f) == normalize(word) for f in forms)


def test_abbreviations() -> None:
    assert fold_tokens("XKLĐ Nhật") == ["xuat", "khau", "lao", "dong", "nhat"]
    assert expand("cn kcn") == "cong nhan khu cong nghiep"
    assert fold_tokens("LĐPT") == ["lao", "dong", "pho", "thong"]
    assert query_terms("tuyển dụng thợ hàn") == ["tho", "han"]
    assert query_terms("tuyển dụng") == ["tuyen", "dung"]  # nothing else left: keep it


def test_highlight_escapes_and_marks_folded_matches() -> None:
    out = highlight("Thợ hàn <b>giỏi</b>", {"han"})
    assert out == "Thợ <mark>hàn</mark> &lt;b&gt;giỏi&lt;/b&gt;"
    long = "Mô tả dài. " * 40 + "Cần thợ hàn TIG."
    assert "<mark>hàn</mark>" in snippet(long, {"han"})
