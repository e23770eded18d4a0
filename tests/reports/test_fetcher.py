"""The renderer loads nothing from outside: no http(s) request, no file outside static/."""

import http.server
import threading

from duediligence.reports.render import html_to_pdf
from tests.reports.conftest import pdf_text


def test_http_and_file_resources_are_never_fetched(tmp_path):
    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::after { content: "FETCHED OVER HTTP"; }')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret = tmp_path / "secret.css"
    secret.write_text('body::before { content: "READ FROM DISK"; }', encoding="utf-8")
    port = server.server_address[1]
    try:
        html = f"""<!DOCTYPE html><html><head>
        <link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
        <link rel="stylesheet" href="file://{secret}">
        </head><body><p>Report body</p><img src="http://127.0.0.1:{port}/pixel.png" alt="">
        <img src="file:///etc/hostname" alt=""></body></html>"""
        text = pdf_text(html_to_pdf(html))
    finally:
        server.shutdown()
    assert "Report body" in text
    assert hits == []
    assert "FETCHED OVER HTTP" not in text and "READ FROM DISK" not in text


def test_data_urls_we_write_still_render():
    html = """<!DOCTYPE html><html><head><style>body::after { content: url("data:text/plain,ok"); }</style></head>
    <body><p>With a data URL</p></body></html>"""
    assert "With a data URL" in pdf_text(html_to_pdf(html))
