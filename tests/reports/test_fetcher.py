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


def embedded_files(pdf: bytes) -> list[bytes]:
    """Every file the PDF carries: document attachments and those of attachment links."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = [data for values in reader.attachments.values() for data in values]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/FS" in annotation:
                found.append(annotation["/FS"].get_object()["/EF"]["/F"].get_object().get_data())
    return found


def test_paths_out_of_static_are_refused_however_they_are_spelled(tmp_path, monkeypatch):
    import pytest

    from duediligence.reports import render

    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "ok.css").write_text("p { color: black; }", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-BYTES", encoding="utf-8")
    (static / "out").symlink_to(tmp_path, target_is_directory=True)
    (static / "secret-link.txt").symlink_to(secret)
    # A folder really named "%2e%2e": a double-encoded path is decoded once, to it, never on to "..".
    (static / "%2e%2e").mkdir()
    (static / "%2e%2e" / "inside.txt").write_text("INSIDE", encoding="utf-8")
    monkeypatch.setattr(render, "STATIC_ROOT_DIR", static.resolve())
    fetch = render._fetcher().fetch
    refused = [
        f"file://{static}/%2e%2e/secret.txt",
        f"file://{static}/%2E%2E/secret.txt",
        f"file://{static}/css/%2e%2e%2f%2e%2e%2fsecret.txt",
        f"file://{static}/..%2fsecret.txt",
        f"file://{static}/%252e%252e/secret.txt",
        f"file://{static}/out/secret.txt",
        f"file://{static}/secret-link.txt",
        f"file://localhost{static}/%2e%2e/secret.txt",
        f"file://other.example{static}/css/ok.css",
        f"file://{static}/css/ok.css%00.png",
        f"file://{static}/css",
        "file:///etc/hostname",
        f"file:{static}/%2e%2e/secret.txt",
        f"FILE://{static}/%2e%2e/secret.txt",
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetch(url)
    assert fetch(f"file://{static}/css/ok.css").read() == b"p { color: black; }"
    assert fetch(f"file://localhost{static}/css/%6fk.css").read() == b"p { color: black; }"
    assert fetch(f"file://{static}/%252e%252e/inside.txt").read() == b"INSIDE"
    links = "".join(f'<a rel="attachment" href="{url}">a</a>' for url in refused)
    heads = "".join(f'<link rel="attachment" href="{url}">' for url in refused)
    pdf = html_to_pdf(f"<!DOCTYPE html><html><head>{heads}</head><body><p>Report</p>{links}</body></html>")
    assert not any(b"SECRET" in data for data in embedded_files(pdf))
    assert "Report" in pdf_text(pdf)
