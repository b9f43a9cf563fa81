"""An HTTP endpoint on 127.0.0.1 that answers each request with the next body it was given.

For what botocore's Stubber refuses to queue (an error whose fields have the wrong
type): a real botocore client sends a real request, and botocore's own parser reads
the crafted answer, as it would read one from an endpoint that misbehaves.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# What ECR's JSON protocol answers with.
CONTENT_TYPE = "application/x-amz-json-1.1"
REQUEST_ID = "5e0c7c47-7a4b-4b0e-9a43-3d0f7a9d2c11"


class Endpoint:
    """Queued answers, served in order; ``url`` is the endpoint to hand a client."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.answers: deque[tuple[int, bytes, dict[str, str]]] = deque()

    def answer(self, body: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        """Queue a JSON document (or raw bytes) as the next answer."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.answers.append((status, data, headers or {}))

    def error(self, code: str, body: dict[str, Any], status: int = 400) -> None:
        """Queue an error answer as ECR words one: the code in ``__type``, the fields beside it."""
        self.answer({"__type": code, **body}, status, {"x-amzn-ErrorType": code})


@contextmanager
def crafted_endpoint() -> Iterator[Endpoint]:
    endpoint: Endpoint

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, data, headers = endpoint.answers.popleft()
            self.send_response(status)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", REQUEST_ID)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    endpoint = Endpoint(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


CLIENT_SETTINGS: dict[str, Any] = {
    "region_name": "us-east-1",
    "aws_access_key_id": "crafted",
    "aws_secret_access_key": "crafted",
}
"""What a client of the crafted endpoint needs besides ``endpoint_url`` and ``config``."""
