vcl 4.1;
# Varnish in front of gunicorn (docs/performance.md). It keeps what the application marks as
# shareable (Cache-Control: s-maxage, set by caching/middleware.py for anonymous pages) and
# static files, and drops what the application purges through Wagtail's frontend cache, by the
# same rule as its own cache (caching/purge.py): a comment confirmed, approved, hidden or
# removed purges its article's address and those of the listings that show its card (every
# ?page= of them); a publication, an expiry or a settings change purges the whole site (the
# address /.purge-all). Tracking parameters (utm_*, fbclid, gclid…) are dropped from the
# address before it is looked up, as the application's cache ignores them.
#
# Debian 12: apt-get install varnish; copy this file to /etc/varnish/default.vcl; the packaged
# service listens on :6081 with 256 MB of memory. Put TLS (nginx) in front of it, passing Host
# and X-Forwarded-Proto, and set FRONTEND_CACHE_URL=http://127.0.0.1:6081 for the application.
# Varnish adds itself to X-Forwarded-For: count it in TRUSTED_PROXY_COUNT.

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

# Who may purge: the application's servers. With several (docs/deployment.md), add their
# addresses here, declare one backend each and spread requests with a round-robin director
# (import directors; new in vcl_init, set req.backend_hint in vcl_recv).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
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
    # documents, nor anyone with a session (logged in, previews), messages or a chosen language.
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
