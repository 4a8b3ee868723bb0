"""Template filters shared by every app's pages."""

from __future__ import annotations

from django.utils import translation

from grizha.core.templatetags.grizha import lang_marked


def test_bulgarian_passages_on_an_english_page_are_marked_with_their_language() -> None:
    with translation.override("en"):
        marked = lang_marked("The decision of ТЕЛК or НЕЛК calls it “чужда помощ”.")
    assert marked == (
        'The decision of <span lang="bg">ТЕЛК</span> or <span lang="bg">НЕЛК</span> calls it '
        '“<span lang="bg">чужда помощ</span>”.'
    )


def test_a_bulgarian_page_is_left_as_it_is() -> None:
    with translation.override("bg"):
        assert lang_marked("Решение на ТЕЛК") == "Решение на ТЕЛК"


def test_the_text_is_escaped_before_it_is_marked() -> None:
    with translation.override("en"):
        assert lang_marked('<b title="x">ТЕЛК</b> & co') == (
            '&lt;b title=&quot;x&quot;&gt;<span lang="bg">ТЕЛК</span>&lt;/b&gt; &amp; co'
        )
