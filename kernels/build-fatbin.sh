#!/usr/bin/env bash
# Compiles src/main/cuda/llmbench.cu (which includes every op-family file) into one fatbin:
# SASS for sm_80, sm_86, sm_89, sm_90 plus compute_90 PTX so newer GPUs can JIT it.
# Usage: build-fatbin.sh NVCC_OR_EMPTY SRC_DIR OUT_FILE
set -euo pipefail
requested="${1:-}"; src="$2"; out="$3"

if [[ -n "$requested" ]]; then
  nvcc="$requested"
  [[ -x "$nvcc" ]] || { echo "[kernels] -Dnvcc=$nvcc is not an executable file" >&2; exit 1; }
elif command -v nvcc >/dev/null 2>&1; then
  nvcc="$(command -v nvcc)"
elif [[ -x /usr/local/cuda/bin/nvcc ]]; then
  nvcc=/usr/local/cuda/bin/nvcc
else
  cat >&2 <<'MSG'
[kernels] ERROR: nvcc (the CUDA compiler) was not found: not given by -Dnvcc, not on PATH, not in /usr/local/cuda/bin.
[kernels] Install the CUDA Toolkit 13 (only the compiler is needed, no GPU), then either put its bin/ on PATH
[kernels] or build with: mvn -Dnvcc=/path/to/cuda/bin/nvcc package
MSG
  exit 1
fi

# Skip the (slow) compile when the fatbin is newer than every source.
if [[ -f "$out" ]] && [[ -z "$(find "$src" "$src/../../probe" -newer "$out" -type f)" ]]; then
  echo "[kernels] $out is up to date"
  exit 0
fi

mkdir -p "$(dirname "$out")"
echo "[kernels] $nvcc -> $out"
"$nvcc" -fatbin -O3 -std=c++17 --expt-relaxed-constexpr \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_86,code=sm_86 \
  -gencode arch=compute_89,code=sm_89 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 \
  -I "$src" -o "$out.tmp" "$src/llmbench.cu"
mv "$out.tmp" "$out"

# Test image for the unsupported-GPU error path (sm_80 SASS only, no PTX).
probe_src="$src/../../probe/probe.cu"
"$nvcc" -fatbin -O3 -gencode arch=compute_80,code=sm_80 -o "$(dirname "$out")/probe-sm80-only.fatbin" "$probe_src"
