from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm


class TranslatedLoginForm(LoginForm):
    """Wagtail's login form gives the password field no label, so Django shows the field
    name, "Password", untranslated: the one English word left on the Japanese login page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
