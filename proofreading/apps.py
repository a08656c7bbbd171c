from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProofreadingConfig(AppConfig):
    """文章校正: Japanese prose checks shown beside the editor, never blocking publication."""

    name = "proofreading"
    verbose_name = _("Proofreading")
