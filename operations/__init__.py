"""Running the site on one or several hosts: the health URL the proxy probes, the start-up
check a host runs before serving (`manage.py preflight`), dropping every cached page after a
release or a restore (`manage.py invalidate_caches`) and copying media to S3-compatible
storage (`manage.py copy_media`). See docs/deployment.md."""
