"""One TLS context per process for the bots' HTTP clients: reading the system's CA store
takes ≈ 50 ms, which every send, poll and fetch paid again for a client of its own."""

from __future__ import annotations

import ssl
from functools import cache

import httpx


@cache
def client_context() -> ssl.SSLContext:
    """httpx's default verifying context (the system's or SSL_CERT_FILE's CA store), shared."""
    return httpx.create_ssl_context()
