"""Build the offline documentation site: notebooks → (executed) → nbdev processors → myst-nb → Sphinx → `_docs/`.

    .venv/bin/python .ci/docs/build.py            # execute every notebook first (nbclient), then render
    .venv/bin/python .ci/docs/build.py --fast     # render the outputs committed in the notebooks (no execution)

Quarto (what `nbdev_docs` uses) cannot be installed here, so the pages come from Sphinx + myst-nb +
sphinx-book-theme fed by nbdev's own notebook processing (`nbdev.processors.FilterDefaults`, as `nbdev.serve.proc_nbs`
uses it): show_doc output rendered, `#| export`/`#| hide` cells handled as nbdev's docs handle them. Nothing on a page
is fetched from outside the site: MathJax, require.js and the ipywidgets HTML manager (with its fonts) are vendored
from npm (`npm pack`, tarballs cached in docs_out/vendor/ so a rebuild is offline) into `_static/vendor/`.

Stages (all outside nbs/, which is never rewritten; `.ci/docs/refresh.py` re-executes chosen notebooks in place, the
same way, to bring their committed outputs up to date): 1. execute (nbclient, cwd = the notebook's folder, widget state
stored, cells flagged `#| slow`/`#| cuda` (settings.ini tst_flags) or `#| eval: false` keep their committed outputs)
→ docs_out/exec/; 2. nbdev processors → 3. myst-nb notebooks + an API reference page → docs_out/src/;
4. sphinx-build (nb_execution_mode "off") → _docs/ (settings.ini doc_path).
"""
import argparse, ast, configparser, contextlib, copy, io, json, os, pathlib, re, shutil, subprocess, sys
import tarfile, time, warnings

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
NBS = ROOT/"nbs"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# pinned like .ci/constraints.txt: a rebuild vendors exactly these files
VENDOR_PACKAGES = {"mathjax": "mathjax@3.2.2", "requirejs": "requirejs@2.3.8",
                   "html-manager": "@jupyter-widgets/html-manager@1.0.15"}


def _rel(path: pathlib.Path):
    "`path` relative to the repository when inside it (for messages and the build report)."
    try: return pathlib.Path(path).resolve().relative_to(ROOT)
    except ValueError: return path


def settings() -> configparser.SectionProxy:
    cfg = configparser.ConfigParser(); cfg.read(ROOT/"settings.ini")
    return cfg["DEFAULT"]


def notebooks() -> list:
    "Notebooks in reading order: index, then nbs/*.ipynb by name, then nbs/tutorials/*.ipynb by name."
    top = sorted(p for p in NBS.glob("*.ipynb") if p.name != "index.ipynb")
    tut = sorted((NBS/"tutorials").glob("*.ipynb"))
    return [NBS/"index.ipynb"] + top + tut


def directives(source: str) -> dict:
    "The `#| key: value` lines at the top of a cell, as {key: value} (a bare flag maps to '')."
    out = {}
    for line in source.splitlines():
        if not line.strip(): continue
        if not line.startswith("#|"): break
        body = line[2:].strip()
        if not body: continue
        first, _, rest = body.partition(" ")
        if ":" in first: key, _, value = body.partition(":")
        else: key, value = first, rest
        out[key.strip()] = value.strip()
    return out


def strip_directives(source: str) -> str:
    lines = source.splitlines()
    while lines and lines[0].startswith("#|"): lines.pop(0)
    return "\n".join(lines).strip("\n")


# ---------------------------------------------------------------- 1. execute

def execute(src: pathlib.Path, dst: pathlib.Path, skip_flags: set, timeout: int = 600):
    "Run `src` with nbclient (cwd = its folder, widget state saved) into `dst`; flagged cells keep committed outputs."
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(src, as_version=4)

    class Client(NotebookClient):
        async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
            if cell.cell_type == "code":
                d = directives(cell.source)
                if skip_flags & d.keys() or d.get("eval", "").lower() == "false": return cell
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    # figures at twice their dpi, shown at their size (sharp on high-density screens): pyplot's through the inline
    # backend's retina format; figures made outside pyplot through avfusion_viz's own PNG display (13_short_path)
    client = Client(nb, timeout=timeout, kernel_name="python3", allow_errors=False, store_widget_state=True,
                    resources={"metadata": {"path": str(src.parent)}},
                    extra_arguments=["--InlineBackend.figure_formats=retina"])
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}   # CI's Agg would hide every figure
    client.execute(env=env)
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)


# ---------------------------------------------------------------- 2. nbdev processing

MIXED = []   # (notebook, first line) of cells mixing imports with other code: only their imports were run


def _procs():
    "nbdev's FilterDefaults, with exec_show_docs running only the imports of a cell that mixes imports with code."
    import ast
    from nbdev.processors import FilterDefaults, exec_show_docs, _show_docs

    class imports_only_exec_show_docs(exec_show_docs):
        # To render show_doc, nbdev runs the exported cells and every cell containing an import. A cell that also
        # computes something (nbdev warns "Found cells containing imports and other code. See FAQ") then runs
        # outside its notebook's context: it fails (nbdev_docs stops) or has side effects in nbs/. We run the
        # imports of such a cell only -- all that show_doc needs from it.
        def __call__(self, cell):
            if cell.cell_type == "code" and hasattr(self, "k") and self.nb.has_docs_:
                keys = set(getattr(cell, "directives_", {}) or {})
                try: tree = ast.parse(cell.source) if cell.source and not cell.source.lstrip().startswith(("%", "!")) else None
                except SyntaxError: tree = None
                if tree is not None and not keys & {"export", "exports", "exporti", "exec_doc"} \
                        and not _show_docs(cell.parsed_() or []):
                    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
                    nested = any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree))
                    if nested and len(imports) < len(tree.body):   # imports (maybe nested) + other code
                        if "eval:" in getattr(cell, "directives_", {}) and cell.directives_["eval:"][0].lower() == "false": return
                        MIXED.append((getattr(self.nb, "path_", "?"), cell.source.splitlines()[0]))
                        if imports: self.k.run_cell(ast.unparse(ast.Module(body=imports, type_ignores=[])))
                        if self.k.exc: raise Exception(f"imports of a cell failed: {cell.source[:300]}") from self.k.exc
                        return
            return super().__call__(cell)

    class Filter(FilterDefaults):
        def base_procs(self):
            return [imports_only_exec_show_docs if p is exec_show_docs else p for p in super().base_procs()]
    return Filter()


def split_title_cell(nb: dict) -> dict:
    "Move the text after `# title` / `> description` of the first markdown cell into a cell of its own."
    # nbdev turns the first markdown cell into the page's front matter and drops the whole cell, so a paragraph
    # written under the title would vanish from the page (README.md, made by .ci/readme.py, keeps it).
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown": continue
        lines = ("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]).splitlines()
        title = next((j for j, l in enumerate(lines) if re.match(r"^#\s+\S", l)), None)
        if title is None: break
        desc = next((j for j, l in enumerate(lines) if re.match(r"^>\s+\S", l)), None)
        # a description wrapped over several `>` lines is one summary: one line for nbdev's front matter, so the
        # page shows it in one box (its continuation lines would otherwise become a second quote below it)
        more = []
        if desc is not None:
            while desc + 1 + len(more) < len(lines) and re.match(r"^>\s*\S", lines[desc + 1 + len(more)]):
                more.append(desc + 1 + len(more))
            lines[desc] = "> " + " ".join(lines[j][1:].strip() for j in [desc] + more)
        keep = {title, desc} | {j for j, l in enumerate(lines) if re.match(r"^-\s+\S.*:.*\S\s*$", l)}
        head = [l for j, l in enumerate(lines) if j in keep]
        lines = [l for j, l in enumerate(lines) if j not in more]
        keep = {j - sum(m < j for m in more) for j in keep}
        rest = "\n".join(l for j, l in enumerate(lines) if j not in keep).strip()
        if rest or more: cell["source"] = "\n".join(head)
        if rest: nb["cells"].insert(i + 1, {"cell_type": "markdown", "metadata": {}, "source": rest})
        break
    return nb


TEST_CALLS = {"test_eq", "test_ne", "test_close", "test_fail", "test_is", "test_eq_type", "test_shuffled",
              "test_stdout", "test_warns", "test_fig_exists", "test_sig"}   # fastcore.test's checks


def test_only(source: str) -> bool:
    "True for a cell that only checks (asserts and fastcore.test calls, loops of them): the site leaves it out."
    try: tree = ast.parse(source)
    except SyntaxError: return False
    def check(node):
        if isinstance(node, ast.Assert): return True
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            f = node.value.func
            return getattr(f, "id", getattr(f, "attr", None)) in TEST_CALLS
        if isinstance(node, ast.For): return bool(node.body) and all(map(check, node.body)) and not node.orelse
        return False
    return bool(tree.body) and all(map(check, tree.body))


def nbdev_process(src: pathlib.Path, original: pathlib.Path) -> dict:
    "nbdev's docs processors (show_doc rendered, export/hide handled) applied to `src`; the notebook as a dict."
    from execnb.nbio import dict2nb, nb2dict
    from fastcore.xtras import working_directory
    try:
        from ipywidgets import Widget
        Widget.close_all()    # exec_show_docs saves the state of every live widget of this process
    except ImportError: pass
    js = split_title_cell(json.loads(pathlib.Path(src).read_text(encoding="utf-8")))
    # saved widget state stays out of nbdev's hands: execnb's nb2dict treats every "source" key as cell text, and a
    # widget link's state has a "source" list
    widgets = js.get("metadata", {}).pop("widgets", None)
    nb = dict2nb(js)
    nb["path_"] = str(src)
    os.environ["IN_TEST"] = "1"
    try:
        with working_directory(original.parent), warnings.catch_warnings(), \
             contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            _procs()(nb)
    finally: del os.environ["IN_TEST"]
    nb.metadata.pop("widgets", None)   # (exec_show_docs saves this process's widgets: none of the page's)
    out = nb2dict(nb)
    if widgets: out["metadata"]["widgets"] = widgets
    return out


# ---------------------------------------------------------------- 3. myst-nb input

def make_id(name: str) -> str:
    "The HTML id docutils gives a section titled `name`."
    from docutils.nodes import make_id as _make_id
    return _make_id(name)


def page_name(nb: pathlib.Path) -> str:
    "nbdev's page name for a notebook, relative to nbs/ (00_media.ipynb → media, as nbdev's output-file)."
    from nbdev.doclinks import _nbpath2html
    rel = nb.relative_to(NBS)
    return str(rel.parent/_nbpath2html(pathlib.Path(rel.name)).stem) if str(rel.parent) != "." else _nbpath2html(rel).stem


class Converter:
    "Turns nbdev-processed notebooks into myst-nb notebooks; rewrites links to the site's own pages."

    def __init__(self, doc_url: str, pages: dict):
        self.doc_url = doc_url.rstrip("/") + "/"
        self.pages = pages  # notebook path -> page name
        self.anchors = {}   # page -> ids of its show_doc entries (filled by `collect` before any `convert`)

    def fix_links(self, text: str, page: str, nb: pathlib.Path) -> str:
        "nbdev's absolute doc links and links to notebooks → relative links inside the site; quarto attributes dropped."
        up = "../"*page.count("/")
        def doc(m):
            target, anchor = m.group(1), (m.group(2) or "#")[1:]
            known = self.anchors.get(target, set())
            parts = anchor.split(".")   # nbdev links methods (Cls.meth) too: the nearest documented entry
            while parts and make_id(".".join(parts)) not in known: parts.pop()
            return up + target + ".html" + ("#" + make_id(".".join(parts)) if parts else "")
        text = re.sub(re.escape(self.doc_url) + r"([\w/.-]+?)\.html(#[\w.\-]+)?", doc, text)
        def notebook(m):
            target = (nb.parent/m.group(1)).resolve()
            if target not in self.pages: target = (ROOT/m.group(1)).resolve()   # index links from the repository root (README)
            if target not in self.pages: return m.group(0)
            return f"]({up}{self.pages[target]}.html{m.group(2) or ''})"
        text = re.sub(r"\]\((?!\w+://)([^)\s#]+\.ipynb)(#[^)\s]*)?\)", notebook, text)
        text = re.sub(r'\)\{target="_blank"[^}]*\}', ")", text)     # quarto link attributes
        return text

    @staticmethod
    def widget_fallback(out: dict, states: dict) -> dict:
        "A widget view whose state was not saved (outputs from CaptureShell/nbdev) shows its text/plain instead."
        view = out.get("data", {}).get(WIDGET_VIEW)
        if view is None or (isinstance(view, dict) and view.get("model_id") in states): return out
        out = copy.deepcopy(out); del out["data"][WIDGET_VIEW]
        return out

    @staticmethod
    def showdoc_markdown(cell: dict):
        "The markdown of a show_doc cell (`#| echo: false`, `#| output: asis`), else None."
        if cell["cell_type"] != "code": return None
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        d = directives(src)
        mds = ["".join(o["data"]["text/markdown"]) if isinstance(o["data"]["text/markdown"], list)
               else o["data"]["text/markdown"] for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {})]
        if d.get("output") == "asis" and d.get("echo", "").lower() == "false" and mds:
            text = re.sub(r"\A---\s*\n", "", "\n\n".join(mds).strip())
            # the docstring line is `*docstring*`: a `*` inside it (S*10) would end the emphasis early
            return re.sub(r"^\*(.+)\*$", lambda m: "*" + m.group(1).replace("*", r"\*") + "*", text, flags=re.M)
        return None

    def collect(self, nb: dict, page: str):
        "Remember the ids of `page`'s show_doc entries (their headings)."
        self.anchors[page] = {make_id(h) for c in nb["cells"] for text in [self.showdoc_markdown(c)] if text
                              for h in re.findall(r"^#{2,4} (\S+)\s*$", text, flags=re.M)}

    def markdown_cell(self, text: str, tags=()) -> dict:
        md = {"tags": list(tags)} if tags else {}
        return {"cell_type": "markdown", "metadata": md, "source": text}

    def convert(self, nb: dict, page: str, path: pathlib.Path) -> dict:
        cells = []
        states = (nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}) or {}).get("state", {})
        for cell in nb["cells"]:
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "raw":
                if src.lstrip().startswith("---"):
                    import yaml
                    front = yaml.safe_load(src.strip().strip("-")) or {}
                    head = f"# {front.get('title', page)}"
                    if front.get("description"): head += f"\n\n> {front['description']}"
                    cells.append(self.markdown_cell(head))
                continue
            if cell["cell_type"] == "markdown":
                cells.append(self.markdown_cell(self.fix_links(src, page, path)))
                continue
            d = directives(src)
            if "include" in d and d["include"].lower() == "false": continue
            outs = cell.get("outputs", [])
            text = self.showdoc_markdown(cell)
            if text is not None:   # show_doc output: a markdown cell, so its heading is a section (sidebar, anchor)
                cells.append(self.markdown_cell(self.fix_links(text, page, path)))
                continue
            tags = list(cell.get("metadata", {}).get("tags", []))
            extra = {"mystnb": {"image": {"alt": d["fig-alt"]}}} if d.get("fig-alt") else {}   # the picture's alt text
            if d.get("echo", "").lower() == "false": tags.append("remove-input")
            if d.get("output", "").lower() == "false": tags.append("remove-output")
            body = strip_directives(src)
            if not body.strip() and not outs: continue
            # module pages lead with prose and examples: a cell of checks only, with nothing to show, stays in the
            # notebook (nbdev_test runs it) but not on the page
            if not outs and test_only(body): continue
            md = {"tags": tags, **extra} if tags else extra
            outs = [self.widget_fallback(o, states) for o in outs]
            cells.append({"cell_type": "code", "metadata": md, "source": body, "outputs": outs,
                          "execution_count": cell.get("execution_count")})
        meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"}}
        if nb.get("metadata", {}).get("widgets"): meta["widgets"] = nb["metadata"]["widgets"]
        return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": cells}


def module_notebooks() -> dict:
    "module name -> the notebook it is generated from (read from the AUTOGENERATED header)."
    out = {}
    for py in sorted((ROOT/"avfusion_viz").glob("*.py")):
        m = re.search(r"File to edit: \.\./(nbs/\S+\.ipynb)", py.read_text()[:400])
        if m: out[py.stem] = ROOT/m.group(1)
    return out


def exported_names(py: pathlib.Path) -> list:
    "The module's __all__, read without importing it."
    for node in ast.parse(py.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    return []


def api_page(conv: Converter, pages: dict) -> str:
    "The API reference: every name of every module's __all__, linked to its show_doc entry (or described here)."
    import importlib, inspect
    lines = ["# API reference", "",
             "Every public name of the package, module by module. Functions and classes link to their entry "
             "(signature, arguments, docstring) in the notebook that defines them; other names are described here.", ""]
    order = {p.resolve(): i for i, p in enumerate(notebooks())}
    for mod, nbpath in sorted(module_notebooks().items(), key=lambda kv: (order.get(kv[1].resolve(), 1e9), kv[0])):
        names = exported_names(ROOT/"avfusion_viz"/f"{mod}.py")
        if not names: continue
        page = pages.get(nbpath.resolve())
        lines += [f"## avfusion_viz.{mod}", "", f"Defined in [{nbpath.name}]({page}.html)." if page else "", ""]
        module = importlib.import_module(f"avfusion_viz.{mod}")
        for name in names:
            obj = getattr(module, name, None)
            if page and make_id(name) in conv.anchors.get(page, ()):
                doc = (inspect.getdoc(obj) or "").splitlines()
                summary = f" — {doc[0]}" if doc else ""
                lines.append(f"- [`{name}`]({page}.html#{make_id(name)}){summary}")
            else:
                kind = type(obj).__name__
                try: sig = f"{name}{inspect.signature(obj)}" if callable(obj) else f"{name} = {obj!r}"
                except (TypeError, ValueError): sig = f"{name}: {kind}"
                sig = sig if len(sig) < 300 else sig[:297] + "..."
                doc = (inspect.getdoc(obj) or "").splitlines() if callable(obj) else []
                lines.append(f"- `{sig.replace('`', chr(39))}` ({kind})" + (f" — {doc[0]}" if doc else ""))
        lines.append("")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- vendored JavaScript

def vendor(static: pathlib.Path, cache: pathlib.Path):
    "npm pack MathJax 3, require.js and the widgets HTML manager (cached tarballs) and unpack into `static`/vendor."
    cache.mkdir(parents=True, exist_ok=True)
    dest = static/"vendor"
    for name, spec in VENDOR_PACKAGES.items():
        version = spec.rsplit("@", 1)[1]
        prefix = {"mathjax": "mathjax", "requirejs": "requirejs", "html-manager": "jupyter-widgets-html-manager"}[name]
        tgz = sorted(cache.glob(f"{prefix}-{version}.tgz"))
        if not tgz:
            r = subprocess.run(["npm", "pack", spec, "--silent"], cwd=cache, capture_output=True, text=True)
            tgz = sorted(cache.glob(f"{prefix}-{version}.tgz"))
            if r.returncode or not tgz:
                sys.exit(f"docs: could not fetch {spec} with `npm pack` into {cache} ({r.stderr.strip()[-300:]}); "
                         "the docs vendor their JavaScript from npm once: run with network access to the npm registry, "
                         "or copy the tarballs there")
        out = dest/name
        if out.exists(): shutil.rmtree(out)
        with tarfile.open(tgz[-1]) as tf:
            members = [m for m in tf.getmembers() if m.isfile() and not m.name.endswith((".map", ".ts"))]
            if name == "mathjax":   # only what tex-chtml.js loads: the bundle, its fonts, extensions, a11y
                members = [m for m in members if m.name.startswith(("package/es5/tex-chtml.js", "package/es5/output/chtml",
                                                                    "package/es5/input/tex", "package/es5/a11y",
                                                                    "package/es5/sre", "package/es5/ui",
                                                                    "package/es5/adaptors", "package/LICENSE"))]
            if name == "html-manager":   # the AMD bundle (what myst-nb loads), its fonts; not the plain embed.js
                members = [m for m in members if m.name.startswith(("package/dist/", "package/LICENSE", "package/css"))
                           and m.name != "package/dist/embed.js"]
            if name == "requirejs":
                members = [m for m in members if m.name in ("package/require.js", "package/LICENSE", "package/package.json")]
            tf.extractall(out, members=members, filter="data")
        inner = out/"package"
        for p in inner.iterdir(): p.rename(out/p.name)
        inner.rmdir()


# ---------------------------------------------------------------- main

def build(fast: bool, out: pathlib.Path, work: pathlib.Path, cache: pathlib.Path, only=None, quiet=False,
          execute_only=None, reuse=False) -> dict:
    t0 = time.time(); timing = {}
    say = (lambda *a: None) if quiet else (lambda *a: print("docs:", *a, flush=True))
    cfg = settings()
    skip_flags = set(cfg.get("tst_flags", "").split())
    nbs = notebooks()
    if only: nbs = [p for p in nbs if p.stem in only or p.name == "index.ipynb"]
    exec_dir, src_dir = work/"exec", work/"src"
    sources = {}
    for nb in nbs:
        if fast and not (execute_only and nb.stem in execute_only): sources[nb] = nb
        else:
            dst = exec_dir/nb.relative_to(NBS); t = time.time()
            if reuse and dst.is_file():
                sources[nb] = dst; continue
            say(f"executing {_rel(nb)}")
            try: execute(nb, dst, skip_flags)
            except Exception as e:
                sys.exit(f"docs: {_rel(nb)} failed while executing: {str(e)[-2000:]}\n"
                         f"fix the notebook (nbdev_test --path {_rel(nb)}) or build with --fast")
            timing[f"execute {nb.name}"] = round(time.time() - t, 1)
            say(f"  executed in {timing[f'execute {nb.name}']} s")
            sources[nb] = dst
    timing["execute"] = round(time.time() - t0, 1)
    t1 = time.time()
    if src_dir.exists(): shutil.rmtree(src_dir)
    src_dir.mkdir(parents=True)
    pages = {nb.resolve(): ("index" if nb.name == "index.ipynb" else page_name(nb)) for nb in nbs}
    conv = Converter(cfg["doc_host"].rstrip("/") + cfg.get("doc_baseurl", ""), pages)
    processed = {}
    for nb, src in sources.items():
        say(f"processing {_rel(nb)}")
        processed[nb] = nbdev_process(src, nb)
        conv.collect(processed[nb], pages[nb.resolve()])
    for nb, pnb in processed.items():
        page = pages[nb.resolve()]
        dst = src_dir/f"{page}.ipynb"; dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(json.dumps(conv.convert(pnb, page, nb.resolve()), indent=1))
    with_api = NBS.resolve() == (ROOT/"nbs").resolve()   # another --nbs folder (a test's) has no API page
    if with_api: (src_dir/"api.md").write_text(api_page(conv, pages))
    # the sidebar: index's toctrees in reading order
    main = [pages[n.resolve()] for n in nbs if n.parent == NBS and n.name != "index.ipynb"]
    tuts = [pages[n.resolve()] for n in nbs if n.parent == NBS/"tutorials"]
    toc = "```{toctree}\n:hidden:\n:caption: Notebooks\n\n" + "\n".join(main) + "\n```\n"
    if tuts: toc += "\n```{toctree}\n:hidden:\n:caption: Tutorials\n\n" + "\n".join(tuts) + "\n```\n"
    if with_api: toc += "\n```{toctree}\n:hidden:\n:caption: Reference\n\napi\n```\n"
    index = json.loads((src_dir/"index.ipynb").read_text())
    index["cells"].append({"cell_type": "markdown", "metadata": {}, "source": toc})
    (src_dir/"index.ipynb").write_text(json.dumps(index, indent=1))
    timing["process"] = round(time.time() - t1, 1)
    t2 = time.time()
    static = work/"static"
    if static.exists(): shutil.rmtree(static)
    vendor(static, cache)
    shutil.copytree(HERE/"_static", static, dirs_exist_ok=True)
    timing["vendor"] = round(time.time() - t2, 1)
    t3 = time.time()
    html = work/"html"   # myst-nb writes images to <outdir>/../jupyter_execute: keep that inside `work`
    if html.exists(): shutil.rmtree(html)
    env = dict(os.environ, AVF_DOCS_STATIC=str(static), AVF_DOCS_TITLE=cfg["title"])
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(HERE), "-d", str(work/"doctrees"),
           "-E", "-W", "--keep-going", str(src_dir), str(html)]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"docs: sphinx-build failed (warnings are errors):\n{r.stdout[-4000:]}\n{r.stderr[-6000:]}")
    if out.exists(): shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(html), str(out))
    timing["sphinx"] = round(time.time() - t3, 1)
    timing["total"] = round(time.time() - t0, 1)
    timing["mixed_import_cells"] = len(MIXED)
    say(f"site written to {out} ({len(pages)} notebook pages) in {timing['total']} s: "
        + ", ".join(f"{k} {v} s" for k, v in timing.items() if not k.startswith("execute ") and k != "mixed_import_cells"))
    return {"pages": {str(_rel(k)): v for k, v in pages.items()}, "timing": timing}


def main(argv=None):
    cfg = settings()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fast", action="store_true", help="use the notebooks' committed outputs (no execution)")
    ap.add_argument("--out", default=str(ROOT/cfg.get("doc_path", "_docs")), help="the site folder (default: _docs)")
    ap.add_argument("--work", default=str(ROOT/"docs_out"/"work"), help="intermediate files (default: docs_out/work)")
    ap.add_argument("--vendor-cache", default=os.environ.get("AVF_DOCS_VENDOR", str(ROOT/"docs_out"/"vendor")),
                    help="npm tarballs (default: docs_out/vendor; env AVF_DOCS_VENDOR)")
    ap.add_argument("--only", nargs="*", help="only these notebooks (stems), plus index")
    ap.add_argument("--execute", nargs="*", default=None, help="with --fast: execute these notebooks (stems) anyway")
    ap.add_argument("--reuse", action="store_true",
                    help="render notebooks already executed into WORK/exec as they are (even if changed since); execute the rest")
    ap.add_argument("--nbs", default=None, help="notebook folder (default: nbs/; another one gets no API page)")
    a = ap.parse_args(argv)
    if a.nbs:
        global NBS
        NBS = pathlib.Path(a.nbs).resolve()
    res = build(a.fast, pathlib.Path(a.out).resolve(), pathlib.Path(a.work).resolve(), pathlib.Path(a.vendor_cache).resolve(), a.only,
                execute_only=a.execute, reuse=a.reuse)
    (pathlib.Path(a.work)/"build.json").write_text(json.dumps(res, indent=1))


if __name__ == "__main__": main()
