"""Snippet choosers titled as one Japanese phrase.

Wagtail titles the modal 「選択」 with the model's name beside it as a subtitle, which reads
「選択 著者」; Japanese puts the object first: 「著者を選択」."""

from django.utils.functional import lazy
from django.utils.translation import gettext

from wagtail.snippets.views.chooser import ChooseView, SnippetChooserViewSet


class UntitledModelChooseView(ChooseView):
    page_subtitle = None  # the title names the model already


def _choose_title(verbose_name):
    # Wagtail's own message, which its catalogue translates: 「%(object)sを選択」.
    return gettext("Choose %(object)s") % {"object": verbose_name}


class TitledSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = UntitledModelChooseView

    @property
    def page_title(self):
        # Lazy: the viewset is built once, the title is read in each request's language.
        return lazy(_choose_title, str)(self.model._meta.verbose_name)
