#!/bin/bash
# One prepared device run: install the carried packages, the reference recipe end to end, then the GPU checks with the
# time left (SWEEP_S: the recipe's share; TOTAL: the whole call's).
export PYTHONUNBUFFERED=1
T0=$(date +%s)
left() { echo $(( ${TOTAL:-560} - ($(date +%s) - T0) )); }
mkdir -p /tmp/site && tar -xJf .gpu/av-18.1.0.tar.xz -C /tmp/site || exit 1
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .gpu/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
nproc; free -g | head -2
python3 -c "import av, librosa, captum, torch, numpy; from avfusion_viz.model import EventFusionNet; print('imports ok', av.__version__, librosa.__version__, torch.__version__, numpy.__version__, torch.cuda.get_device_name())" || exit 1
echo "setup $(( $(date +%s) - T0 )) s"
timeout ${SWEEP_S:-400} python3 .gpu/sweep.py ${SWEEP_BUDGET:-280} 2>&1 | tr '\r' '\n' | grep -v "it/s\]\|s/it\]\|clip/s\]\|it/s, loss\|?it/s" | tee $OUT/sweep.log | tail -40
echo "sweep done at $(( $(date +%s) - T0 )) s"
if [ -z "$SWEEP_ONLY" ] && [ $(left) -gt 40 ]; then
  timeout $(( $(left) > 100 ? 90 : $(left) - 10 )) python3 -m avfusion_viz.bench model --device cuda --bf16 --repeats 5 2>&1 | tee $OUT/gpu_checks.txt | tail -25
  echo "bench model done at $(( $(date +%s) - T0 )) s"
fi
# the notebooks' #| cuda cells (01_audio, 04_fusion, 06_train), run in order with the cells before them
if [ -z "$SWEEP_ONLY" ] && [ $(left) -gt 40 ] && python3 -c "import matplotlib, fastcore" 2>/dev/null; then
  timeout $(( $(left) - 10 )) python3 .gpu/cuda_cells.py nbs/01_audio.ipynb nbs/04_fusion.ipynb nbs/06_train.ipynb 2>&1 | tee $OUT/cuda_cells.txt | grep "PASS\|FAIL\|cuda\|Error" | tail -12
  echo "cuda cells done at $(( $(date +%s) - T0 )) s"
fi
if [ -z "$SWEEP_ONLY" ] && [ $(left) -gt 60 ]; then timeout $(( $(left) - 10 )) python3 -m avfusion_viz.bench train-gpu --steps 20 --workers 12 --store 2>&1 | tee -a $OUT/gpu_checks.txt | tail -25; fi
echo "all done at $(( $(date +%s) - T0 )) s"
