#!/bin/bash
# One prepared device run: install the carried packages; then the GPU checks (the notebooks' #| cuda cells, bench
# train-gpu --store, the whole reference recipe at its smoke-test size on CUDA: every stage's GPU path); then the
# committed recipe at full size with the time left (TOTAL: the whole call's seconds). SWEEP_ONLY=1: the recipe alone.
export PYTHONUNBUFFERED=1
T0=$(date +%s)
left() { echo $(( ${TOTAL:-560} - ($(date +%s) - T0) )); }
stamp() { while IFS= read -r l; do [ -n "$l" ] && echo "[$(( $(date +%s) - T0 )) s] $l"; done; }
lines() { if command -v stdbuf >/dev/null; then stdbuf -oL tr '\r' '\n'; else tr '\r' '\n'; fi; }   # line by line
quiet() { lines | grep --line-buffered -v "it/s\]\|s/it\]\|clip/s\]\|it/s, loss\|?it/s"; }
limit() { local t=$(( $(left) > $2 ? $1 : $(left) / $3 )); [ $t -ge 10 ] && echo $t; }   # a step's seconds, or nothing
mkdir -p /tmp/site && tar -xJf .gpu/av-18.1.0.tar.xz -C /tmp/site || exit 1
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .gpu/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
nproc; free -g | head -2
python3 -c "import av, librosa, captum, torch, numpy; from avfusion_viz.model import EventFusionNet; print('imports ok', av.__version__, librosa.__version__, torch.__version__, numpy.__version__, torch.cuda.get_device_name())" || exit 1
echo "setup $(( $(date +%s) - T0 )) s"
if [ -z "$SWEEP_ONLY" ]; then
  # the notebooks' #| cuda cells, run in order with the cells before them
  if python3 -c "import matplotlib, fastcore" 2>/dev/null; then
    t=$(limit 150 200 2) && timeout -k 10 $t python3 .gpu/cuda_cells.py ${NOTEBOOKS:-nbs/01_audio.ipynb nbs/04_fusion.ipynb nbs/06_train.ipynb} 2>&1 | tee $OUT/cuda_cells.txt | grep --line-buffered "PASS\|FAIL\|cuda\|Error" | stamp | tail -12
  fi
  t=$(limit 120 200 3) && timeout -k 10 $t python3 -m avfusion_viz.bench train-gpu --steps 20 --workers 12 --store 2>&1 | tee $OUT/gpu_checks.txt | stamp | tail -14
  # every stage of train_reference on CUDA, at the smoke-test size (ReferenceSettings.fast(), confidence maps included)
  t=$(limit 150 200 3) && FAST=1 CMAPS=4 DEVICE=cuda OUT=/tmp/fast ROOT=/tmp/fastroot timeout -k 10 $t python3 .gpu/sweep.py 600 2>&1 | quiet | tee $OUT/fast.log | stamp | grep "^\[.*\] \(==\|Traceback\|.*Error\|sweep done\)" | tail -8
fi
[ $(left) -gt 60 ] && timeout -k 10 $(( $(left) - 15 )) python3 .gpu/sweep.py ${SWEEP_BUDGET:-600} 2>&1 | quiet | stamp | tee $OUT/sweep.log | tail -25
echo "all done at $(( $(date +%s) - T0 )) s"
