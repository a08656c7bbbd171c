"""Comment URLs, mounted at /comments/. Only what the site uses: xtd's own urls.py would also
mount its REST API (/comments/api/), flagging and liking, which we do not offer. The names
are xtd's and django-contrib-comments', so their model methods and tags still reverse."""

from django.urls import path

from . import views

urlpatterns = [
    path("post/", views.post_comment, name="comments-post-comment"),
    path("reply/<int:cid>/", views.reply, name="comments-xtd-reply"),
    path("sent/<int:page_id>/", views.sent, name="comments-xtd-sent"),
    path("form-data/<int:page_id>/", views.form_data, name="comments-form-data"),
    path("confirm/<str:key>/", views.confirm, name="comments-xtd-confirm"),
    path("mute/<str:key>/", views.mute, name="comments-xtd-mute"),
]
