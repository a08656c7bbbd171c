"""The Markdown editor's options script goes right after EasyMDE itself and before
wagtail-markdown's scripts that attach the editor (articles/widgets.py)."""

import re

from articles.widgets import ATTACH_SCRIPT, EDITOR_SCRIPT, OfflineMarkdownTextarea


def test_the_options_load_after_easymde_and_before_the_editor_attaches():
    scripts = OfflineMarkdownTextarea().media.render_js()
    names = [re.search(r'src="[^"]*/([^/"?]+)', script).group(1) for script in scripts]
    assert names == [
        "easymde.min.js",
        "markdown-editor-options.js",
        "easymde.attach.js",
        "easymde-controller.js",
    ]


def test_wagtail_markdown_still_ships_the_scripts_named_here():
    from wagtailmarkdown.widgets import MarkdownTextarea

    upstream = str(MarkdownTextarea().media)
    assert EDITOR_SCRIPT in upstream and ATTACH_SCRIPT in upstream
    assert str(OfflineMarkdownTextarea().media).count("<link") == upstream.count("<link")
