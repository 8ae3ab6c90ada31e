# The standard nbdev setup.py: everything comes from settings.ini.
# Extras: every `<name>_requirements` key of settings.ini is `pip install "avfusion-viz[<name>]"`; `extras_include`
# says which extras contain others (model:media); [all] is every extra; [dev] adds the tools of `make test`.
from configparser import ConfigParser
from pathlib import Path
import setuptools, shlex

# note: all settings are in settings.ini; edit there, not here
here = Path(__file__).resolve().parent
config = ConfigParser(delimiters=['='])
if not config.read(here/'settings.ini', encoding='utf-8'):
    raise SystemExit(f"setup.py: {here/'settings.ini'} is missing; it holds the package metadata (an sdist must "
                     "include it: see MANIFEST.in)")
cfg = config['DEFAULT']

cfg_keys = 'version description keywords author author_email'.split()
expected = cfg_keys + "lib_name user branch license status min_python audience language".split()
for o in expected: assert o in cfg, "missing expected setting: {}".format(o)
setup_cfg = {o:cfg[o] for o in cfg_keys}

# SPDX licence expressions (PEP 639); the old `License ::` classifiers are deprecated in favour of them
licenses = {'apache2': 'Apache-2.0', 'mit': 'MIT', 'gpl2': 'GPL-2.0-only', 'gpl3': 'GPL-3.0-only', 'bsd3': 'BSD-3-Clause'}
# trove "Development Status" classifiers, looked up by their number (settings.ini `status = 3` is Alpha)
statuses = {int(s.split()[0]): s for s in ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta',
                                           '5 - Production/Stable', '6 - Mature', '7 - Inactive']}
py_versions = '3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13'.split()

requirements = shlex.split(cfg.get('requirements', ''))
if cfg.get('pip_requirements'): requirements += shlex.split(cfg.get('pip_requirements', ''))
min_python = cfg['min_python']
spdx = cfg.get('license_spdx') or licenses.get(cfg['license'].lower(), cfg['license'])
dev_requirements = (cfg.get('dev_requirements') or '').split()

extras = {k[:-len('_requirements')]: shlex.split(v) for k, v in cfg.items()
          if k.endswith('_requirements') and k not in ('dev_requirements', 'pip_requirements') and v.strip()}
for rule in cfg.get('extras_include', '').split():          # e.g. model:media -> [model] installs [media] too
    outer, inner = rule.split(':')
    for name in inner.split(','): extras[outer] = extras[outer] + [r for r in extras[name] if r not in extras[outer]]
extras['all'] = [r for name in list(extras) for r in extras[name]]
extras['all'] = list(dict.fromkeys(extras['all']))
extras['dev'] = dev_requirements

package_data = dict()
pkg_data = cfg.get('package_data', None)
if pkg_data:
    package_data[cfg['lib_name']] =  pkg_data.split() # split as multiple files might be listed
# Add package data to setup_cfg for setuptools.setup(..., **setup_cfg)
setup_cfg['package_data'] = package_data

docs = cfg.get('doc_host', '') + cfg.get('doc_baseurl', '')
project_urls = {'Documentation': docs, 'Source': cfg['git_url'], 'Issues': cfg['git_url'] + '/issues'}

setuptools.setup(
    name = cfg['lib_name'],
    license_expression = spdx,
    license_files = ['LICENSE'],
    classifiers = [
        'Development Status :: ' + statuses[int(cfg['status'])],
        'Intended Audience :: ' + cfg['audience'].title(),
        'Natural Language :: ' + cfg['language'].title(),
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
        'Topic :: Multimedia :: Video',
    ] + ['Programming Language :: Python :: '+o for o in py_versions[py_versions.index(min_python):]],
    url = cfg['git_url'],
    project_urls = project_urls,
    packages = setuptools.find_packages(include=[cfg['lib_path'], cfg['lib_path'] + '.*']),
    include_package_data = True,
    install_requires = requirements,
    extras_require = extras,
    dependency_links = cfg.get('dep_links','').split(),
    python_requires  = '>=' + cfg['min_python'],
    long_description = (here/'README.md').read_text(encoding='utf-8'),
    long_description_content_type = 'text/markdown',
    zip_safe = False,
    entry_points = {
        'console_scripts': cfg.get('console_scripts','').split(),
        'nbdev': [f'{cfg.get("lib_path")}={cfg.get("lib_path")}._modidx:d']
    },
    **setup_cfg)
