"""Write README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which cannot be installed here).

Markdown cells are copied; code cells become ```python blocks followed by their text output; cells whose
first lines carry `#| hide` (or `#| include: false`) are left out; other `#|` directive lines are dropped. A cell
with `#| echo: false` that shows a picture with `Image(filename="../PATH")` becomes the image PATH (its alt text
from `#| fig-alt:`); other `#| echo: false` cells are left out.
"""
import json, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
nb = json.loads((root/'nbs'/'index.ipynb').read_text())
parts = ['<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->']
for cell in nb['cells']:
    src = ''.join(cell['source'])
    lines = src.splitlines()
    directives = [l.replace(' ', '') for l in lines if l.startswith('#|')]
    if '#|hide' in directives or '#|include:false' in directives: continue
    body = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    if not body: continue
    if cell['cell_type'] == 'code' and '#|echo:false' in directives:   # a picture shown by a code cell: the picture
        m = re.search(r'Image\(filename="\.\./([^"]+)"', body)
        if m:
            alt = next((l.split(':', 1)[1].strip() for l in lines if l.replace(' ', '').startswith('#|fig-alt:')), '')
            parts.append(f'![{alt}]({m.group(1)})')
        continue
    if cell['cell_type'] == 'markdown': parts.append(body)
    elif cell['cell_type'] == 'code':
        parts.append(f'```python\n{body}\n```')
        outs = [''.join(o.get('text', '')) for o in cell.get('outputs', []) if o.get('output_type') == 'stream']
        if ''.join(outs).strip(): parts.append('```\n' + ''.join(outs).rstrip() + '\n```')
(root/'README.md').write_text('\n\n'.join(parts) + '\n')
