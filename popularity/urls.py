from django.urls import path

from . import views

app_name = "popularity"
urlpatterns = [path("view/", views.view_beacon, name="view")]
