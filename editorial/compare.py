"""Blocks whose revision comparison shows what the author chose, not the stored value.

Wagtail compares a choice or a tick box by rendering its raw value ("h2", "tip", "False");
these blocks name the choice the way the editor's form does (「見出し（大）」, 「はい」)."""

from django.utils.html import escape
from django.utils.translation import gettext

from wagtail import blocks
from wagtail.admin.compare import BlockComparison, diff_text


class LabelComparison(BlockComparison):
    def htmlvalue(self, val):
        return escape(self.block.value_label(val))

    def htmldiff(self):
        label = self.block.value_label
        return diff_text(label(self.val_a), label(self.val_b)).to_html()


class LabelledChoiceBlock(blocks.ChoiceBlock):
    # The stored value is the same as a ChoiceBlock's: migrations keep naming that.
    canonical_module_path = "wagtail.blocks.ChoiceBlock"

    def value_label(self, value):
        return str(dict(self.field.choices).get(value, value))

    def get_comparison_class(self):
        return LabelComparison


class LabelledBooleanBlock(blocks.BooleanBlock):
    canonical_module_path = "wagtail.blocks.BooleanBlock"

    def value_label(self, value):
        return gettext("Yes") if value else gettext("No")

    def get_comparison_class(self):
        return LabelComparison
