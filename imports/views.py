"""The admin's 「インポート」 view: Markdown in, a draft article out (its edit page next)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from articles.models import ArticleIndexPage, ArticlePage

from .forms import MarkdownImportForm
from .markdown import import_markdown
from .pages import ImportProblem
from .report import Report

MAX_MESSAGES = 15  # more would bury the edit page; the rest is summarised


def addable_indexes(user):
    """The article lists where `user` may add an article."""
    allowed = [
        index.pk
        for index in ArticleIndexPage.objects.order_by("path")
        if ArticlePage.can_create_at(index) and index.permissions_for_user(user).can_add_subpage()
    ]
    return ArticleIndexPage.objects.filter(pk__in=allowed).order_by("path")


def can_import(user):
    return addable_indexes(user).exists()


class MarkdownImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "imports/import_form.html"
    form_class = MarkdownImportForm
    page_title = gettext_lazy("Import")
    page_subtitle = gettext_lazy("Markdown → article")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        self.indexes = addable_indexes(request.user)
        if not self.indexes.exists():
            # A real 403: raising PermissionDenied here would make Wagtail redirect to the
            # dashboard with a message, which hides the refusal from scripts and tests.
            return TemplateResponse(
                request,
                "imports/forbidden.html",
                {"page_title": _("Import")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indexes": self.indexes}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("imports_markdown")
        context["submit_button_label"] = _("Import as a draft")
        context["submit_button_active_label"] = _("Importing…")
        return context

    def form_valid(self, form):
        report = Report()
        for warning in form.warnings:
            report.warn(warning)
        try:
            page = import_markdown(
                form.cleaned_data["markdown"],
                form.cleaned_data["index"],
                report=report,
                default_title=form.default_title,
                owner=self.request.user,
                user=self.request.user,
            )
        except ImportProblem as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        self._show_report(page, report)
        return redirect("wagtailadmin_pages:edit", page.pk)

    def _show_report(self, page, report):
        messages.success(
            self.request,
            _("“%(title)s” was imported as a draft. Check it, then publish.")
            % {"title": page.title},
        )
        shown = 0
        for level, lines in ((messages.WARNING, report.warnings), (messages.INFO, report.notes)):
            for line in lines:
                if shown < MAX_MESSAGES:
                    messages.add_message(self.request, level, line)
                shown += 1
        if shown > MAX_MESSAGES:
            messages.info(
                self.request,
                _("…and %(count)d more notes.") % {"count": shown - MAX_MESSAGES},
            )
