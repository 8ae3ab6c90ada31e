# The README's two commands are `make demo` and `make test`; both set up .venv themselves (every extra + dev, pinned).
.PHONY: venv demo inspect test sync bench docs docs-fast dist pip-check
venv:
	.ci/venv

demo: venv
	.venv/bin/avfusion-viz demo --out demo_out

inspect: venv
	.venv/bin/avfusion-viz inspect data_samples/bigbuckbunny.mp4 --out inspect_out

test:
	.ci/test

sync: venv
	PATH=$(CURDIR)/.venv/bin:$$PATH .ci/sync-check || true

bench: venv
	.venv/bin/python -m avfusion_viz.bench preprocess

docs: venv
	.ci/system-deps
	.venv/bin/python .ci/docs/build.py

docs-fast: venv
	.ci/system-deps
	.venv/bin/python .ci/docs/build.py --fast

# pip users' view: the sdist and the wheel (into dist/), and the check that installs them as pip would (part of `make test`)
dist: venv
	.venv/bin/python -m build --no-isolation --outdir dist .

pip-check: venv
	.ci/pip-check
