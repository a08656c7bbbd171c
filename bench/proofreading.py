"""Precision and recall of the proofreading rules on the seeded test texts
(tests/fixtures/proofreading/*.md with their *.expected lists).

    DJANGO_SETTINGS_MODULE=blogsite.settings.test .venv/bin/python bench/proofreading.py
"""

from environment import ROOT, setup_django  # bench/environment.py (on sys.path)


def main():
    setup_django("blogsite.settings.test")
    from proofreading.evaluation import score

    scores = score(ROOT / "tests" / "fixtures" / "proofreading")
    total = scores.pop(None)
    for name, one in scores.items():
        print(f"{name}: {one.found} found, {one.seeded} seeded, {one.right} right")
    print(f"precision {total.precision:.3f}  recall {total.recall:.3f}")


if __name__ == "__main__":
    main()
