"""The dashboards as a person uses them: JupyterLab on 127.0.0.1, headless Chromium, real clicks and keys.

Run: `nice -n 15 .venv/bin/python -m pytest tests/test_browser_dashboards.py -q`. Screenshots and the server log go
to tests/artifacts/<test name>/. Without /usr/bin/chromium the tests skip with a loud reason, except under CI
(env CI or AVF_CI set), where they fail. Harness: tests/browser.py.
"""
import functools, http.server, pathlib, threading

import pytest

from browser import (ROOT, artifact_dir, chromium, jupyterlab, open_notebook, run_all_cells, screenshot,
                     wait_image_loaded)


@pytest.fixture
def local_site(tmp_path):
    "A static HTTP server on 127.0.0.1 (a thread) serving a page with one local and one remote image."
    site = tmp_path/"site"; site.mkdir()
    (site/"dot.png").write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf"
        "c0f01f0005000201a6d2a4a50000000049454e44ae426082"))
    (site/"index.html").write_text('<html><body><img id="local" src="dot.png">'
                                   '<img id="remote" src="https://cdn.example.com/logo.png"></body></html>')
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try: yield f"http://127.0.0.1:{server.server_address[1]}"
    finally: server.shutdown(); server.server_close()


def test_chromium_blocks_and_records_non_local_requests(tmp_path, local_site):
    "The harness itself: local requests pass, every request to another host is aborted and recorded."
    art = artifact_dir("test_chromium_blocks_and_records_non_local_requests")
    with chromium(tmp_path) as ctx:
        page = ctx.new_page()
        page.goto(f"{local_site}/index.html")
        wait_image_loaded(page, "#local")
        page.wait_for_function("() => document.querySelector('#remote').complete")
        assert page.eval_on_selector("#remote", "i => i.naturalWidth") == 0
        screenshot(page, art, "page")
        assert ctx.blocked_requests == ["https://cdn.example.com/logo.png"]
        assert any("ERR_BLOCKED_BY_CLIENT" in e for e in ctx.console_errors), ctx.console_errors
