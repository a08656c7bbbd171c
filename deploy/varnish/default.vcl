vcl 4.1;
# Varnish in front of gunicorn on one or several application hosts (docs/performance.md,
# docs/deployment.md). It keeps what the application marks as shareable (Cache-Control:
# s-maxage, set by caching/middleware.py for anonymous pages) and static files, and drops what
# the application purges through Wagtail's frontend cache, by the same rule as its own cache
# (caching/purge.py): a comment confirmed, approved, hidden or removed purges its article's
# address and those of the listings that show its card (every ?page= of them); a publication,
# an expiry or a settings change purges the whole site (the address /.purge-all). Tracking
# parameters (utm_*, fbclid, gclid…) are dropped from the address before it is looked up, as
# the application's cache ignores them.
#
# This file is for one application host on 127.0.0.1:8000. For several, generate it with
# their addresses (the backends, the director and the `purgers` ACL are the only difference):
#   scripts/varnish-vcl --backend 10.0.0.11:8000 --backend 10.0.0.12:8000 > /etc/varnish/default.vcl
# Every application host must be in `purgers` (the generator puts the backends' addresses
# there; add others with --purger): `manage.py preflight` refuses to start a host whose purges
# are refused. Each host is probed at /healthz (operations/health.py: no Host needed, checks
# the database) every second: out after 2 failed probes of 3, back after 2 good ones. A GET that
# fails on a host going down is retried on the next one, so readers see no error.
#
# Debian 12: apt-get install varnish; copy this file to /etc/varnish/default.vcl; the packaged
# service listens on :6081 with 256 MB of memory. Put TLS (nginx) in front of it, passing Host
# and X-Forwarded-Proto, and set FRONTEND_CACHE_URL=http://<varnish>:6081 for the application.
# Varnish adds itself to X-Forwarded-For: count it in TRUSTED_PROXY_COUNT.

import directors;

probe healthz {
    .url = "/healthz";
    .expected_response = 200;
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# --- backends, director and purgers (scripts/varnish-vcl writes this part) ---
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
}

acl purgers {
    "127.0.0.1";
    "::1";
}
# --- end of backends ---

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Bans are lazy: cheap. One address is banned with every query string it was kept with.
        if (req.url == "/.purge-all") {
            ban("obj.status != 0");
        } else {
            ban("obj.http.X-Path == " + regsub(req.url, "\?.*$", ""));
        }
        return (synth(200, "Purged"));
    }
    # Tracking parameters change nothing on a page: one object with or without them.
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|ref_src|li_fat_id)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|ref_src|li_fat_id)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The same rules as the application's cache: never the admin, comments, search or
    # documents, nor anyone with a session (logged in, previews), messages or a chosen language
    # (the django_language cookie). ?hl= is part of the address, and Accept-Language is in the
    # application's Vary: each language has its own object, never served to another.
    if (req.url ~ "^/(admin|comments|search|documents)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages|django_language)=") {
        return (pass);
    }
    # Other cookies (csrftoken, analytics) change nothing on a page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_error {
    # A host that went down before its probes noticed: the next host answers (GET and HEAD
    # only; a POST may have been done and is not repeated).
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_backend_response {
    # Only what the application says may be shared, and static files (WhiteNoise's lifetimes).
    if (beresp.http.Cache-Control !~ "s-maxage" && bereq.url !~ "^/static/") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # What a purge of one address matches, whatever its query string (removed before delivery).
    set beresp.http.X-Path = regsub(bereq.url, "\?.*$", "");
    # Varnish's built-in rules follow (no Set-Cookie, no private/no-store, TTL from s-maxage).
}

sub vcl_deliver {
    unset resp.http.X-Path;
    # Only this cache is purged: browsers and caches further out get no s-maxage to keep by.
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, ",?\s*s-maxage=\d+", "");
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
