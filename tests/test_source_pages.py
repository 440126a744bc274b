"""Fenced code blocks as every hook sees them: where they start, end, and on which line."""

from __future__ import annotations

from hooks.model.pages import fenced_blocks


def blocks(text: str, first_line: int = 1) -> list[tuple[str, str, int]]:
    return [(b.info, b.content, b.content_line) for b in fenced_blocks(text, first_line)]


def test_block_content_info_and_line():
    text = "Intro\n\n```side-effects\ntreatment: x\n```\nAfter\n"
    [block] = fenced_blocks(text, first_line=10)
    assert (block.info, block.content, block.content_line) == ("side-effects", "treatment: x\n", 13)
    assert text[block.start:block.end] == "```side-effects\ntreatment: x\n```\n"


def test_tildes_indents_and_longer_closing_fences():
    text = "  ~~~~ yaml\na\n~~~\nstill inside\n~~~~~\n```\nb\n  ```  \nend"
    assert blocks(text) == [("yaml", "a\n~~~\nstill inside\n", 2), ("", "b\n", 7)]


def test_a_backtick_fence_is_not_closed_by_tildes_or_a_shorter_fence():
    text = "````\n~~~~\n```\n````\n"
    assert blocks(text) == [("", "~~~~\n```\n", 2)]


def test_an_unclosed_fence_runs_to_the_end_and_two_backticks_are_no_fence():
    assert blocks("``not a fence``\n```\nopen\nto the end") == [("", "open\nto the end", 3)]


def test_a_closing_fence_with_text_after_it_does_not_close():
    assert blocks("```\n``` not closed\ncontent\n```") == [("", "``` not closed\ncontent\n", 2)]


def test_windows_line_endings():
    assert blocks("```x\r\na\r\n```\r\nafter") == [("x", "a\r\n", 2)]
