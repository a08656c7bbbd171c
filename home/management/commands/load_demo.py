import datetime
import io

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.images.models import Image

from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import ArticleIndexPage, ArticlePage, Author, Category
from home import demo_content
from home.models import HomePage
from pages.models import ContactFormField, ContactPage, StandardPage

INDEX_SLUG = "articles"
INDEX_TITLE = "記事一覧"
INDEX_INTRO = "仕事の進め方、書くこと、道具のこと。長めの記事をまとめています。"
HOME_INTRO = (
    "フリーランスのソフトウェアエンジニアが、仕事と執筆について考えたことを"
    "じっくり書いていくブログです。"
)


class Command(BaseCommand):
    help = "Load the demo articles. Safe to run again: nothing already there is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has any article (used by `make run`).",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and ArticlePage.objects.exists():
            self.stdout.write("The site already has articles; demo content not loaded.")
            return
        home = HomePage.site_root()
        self._configure_site(home)
        index = self._article_index(home)
        authors = {spec["key"]: self._author(spec) for spec in demo_content.AUTHORS}
        categories = self._categories()
        images = {}
        created = 0
        for spec in demo_content.ARTICLES:
            if ArticlePage.objects.filter(slug=spec["slug"]).exists():
                continue
            self._create_article(index, spec, authors, images, categories)
            created += 1
        self.stdout.write(self.style.SUCCESS(f"Demo content: {created} article(s) added."))
        self._fixed_pages(home)

    def _configure_site(self, home):
        if not home.intro:
            home.intro = HOME_INTRO
            home.save_revision().publish()

    def _article_index(self, home):
        index = ArticleIndexPage.objects.filter(slug=INDEX_SLUG).first()
        if index:
            return index
        index = ArticleIndexPage(
            title=INDEX_TITLE,
            slug=INDEX_SLUG,
            intro=INDEX_INTRO,
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        return index

    def _author(self, spec):
        author, _ = Author.objects.get_or_create(
            slug=spec["key"], defaults={"name": spec["name"], "bio": spec["bio"]}
        )
        return author

    def _image(self, key, images):
        if key not in images:
            spec = demo_content.IMAGES[key]
            images[key] = Image.objects.filter(title=spec["title"]).first() or _draw_image(spec)
        return images[key]

    def _body(self, blocks, images, authors):
        """The demo's keys (image and author names) replaced by the saved objects."""
        body = []
        for block_type, value in blocks:
            if block_type == "image":
                value = {**value, "image": self._image(value["image"], images)}
            elif block_type == "gallery":
                pictures = [
                    {**item, "image": self._image(item["image"], images)}
                    for item in value["images"]
                ]
                value = {**value, "images": pictures}
            elif block_type == "balloon" and value.get("author"):
                value = {**value, "author": authors[value["author"]]}
            body.append((block_type, value))
        return body

    def _categories(self):
        found = {}
        for spec in demo_content.CATEGORIES:
            found[spec["slug"]], _ = Category.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"],
                    "description": spec["description"],
                    "parent": found.get(spec.get("parent")),
                },
            )
        return found

    def _create_article(self, index, spec, authors, images, categories):
        published = timezone.make_aware(
            datetime.datetime.fromisoformat(spec["date"]).replace(hour=9)
        )
        extras = demo_content.ARTICLE_EXTRAS.get(spec["slug"], {})
        page = ArticlePage(
            title=spec["title"],
            slug=spec["slug"],
            lead=spec["lead"],
            author=authors.get(spec["author"]),
            language=spec.get("language", "ja"),
            body=self._body(spec["body"], images, authors),
            first_published_at=published,
            hero_image=self._image(extras["hero"], images) if "hero" in extras else None,
            hero_image_alt=extras.get("hero_alt", ""),
        )
        page.tags.add(*spec["tags"])
        page.categories = [categories[slug] for slug in extras.get("categories", [])]
        index.add_child(instance=page)
        revision = page.save_revision()
        revision.publish()
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=published, last_published_at=published
        )

    def _fixed_pages(self, home):
        for spec in demo_content.FIXED_PAGES:
            if not StandardPage.objects.filter(slug=spec["slug"]).exists():
                fields = {key: spec[key] for key in ("slug", "title", "lead", "show_in_menus")}
                self._publish_under(home, StandardPage(**fields, body=spec["body"]))
        spec = demo_content.CONTACT_PAGE
        if not ContactPage.objects.filter(slug=spec["slug"]).exists():
            keys = ("slug", "title", "intro", "thank_you_text", "subject")
            texts = {key: spec[key] for key in keys}
            page = ContactPage(**texts, show_in_menus=True, to_address=settings.DEFAULT_FROM_EMAIL)
            page.form_fields = [ContactFormField(**field) for field in spec["fields"]]
            self._publish_under(home, page)

    def _publish_under(self, home, page):
        home.add_child(instance=page)
        page.save_revision().publish()


def _draw_image(spec):
    picture = PILImage.new("RGB", (1200, 630), spec["color"])
    draw = ImageDraw.Draw(picture)
    draw.rectangle((60, 60, 1140, 570), outline="white", width=6)
    draw.text((100, 280), spec["label"], fill="white", font_size=64)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    filename = f"demo-{spec['label'].lower().replace(' ', '-')[:40]}.png"
    return Image.objects.create(title=spec["title"], file=ImageFile(buffer, name=filename))
