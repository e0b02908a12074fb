import re

from cards.safe import ELLIPSIS, ZWSP, inert, plain

URL = re.compile(r"(?i)\b(?:https?|ftp)://|\bwww\.|\bmailto:")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def visible(text: str) -> str:
    """What a reader sees once markdown escapes are applied."""
    return re.sub(r"\\(.)", r"\1", text).replace(ZWSP, "")


def test_markdown_link_is_not_a_link_but_reads_the_same():
    out = inert("[klicka här](https://evil.example/login)")
    assert "](" not in out.replace("\\]\\(", "")
    assert not URL.search(out)
    assert visible(out) == "[klicka här](https://evil.example/login)"


def test_bare_urls_and_email_addresses_are_not_clickable():
    out = inert(
        "www.evil.example http://a.example ftp://b.example phish@evil.example mailto:x@y.se"
    )
    assert not URL.search(out)
    assert not EMAIL.search(out)
    assert (
        visible(out)
        == "www.evil.example http://a.example ftp://b.example phish@evil.example mailto:x@y.se"
    )


def test_formatting_and_list_markers_are_escaped():
    out = inert("**fet** _kursiv_ `kod`\n- punkt\n+ punkt\n12. tolv\n# rubrik\n> citat")
    assert "**fet**" not in out and "_kursiv_" not in out and "`kod`" not in out
    lines = out.split("\n")
    assert [line[:2] for line in lines[1:4]] == ["\\-", "\\+", "12"]
    assert lines[3].startswith("12\\.")
    assert lines[4].startswith("\\#")
    assert (
        visible(out).replace("›", ">")
        == "**fet** _kursiv_ `kod`\n- punkt\n+ punkt\n12. tolv\n# rubrik\n> citat"
    )


def test_mentions_and_html_tags_cannot_form():
    out = inert("<at>Alla</at> <b>fet</b> <script>x</script> a < b")
    assert "<" not in out.replace("a < b", "") and ">" not in out
    assert "Alla" in out and "a < b" in out


def test_template_functions_and_expressions_are_broken_up():
    out = inert("{{DATE(2026-01-01T00:00:00Z)}} ${user.name}")
    assert "{{" not in out and "}}" not in out and "${" not in out


def test_bidi_overrides_and_control_characters_go_but_rtl_letters_stay():
    out = inert("fil\u202egpj.exe\x00\x07 שלום مرحبا")
    assert "\u202e" not in out and "\x00" not in out and "\x07" not in out
    assert "שלום" in out and "مرحبا" in out


def test_length_is_bounded_with_an_ellipsis_without_splitting_an_emoji_sequence():
    out = inert("å" * 5000, limit=100)
    assert len(out) == 100 and out.endswith(ELLIPSIS)
    family = "👩\u200d👩\u200d👧"
    cut = inert("x" * 5 + family, limit=8)
    assert not cut.rstrip(ELLIPSIS).endswith("\u200d")


def test_plain_keeps_markdown_but_not_controls():
    assert plain("**a** [b](c)\x00") == "**a** [b](c)"
    assert plain(None) == ""
    assert plain(12) == "12"
    assert len(plain("a" * 50, limit=10)) == 10


def test_ordinary_swedish_text_is_left_readable():
    text = "Ett mejl om ärendet skickades till fel mottagare kl. 14.30, 3 personer berörs."
    assert visible(inert(text)) == text


def test_caption_is_plain_text_without_tags():
    from cards.safe import caption

    assert caption("**Anna** <at>Alla</at>\x00") == "**Anna** ‹at›Alla‹/at›"
