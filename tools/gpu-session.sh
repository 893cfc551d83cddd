#!/usr/bin/env bash
# What one device session runs on a GPU host, from the repository root, over target/bundle
# (mvn -Pbundle package) and a copy of shared/peers in .device-carry/peers. Results go to $OUT.
#   tools/gpu-session.sh tests   every test, GPU ones included (bin/gpu-tests)
#   tools/gpu-session.sh jmh     the suite in its two forms, JMH JSON kept (gpt_350m)
#   tools/gpu-session.sh perf    the performance table: our llama_7b and gpt_350m runs, then the PyTorch peer (gpt_350m)
#   tools/gpu-session.sh peer-llama   the PyTorch peer for llama_7b (next call, same machine)
set -uo pipefail
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export NCCL_NVLS_ENABLE=0
OUT=${OUT:-/tmp/llmbench-out}
mkdir -p "$OUT"
B=target/bundle/bin/llmbench
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.draw --format=csv | tee "$OUT/gpu.txt"

case "${1:-}" in
  tests)
    target/bundle/bin/gpu-tests > "$OUT/gpu-tests.log" 2>&1
    echo "gpu-tests rc=$?"
    grep -E "tests (successful|failed|found|skipped)" "$OUT/gpu-tests.log"
    grep -E "^  JUnit Jupiter:|=> " "$OUT/gpu-tests.log" | head -40
    ;;
  jmh)
    $B -p batchSize=1,8,64 -rf json -rff "$OUT/jmh-default.json" > "$OUT/jmh-default.log" 2>&1
    echo "default sweep rc=$?"; grep -E "^\[BENCHMARK\]|^# Run complete|Total time" "$OUT/jmh-default.log"
    $B -m gpt_350m --mode plugin --batch_size "1;8;64" --input_output_len "60,20;128,20" \
       -rf json -rff "$OUT/jmh-trt-gpt_350m.json" > "$OUT/jmh-trt-gpt_350m.log" 2>&1
    echo "trt form rc=$?"; grep -E "^\[BENCHMARK\]|Total time" "$OUT/jmh-trt-gpt_350m.log"
    ;;
  perf)
    $B -m llama_7b --mode plugin --batch_size "1;8;64" --input_output_len "60,20;128,20" \
       -rf json -rff "$OUT/jmh-trt-llama_7b.json" > "$OUT/jmh-trt-llama_7b.log" 2>&1
    echo "llama rc=$?"; grep -E "^\[BENCHMARK\]" "$OUT/jmh-trt-llama_7b.log"
    $B -m gpt_350m --mode plugin --batch_size "1;8;64" --input_output_len "60,20;128,20" \
       -rf json -rff "$OUT/jmh-trt-gpt_350m.json" > "$OUT/jmh-trt-gpt_350m.log" 2>&1
    echo "gpt rc=$?"; grep -E "^\[BENCHMARK\]" "$OUT/jmh-trt-gpt_350m.log"
    python3 .device-carry/peers/ceilings.py | tee "$OUT/ceilings.txt"
    peer() { PYTHONUNBUFFERED=1 python3 .device-carry/peers/hf_generate.py --variants static --runs 5 --warm 2 "$@" 2>&1 \
             | grep -E "^\[BENCHMARK\]|PEER-FAIL" | tee -a "$OUT/peer.txt"; }
    peer --models gpt_350m --batch_size "1;8;64" --input_output_len "60,20"
    peer --models gpt_350m --batch_size "64" --input_output_len "128,20"
    ;;
  peer-llama)
    # The PyTorch peer for llama_7b, in a call of its own right after `perf` (torch.compile takes minutes).
    peer() { PYTHONUNBUFFERED=1 python3 .device-carry/peers/hf_generate.py --variants static --runs 5 --warm 2 "$@" 2>&1 \
             | grep -E "^\[BENCHMARK\]|PEER-FAIL" | tee -a "$OUT/peer-llama.txt"; }
    peer --models llama_7b --batch_size "1" --input_output_len "60,20"
    peer --models llama_7b --batch_size "8;64" --input_output_len "128,20"
    ;;
  *) echo "usage: $0 tests|jmh|perf" >&2; exit 2 ;;
esac
