from django.urls import path

from . import views

urlpatterns = [
    path("<int:page_id>/<slug:digest>.png", views.share_image, name="share_image"),
]
