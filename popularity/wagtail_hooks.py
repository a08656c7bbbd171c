from wagtail import hooks

from .panels import PopularArticlesPanel


@hooks.register("construct_homepage_panels")
def add_popular_articles_panel(request, panels):
    panels.append(PopularArticlesPanel())
