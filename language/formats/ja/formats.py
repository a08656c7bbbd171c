# Django's Japanese formats, with a space between the date and the time: 「2026年12月5日 2:42」
# rather than 「2026年12月5日2:42」, which reads as one number run.
from django.conf.locale.ja.formats import *  # noqa: F403

DATETIME_FORMAT = "Y年n月j日 G:i"
