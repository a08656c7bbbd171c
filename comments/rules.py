"""The comment settings an article's page applies, as plain values kept with the chrome.

Every article view asks whether comments are open and how many levels of replies to show.
The settings row is kept under the chrome key (caching/keys.py: the `site` token, which saving
the settings renews), so a view reads it from the cache the header reads anyway, not with a
query of its own. Kept as three plain values, not the model: nothing to unpickle, and nothing
that could be saved back."""

from dataclasses import dataclass

from caching.keys import kept_for_readers

from .models import CommentSettings


@dataclass(frozen=True)
class CommentRules:
    """The fields of CommentSettings that pages read (CommentSettings.for_page)."""

    close_after_days: int
    hold_first_comments: bool
    display_depth: int

    @classmethod
    def of(cls, chosen):
        return cls(chosen.close_after_days, chosen.hold_first_comments, chosen.display_depth)


def read_rules():
    return CommentRules.of(CommentSettings.load())


def comment_rules(request=None):
    return kept_for_readers("comment-rules", read_rules, request)
