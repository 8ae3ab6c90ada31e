"""The documentation site, checked as a reader would: built offline (.ci/docs/build.py --fast), served on 127.0.0.1,
every page visited in headless Chromium (no console error, no broken internal link or anchor, every image loaded,
no request to another host), the API reference complete, README.md and the landing page saying the same thing.

The site is built from the notebooks' committed outputs (--fast): executing every notebook takes minutes (see
.ci/docs/build.py --help and the README), and the outputs are what nbdev_test/sync-check already keep honest.
Screenshots: tests/artifacts/test_docs_site/.
"""
import ast, functools, html, http.server, json, os, pathlib, re, subprocess, sys, threading, time, urllib.parse

import pytest
from docutils.nodes import make_id

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from browser import artifact_dir, chromium, require_chromium  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT/".ci"/"docs"/"build.py"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    "The site built into a temp folder from the committed outputs; (site folder, build report)."
    base = tmp_path_factory.mktemp("docs")
    t = time.time()
    r = subprocess.run([sys.executable, str(BUILD), "--fast", "--out", str(base/"site"), "--work", str(base/"work")],
                       capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, MPLBACKEND="Agg"))
    assert r.returncode == 0, f"docs build failed:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}"
    report = json.loads((base/"work"/"build.json").read_text())
    print(f"docs build (--fast): {time.time() - t:.1f} s {report['timing']}")
    return base/"site", report


@pytest.fixture(scope="module")
def served(site):
    "The site on http://127.0.0.1:<free port>/ (a ThreadingHTTPServer in a thread); its base URL."
    folder, _ = site

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True); thread.start()
    try: yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally: server.shutdown(); server.server_close()


def _ids(path: pathlib.Path) -> set:
    return set(re.findall(r'\sid="([^"]+)"', path.read_text(errors="replace")))


def _module_sources() -> dict:
    "module -> (its __all__, the functions/classes it defines, the notebook it is generated from)."
    out = {}
    for py in sorted((ROOT/"avfusion_viz").glob("*.py")):
        text = py.read_text()
        m = re.search(r"File to edit: \.\./(nbs/\S+\.ipynb)", text[:400])
        if not m: continue
        tree = ast.parse(text)
        names = next((ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                      and any(getattr(t, "id", None) == "__all__" for t in n.targets)), [])
        defs = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
        out[py.stem] = (list(names), defs, m.group(1))
    return out


def test_every_exported_name_is_documented(site):
    folder, report = site
    api = (folder/"api.html").read_text()
    api_text = html.unescape(re.sub(r"<[^>]+>", "", api))
    modules = _module_sources()
    assert len(modules) >= 10, modules.keys()
    missing, no_entry = [], []
    for mod, (names, defs, nb) in modules.items():
        page = report["pages"][nb]
        ids, page_html = _ids(folder/f"{page}.html"), (folder/f"{page}.html").read_text()
        for name in names:
            if not re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", api_text): missing.append(f"{mod}.{name}")
            if name in defs:   # a function/class: nbdev's show_doc entry (heading + signature + docstring) on its page
                if make_id(name) not in ids:
                    no_entry.append(f"{mod}.{name} (on {page}.html)")
    assert not missing, f"exported names absent from the API reference: {missing}"
    assert not no_entry, f"exported functions/classes without a show_doc entry on their page: {no_entry}"


def _inline(text: str) -> str:
    "Markdown inline text → plain text (link/image text kept, emphasis and code marks dropped), spaces collapsed."
    t = re.sub(r"^\s*(?:#+|>|[-*+]|\d+\.)\s+", "", text, flags=re.M)
    t = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", t)
    t = re.sub(r"[`*]", "", html.unescape(t))
    return " ".join(t.split())


def _markdown_blocks(text: str) -> list:
    "README.md's prose blocks (paragraphs, list items, headings, table rows) as plain text; code blocks left out."
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^!\[[^\]]*\]\([^)]*\)\s*$", "", text, flags=re.M)   # pictures: compared as files (the newcomer test)
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        lines = [l for l in block.splitlines() if l.strip()]
        if lines and all(l.lstrip().startswith("|") for l in lines):   # a table: one block per row
            blocks += [_inline(" ".join(c.strip() for c in l.strip().strip("|").split("|")))
                       for l in lines if not re.fullmatch(r"[|\s:-]+", l)]
        else: blocks += [_inline(item) for item in re.split(r"\n(?=\s*(?:[-*+]|\d+\.)\s)", block)]
    return [b for b in blocks if len(b) > 3]


def _html_blocks(article: str) -> list:
    "The landing page's prose blocks (p, li, h1-h3, table rows) as plain text."
    article = re.sub(r'<a class="headerlink".*?</a>', "", article, flags=re.S)
    article = re.sub(r'<div class="cell_input.*?</div>\s*</div>', "", article, flags=re.S)   # code shown as code
    def text(h): return " ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
    blocks = [text(m.group(2)) for m in re.finditer(r"<(p|li|h1|h2|h3)\b[^>]*>(.*?)</\1>", article, flags=re.S)]
    blocks += [" ".join(text(c) for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row, flags=re.S))
               for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", article, flags=re.S)]
    return [b for b in blocks if len(b) > 3]


def _squash(text: str) -> str:
    "Whitespace-free text, so inline markup boundaries (a link inside a sentence) do not matter."
    return re.sub(r"\s+", "", text)


def test_readme_agrees_with_landing_page(site):
    "Every prose block of README.md (generated from nbs/index.ipynb) is on the landing page, and vice versa."
    folder, _ = site
    page = (folder/"index.html").read_text()
    article = re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', page, flags=re.S).group(1)
    page_blocks = _html_blocks(article)
    readme_blocks = _markdown_blocks((ROOT/"README.md").read_text())
    assert len(readme_blocks) >= 5 and len(page_blocks) >= 5
    page_all, readme_all = _squash(" ".join(page_blocks)), _squash(" ".join(readme_blocks))
    not_on_page = [b for b in readme_blocks if _squash(b) not in page_all]
    not_in_readme = [b for b in page_blocks if _squash(b) not in readme_all]
    assert not not_on_page, "README.md blocks missing from the landing page (rebuild README: .ci/readme.py):\n" + "\n".join(not_on_page)
    assert not not_in_readme, "landing-page blocks missing from README.md (rebuild README: .ci/readme.py):\n" + "\n".join(not_in_readme)



def test_landing_page_links_the_student_path(site):
    "Every notebook and tutorial is linked from README.md (it exists), and on the landing page to the site's page."
    folder, report = site
    linked = re.findall(r"\]\((nbs/[^)#\s]+\.ipynb)\)", (ROOT/"README.md").read_text())
    missing = [l for l in linked if not (ROOT/l).is_file()]
    assert not missing, f"README.md links to notebooks that do not exist: {missing}"
    hrefs = set(re.findall(r'href="([^"#]+)', (folder/"index.html").read_text()))
    want = [str(p.relative_to(ROOT)) for p in sorted((ROOT/"nbs").glob("*.ipynb")) + sorted((ROOT/"nbs"/"tutorials").glob("*.ipynb"))
            if p.name != "index.ipynb"]   # the reading order and the student path, every row a link
    for nb in want:
        assert nb in linked, f"README.md / nbs/index.ipynb does not link {nb}"
        assert report["pages"][nb] + ".html" in hrefs, f"the landing page's link to {nb} does not lead to its page"


def _png_width(path: pathlib.Path) -> int:
    "Pixel width of a PNG file (its IHDR chunk)."
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    return int.from_bytes(data[16:20], "big")


def _article(path: pathlib.Path) -> str:
    return re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', path.read_text(), flags=re.S).group(1)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_landing_page_for_a_newcomer(site):
    "A picture before the first section, the repository named with a clone-and-make install block, no PyPI install."
    folder, _ = site
    import configparser
    cfg = configparser.ConfigParser(); cfg.read(ROOT/"settings.ini")
    git_url = cfg["DEFAULT"]["git_url"]
    readme, page = (ROOT/"README.md").read_text(), (folder/"index.html").read_text()
    article = _article(folder/"index.html")
    # the picture: README shows the committed file; the landing page shows the same bytes, at 2x, with the alt text
    m = re.search(r"^!\[([^\]]+)\]\(([^)\s]+\.png)\)\s*$", readme, flags=re.M)
    assert m, "README.md shows no picture (with alt text)"
    alt, picture = m.group(1), (ROOT/m.group(2)).read_bytes()
    shown = [tag for tag in re.findall(r"<img\b[^>]*>", article)
             if (folder/re.search(r'src="([^"]+)"', tag).group(1)).read_bytes() == picture]
    assert shown, f"the landing page does not show README's picture {m.group(2)}"
    tag = shown[0]
    assert html.unescape(re.search(r'alt="([^"]*)"', tag).group(1)) == alt, tag
    assert article.index(tag) < article.index("<h2"), "the picture comes before the first section"
    assert _png_width(ROOT/m.group(2)) >= 2 * int(re.search(r'width="(\d+)"', tag).group(1)), "shown at half its pixels"
    # the repository, and how to install from it
    assert git_url in page and git_url in readme, f"the repository ({git_url}) is not named"
    blocks = [_text(b) for b in re.findall(r'<div class="highlight[^"]*"><pre>(.*?)</pre>', article, flags=re.S)]
    assert any(f"git clone {git_url}" in b and "make demo" in b for b in blocks), "no code block with git clone + make demo"
    assert re.search(r"^demo:", (ROOT/"Makefile").read_text(), flags=re.M), "the Makefile has no demo target"
    pypi = re.compile(r"pip install [\"']?avfusion-viz\b")
    assert not pypi.search(readme) and not pypi.search(_text(article)), "an install from PyPI is offered; there is no release"


def test_lead_summary_in_one_box(site):
    "Each page's summary (the notebook's `>` lines, however many) is one quote, whole, right under the title."
    folder, report = site
    problems = []
    for nb, page in report["pages"].items():
        src = "".join(json.loads((ROOT/nb).read_text())["cells"][0]["source"])
        desc = " ".join(l[1:].strip() for l in src.splitlines() if l.startswith(">"))
        if not desc: continue
        after_title = _article(folder/f"{page}.html").split("</h1>", 1)[1]
        quotes = re.findall(r"\A\s*(<blockquote.*?</blockquote>)(\s*<blockquote)?", after_title, flags=re.S)
        if not quotes: problems.append(f"{page}: no summary under the title")
        elif quotes[0][1]: problems.append(f"{page}: the summary is split in two quote boxes")
        elif _squash(_inline(desc)) not in _squash(_text(quotes[0][0])): problems.append(f"{page}: the summary is cut")
    assert not problems, problems


def test_module_pages_lead_with_prose(site):
    "Every page opens with prose after its title; a cell made only of checks (asserts, test_eq...) is not on a page."
    folder, report = site
    sys.path.insert(0, str(ROOT/".ci"/"docs"))
    from build import test_only
    problems = []
    for nb, page in report["pages"].items():
        cells = json.loads((folder.parent/"work"/"src"/f"{page}.ipynb").read_text())["cells"]
        if len(cells) > 1 and cells[1]["cell_type"] != "markdown": problems.append(f"{page}: a code cell right after the title")
        problems += [f"{page}: a cell of checks only: {c['source'][:80]!r}" for c in cells
                     if c["cell_type"] == "code" and not c.get("outputs") and test_only(c["source"])]
    assert test_only("assert x == 1\ntest_eq(a, b)") and not test_only("fig = f()\nassert fig")
    assert not problems, "\n".join(problems[:40])


def test_figures_at_twice_their_size(site):
    "The figures of the landing page, the plotting page and the student path have twice the pixels they are shown at."
    folder, report = site
    import base64
    nbs = ["nbs/index.ipynb", "nbs/01a_plotting.ipynb"] + [k for k in report["pages"] if k.startswith("nbs/tutorials/")]
    pages = [report["pages"][k] for k in nbs]
    # a dashboard's still picture (the image/png beside a widget view) is the widget's own raster, not a figure
    stills = {base64.b64decode("".join(o["data"]["image/png"])) for k in nbs for c in json.loads((ROOT/k).read_text())["cells"]
              for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
              and "image/png" in o["data"]}
    problems, n = [], 0
    for page in pages:
        for tag in re.findall(r"<img\b[^>]*>", _article(folder/f"{page}.html")):
            src = re.search(r'src="([^"]+)"', tag).group(1)
            if "_images/" not in src: continue                     # widget snapshots and icons
            if ((folder/f"{page}.html").parent/src).read_bytes() in stills: continue
            n += 1
            width = re.search(r'\swidth="(\d+)"', tag)
            real = _png_width((folder/f"{page}.html").parent/src)
            if not width or real < 2 * int(width.group(1)) - 2:
                problems.append(f"{page}: {src.rsplit('/', 1)[-1][:16]} is {real} px wide, shown at {width and width.group(1)}")
    assert n >= 20, f"only {n} figures on {pages}"
    assert not problems, "\n".join(problems)


_PAGE_JS = """async () => {
  await Promise.all(Array.from(document.images).map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  return {
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    images: Array.from(document.images).map(i => ({src: i.currentSrc || i.src, w: i.naturalWidth, ok: i.complete,
                                                   shown: i.getClientRects().length > 0})),
    math: document.querySelectorAll('.math').length,
    widgetViews: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    widgets: document.querySelectorAll('.jupyter-widgets').length,
  };
}"""


def test_site_in_browser(site, served, tmp_path):
    require_chromium()
    folder, report = site
    pages = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html") if "_static" not in p.parts)
    shots = artifact_dir("test_docs_site")
    ids = {}
    problems, failed = [], []
    with chromium(tmp_path) as ctx:
        page = ctx.new_page()
        page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
        for rel in pages:
            n_err, n_failed = len(ctx.console_errors), len(failed)
            page.goto(served + rel, wait_until="load")
            if rel.endswith("search.html"): continue
            info = page.evaluate(_PAGE_JS)
            try:
                if info["widgetViews"]:   # widget snapshots rendered from the saved state
                    page.wait_for_function("n => document.querySelectorAll('.jupyter-widgets').length >= n",
                                           arg=info["widgetViews"], timeout=30000)
                    info = page.evaluate(_PAGE_JS)
                if info["math"]:   # every formula typeset by the vendored MathJax
                    page.wait_for_function("() => Array.from(document.querySelectorAll('.math'))"
                                           ".every(e => e.querySelector('mjx-container'))", timeout=30000)
            except Exception as e:   # playwright's TimeoutError
                problems.append(f"{rel}: widgets ({info['widgetViews']} views) or maths ({info['math']}) not rendered: "
                                f"{str(e).splitlines()[0]}")
            for img in info["images"]:
                if img["ok"] and img["w"] > 0: continue
                # a widget snapshot's image inside a hidden tab may hold no picture yet (the live widget fills
                # it when the tab is opened): noted, not failed; every image a reader sees must have loaded
                if img["shown"]: problems.append(f"{rel}: image not loaded: {img['src'][:120]}")
                else: print(f"note: {rel}: a hidden image holds no picture: {img['src'][:80]}")
            for href in info["links"]:
                u = urllib.parse.urlsplit(href)
                if u.hostname not in ("127.0.0.1", "localhost") or u.scheme not in ("http", "https"): continue
                target = folder/urllib.parse.unquote(u.path.lstrip("/"))
                if target.is_dir(): target = target/"index.html"
                if not target.is_file(): problems.append(f"{rel}: broken link {href}"); continue
                if u.fragment and target.suffix == ".html":
                    if target not in ids: ids[target] = _ids(target)
                    if urllib.parse.unquote(u.fragment) not in ids[target]:
                        problems.append(f"{rel}: broken anchor {href}")
            problems += [f"{rel}: {e}" for e in ctx.console_errors[n_err:]]
            problems += [f"{rel}: request failed {f}" for f in failed[n_failed:]]
            if rel == "index.html": page.screenshot(path=str(shots/"landing.png"), full_page=False)
        # one API page (a module page with show_doc entries), the API index, one tutorial
        api_page = report["pages"].get("nbs/03_backbones.ipynb", "backbones")
        page.goto(served + f"{api_page}.html#audionet", wait_until="load")
        page.screenshot(path=str(shots/"api-page.png"))
        page.goto(served + "api.html", wait_until="load"); page.screenshot(path=str(shots/"api-index.png"))
        tutorials = sorted(v for k, v in report["pages"].items() if k.startswith("nbs/tutorials/"))
        if tutorials:
            page.goto(served + f"{tutorials[0]}.html", wait_until="load")
            page.screenshot(path=str(shots/"tutorial.png"))
        # search works offline
        page.goto(served + "search.html?q=AudioNet", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('#search-results li, .search li').length > 0", timeout=20000)
        page.screenshot(path=str(shots/"search.png"))
        # snippets are the pages' prose: no theme text (the print-only contents, buttons), no cell outputs (arrays)
        for q in ("AudioNet", "log-mel"):
            page.goto(served + f"search.html?q={q}", wait_until="load")
            page.wait_for_function("() => { const li = [...document.querySelectorAll('#search-results li')];"
                                   " return li.length > 0 && li.every(l => l.querySelector('p.context, span')); }",
                                   timeout=20000)
            snippets = page.eval_on_selector_all("#search-results p.context", "els => els.map(e => e.textContent)")
            if not snippets: problems.append(f"search {q!r}: no snippets")
            problems += [f"search {q!r}: snippet with theme text or an output: {t[:120]!r}" for t in snippets
                         if re.search(r"\bContents\b|System Settings|Toggle|Ctrl\s*\+|array\(|tensor\(", t)]
        # a phone (390 px): no page wider than the screen; code blocks carry a copy button
        page.set_viewport_size({"width": 390, "height": 844})
        for rel in ["index.html", f"{api_page}.html"] + [f"{t}.html" for t in tutorials[:2]]:
            page.goto(served + rel, wait_until="load")
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            if wide > 391: problems.append(f"{rel}: {wide} px wide on a 390 px phone screen")
            if rel == "index.html":
                page.screenshot(path=str(shots/"landing-phone.png"), full_page=False)
                n_code = page.evaluate("() => document.querySelectorAll('.bd-article div.highlight').length")
                n_copy = page.evaluate("() => document.querySelectorAll('.bd-article div.highlight .avf-copy').length")
                if not n_code or n_copy != n_code: problems.append(f"index.html: {n_copy} copy buttons on {n_code} code blocks")
        blocked = list(ctx.blocked_requests)
        problems += [f"console: {e}" for e in ctx.console_errors if not any(e in p for p in problems)]
    assert len(pages) >= 15, pages
    assert not blocked, f"pages asked for non-local hosts: {sorted(set(blocked))[:20]}"
    assert not problems, f"{len(problems)} problems on {len(pages)} pages:\n" + "\n".join(problems[:60])


_WIDGET_NB = {"cells": [
    {"cell_type": "markdown", "metadata": {}, "source": "# Widget snapshots\n> saved widget state, rendered offline\n\nMaths too: $t_k = k/10$."},
    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source":
     "import ipywidgets as w\ns = w.IntSlider(value=3, max=9, description='frame')\ns.add_class('t-frame-slider')\n"
     "w.VBox([s, w.Dropdown(options=['audio', 'visual'], description='head')])"},
    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source":
     "from tqdm.auto import tqdm\nfor i in tqdm(range(3)): pass"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5}


def test_widget_snapshot_offline(tmp_path):
    "A notebook executed by the build (nbclient saves widget state) shows its widgets as static snapshots, offline."
    require_chromium()
    nbs = tmp_path/"nbs"; nbs.mkdir()
    (nbs/"index.ipynb").write_text(json.dumps({**_WIDGET_NB, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Test site\n> one page with widgets"}]}))
    (nbs/"01_widgets.ipynb").write_text(json.dumps(_WIDGET_NB))
    r = subprocess.run([sys.executable, str(BUILD), "--fast", "--execute", "01_widgets", "--nbs", str(nbs),
                        "--out", str(tmp_path/"site"), "--work", str(tmp_path/"work")],
                       capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, MPLBACKEND="Agg"))
    assert r.returncode == 0, f"docs build failed:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}"
    page_html = (tmp_path/"site"/"widgets.html").read_text()
    assert "application/vnd.jupyter.widget-state+json" in page_html
    assert "cdn" not in re.sub(r"data-jupyter-widgets-cdn=\"[^\"]*\"", "", page_html).lower()
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path/"site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    failed = []
    try:
        with chromium(tmp_path) as ctx:
            page = ctx.new_page()
            page.on("response", lambda r: failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/widgets.html", wait_until="load")
            page.wait_for_selector(".widget-hslider.t-frame-slider", timeout=20000)
            page.wait_for_selector("mjx-container", timeout=20000)
            readout = page.inner_text(".t-frame-slider .widget-readout")
            assert readout.strip() == "3", readout
            assert page.locator(".widget-dropdown select").count() == 1
            assert page.locator(".widget-hprogress").count() == 1           # tqdm's bar, a widget too
            page.screenshot(path=str(artifact_dir("test_docs_site", clear=False)/"widgets.png"), full_page=True)
            blocked, errors = list(ctx.blocked_requests), list(ctx.console_errors)
    finally: server.shutdown(); server.server_close()
    assert not blocked, f"non-local requests: {blocked}"
    assert not errors, f"console errors: {errors}"
    assert not failed, f"failed requests: {failed}"


def test_sidebar_in_reading_order(site):
    "The sidebar lists index, nbs/*.ipynb by name, then nbs/tutorials/ by name, then the API reference."
    folder, report = site
    nav = re.search(r'<nav class="bd-links bd-docs-nav".*?</nav>', (folder/"index.html").read_text(), flags=re.S).group(0)
    hrefs = [h.split("#")[0] for h in re.findall(r'<a class="reference internal" href="([^"]+)"', nav)]
    nbs = sorted(k for k in report["pages"] if k.count("/") == 1 and k != "nbs/index.ipynb")
    tutorials = sorted(k for k in report["pages"] if k.startswith("nbs/tutorials/"))
    expected = [""] + [report["pages"][k] + ".html" for k in nbs + tutorials] + ["api.html"]
    assert hrefs == expected, (hrefs, expected)
