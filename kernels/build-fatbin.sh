#!/usr/bin/env bash
# Builds the kernel image: src/main/cuda/llmbench.cu (which includes every op-family file) into
# llmbench.fatbin, SASS for sm_80, sm_86, sm_89, sm_90 plus compute_90 PTX so newer GPUs can JIT it.
# First src/build/GenerateBoundary.java turns the image's tables (src/main/cuda/*.kernels) into its
# extern "C" entry points (GEN_DIR/llmbench/boundary.cuh, included by llmbench.cu) and the signatures
# the engine checks launches against (llmbench.signatures, beside the fatbin).
# Usage: build-fatbin.sh JAVA NVCC_OR_EMPTY GEN_DIR OUT_DIR
set -euo pipefail
java="$1"; requested="${2:-}"; gen="$3"; out_dir="$4"
here="$(cd "$(dirname "$0")" && pwd)"

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

# image NAME UNIT TABLE_DIR SOURCE_DIR...: OUT_DIR/NAME.fatbin from UNIT, entry points from TABLE_DIR/*.kernels.
# The generator rewrites its outputs only when their text changes, so the up-to-date check below (the
# fatbin newer than every source, generated header and this script) skips nvcc when nothing changed.
image() {
  local name="$1" unit="$2" tables="$3"; shift 3
  local fatbin="$out_dir/$name.fatbin" header_dir="$gen/$name"
  "$java" "$here/src/build/GenerateBoundary.java" "$header_dir/boundary.cuh" "$out_dir/$name.signatures" "$tables"/*.kernels
  if [[ -f "$fatbin" ]] && [[ -z "$(find "$@" "$header_dir" "$here/build-fatbin.sh" -newer "$fatbin" -type f)" ]]; then
    echo "[kernels] $fatbin is up to date"
    return
  fi
  local includes=()
  for dir in "$@"; do includes+=(-I "$dir"); done
  echo "[kernels] $nvcc -> $fatbin"
  "$nvcc" -fatbin -O3 -std=c++17 --expt-relaxed-constexpr \
    -gencode arch=compute_80,code=sm_80 \
    -gencode arch=compute_86,code=sm_86 \
    -gencode arch=compute_89,code=sm_89 \
    -gencode arch=compute_90,code=sm_90 \
    -gencode arch=compute_90,code=compute_90 \
    "${includes[@]}" -I "$header_dir" -o "$fatbin.tmp" "$unit"
  mv "$fatbin.tmp" "$fatbin"
}

mkdir -p "$out_dir"
image llmbench "$here/src/main/cuda/llmbench.cu" "$here/src/main/cuda" "$here/src/main/cuda"

# Test image for the unsupported-GPU error path (sm_80 SASS only, no PTX).
probe="$out_dir/probe-sm80-only.fatbin"
if [[ ! -f "$probe" || "$here/src/probe/probe.cu" -nt "$probe" ]]; then
  "$nvcc" -fatbin -O3 -gencode arch=compute_80,code=sm_80 -o "$probe" "$here/src/probe/probe.cu"
fi
