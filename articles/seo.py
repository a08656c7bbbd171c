"""What search engines and link previews learn about an article."""

from django.utils.html import strip_tags


def blog_posting(page, request, image_url="", site_name=""):
    """schema.org BlogPosting for an article page, as a dict ready for JSON-LD."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": page.title[:110],
        "description": strip_tags(page.search_description or page.lead),
        "mainEntityOfPage": page.get_full_url(request),
        "url": page.get_full_url(request),
        "inLanguage": page.language,
        "datePublished": page.published_date.isoformat(),
        "keywords": [tag.name for tag in page.tag_list],
    }
    modified = page.last_published_at or page.latest_revision_created_at
    data["dateModified"] = modified.isoformat() if modified else data["datePublished"]
    category = page.primary_category_or_first
    if category is not None:
        data["articleSection"] = category.name
    if page.author:
        data["author"] = {"@type": "Person", "name": page.author.name}
    if image_url:
        data["image"] = [image_url]
    if site_name:
        data["publisher"] = {"@type": "Organization", "name": site_name}
    return data
