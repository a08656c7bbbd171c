"""Wagtail's users screens with names in Japanese order (山田 花子), through the documented way
of customising them: an app config in place of wagtail.users (editorial.apps.UsersConfig)
naming this user viewset.

Without a custom user model, Django's `get_full_name()` puts the given name first, and most of
Wagtail's screens call it; these are the ones Wagtail lets a project replace. The others are
listed in docs/architecture.md.
"""

from django.utils.functional import cached_property

from wagtail.users.views import users as wagtail_users

from .people import display_name


class IndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if column.name == "name":  # sorted by last_name, first_name already: 姓 名
                column.accessor = display_name
        return columns


class EditView(wagtail_users.EditView):
    def get_page_subtitle(self):
        return display_name(self.object)


class HistoryView(wagtail_users.HistoryView):
    def get_page_subtitle(self):
        return display_name(self.object)


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    edit_view_class = EditView
    history_view_class = HistoryView
