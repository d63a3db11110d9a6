"""`gunicorn bench.wsgi_onepage:app`: the production app with every comment of a 200-comment
thread on one page, for a like-for-like row against FlaskBB's anchor, which shows its 200-post
topic on one page (posts_per_page = 200). The product itself shows 50 a page (reading.PAGE_SIZE).
Benchmark only; nothing else changes.
"""
from community.threads.services import reading

reading.PAGE_SIZE = 200

from wsgi import app  # noqa: E402  (after the page size is set, though it is read per request)

__all__ = ["app"]
