"""The article editor's form: Wagtail's page form with the rule that ties the primary category
to the categories ticked."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        primary = cleaned_data.get("primary_category")
        categories = cleaned_data.get("categories")
        if primary is not None and categories is not None and primary not in categories:
            if "primary_category" not in self.changed_data:
                # Filled in by the site (the first category), never picked: it follows the
                # categories ticked now instead of refusing the editor's change.
                cleaned_data["primary_category"] = None
                return cleaned_data
            self.add_error(
                "primary_category",
                _("Choose one of the categories ticked above as the primary category."),
            )
        return cleaned_data
