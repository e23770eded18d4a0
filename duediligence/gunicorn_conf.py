"""gunicorn's settings for production: `gunicorn -c duediligence/gunicorn_conf.py duediligence.wsgi`.

Settings can still be given on the command line (they win over this file); what only a file can do is below.
"""

from gunicorn.http import wsgi

# No "Server: gunicorn" banner: it tells a scanner which server and so which flaws to try, and no client needs
# it. gunicorn has no setting for it, so its response class leaves that one default header out.


class _ResponseWithoutBanner(wsgi.Response):
    def default_headers(self) -> list[str]:
        return [header for header in super().default_headers() if not header.startswith("Server:")]


wsgi.Response = _ResponseWithoutBanner

workers = 4
timeout = 60
# A worker that served this many requests is replaced, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
