"""Sphinx configuration of the offline docs site (used by .ci/docs/build.py with `-c .ci/docs`).

Everything a page loads is served by the site: MathJax, require.js and the ipywidgets HTML manager are vendored
into _static/vendor/ by build.py; the theme's own fonts/icons are bundled with it.
"""
import os

project = os.environ.get("AVF_DOCS_TITLE", "avfusion-viz")
author = "avfusion-viz developers"
copyright = "2026 onwards, avfusion-viz developers"
extensions = ["myst_nb"]
exclude_patterns = ["**.ipynb_checkpoints"]
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = [os.environ["AVF_DOCS_STATIC"]]
html_css_files = ["avf-docs.css"]
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
html_copy_source = False

# notebooks are executed (or not, --fast) by build.py before Sphinx sees them
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image"]
myst_heading_anchors = 0
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"]

# offline: MathJax 3 and the widget manager from _static/vendor (paths relative to the static folder)
mathjax_path = "vendor/mathjax/es5/tex-chtml.js"
nb_ipywidgets_js = {
    "vendor/requirejs/require.js": {},
    "avf-require-config.js": {},
    "vendor/html-manager/dist/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/vendor/"},
}
myst_all_links_external = True  # links are already site-relative .html (build.py rewrites them)
smartquotes = False  # the text stays what the notebook says (README.md and the landing page compare equal)
# the theme reads its colour mode from localStorage; on a first visit that is empty and it logs a console error
html_context = {"default_mode": "light"}
html_js_files = [("avf-mathjax2-shim.js", {"defer": "defer"}), ("avf-copy.js", {"defer": "defer"}),
                 ("avf-search.js", {"defer": "defer"})]   # search snippets from the prose only
