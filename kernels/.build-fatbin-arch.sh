#!/usr/bin/env bash
# Builds the kernel images, each from one translation unit that includes its op-family files, as a
# fatbin with SASS for sm_80, sm_86, sm_89, sm_90 plus compute_90 PTX so newer GPUs can JIT it:
#   OUT_DIR/llmbench.fatbin            src/main/cuda/llmbench.cu: the engine's kernels (the kernels jar)
#   TEST_OUT_DIR/llmbench-test.fatbin  src/test/cuda/llmbench-test.cu: kernels only the tests use (test-jar)
#   TEST_OUT_DIR/probe-sm80-only.fatbin  src/test/cuda/probe.cu: sm_80 SASS only, for the unsupported-GPU test
# Before nvcc, src/build/GenerateBoundary.java turns an image's tables (*.kernels beside its sources)
# into its extern "C" entry points (GEN_DIR/IMAGE/boundary.cuh, included by the unit) and the signatures
# the engine checks launches against (IMAGE.signatures, beside the fatbin).
# Usage: build-fatbin.sh JAVA NVCC_OR_EMPTY GEN_DIR OUT_DIR TEST_OUT_DIR
set -euo pipefail
java="$1"; requested="${2:-}"; gen="$3"; out_dir="$4"; test_out_dir="$5"
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

# image NAME UNIT OUT TABLE_DIR SOURCE_DIR...: OUT/NAME.fatbin from UNIT, entry points from TABLE_DIR/*.kernels.
# The generator rewrites its outputs only when their text changes, so the up-to-date check below (the
# fatbin newer than every source, generated header and this script) skips nvcc when nothing changed.
image() {
  local name="$1" unit="$2" out="$3" tables="$4"; shift 4
  local fatbin="$out/$name.fatbin" header_dir="$gen/$name"
  mkdir -p "$out"
  "$java" "$here/src/build/GenerateBoundary.java" "$header_dir/boundary.cuh" "$out/$name.signatures" "$tables"/*.kernels
  if [[ -f "$fatbin" ]] && [[ -z "$(find "$@" "$header_dir" "$here/build-fatbin.sh" -newer "$fatbin" -type f)" ]]; then
    echo "[kernels] $fatbin is up to date"
    return
  fi
  local includes=()
  for dir in "$@"; do includes+=(-I "$dir"); done
  echo "[kernels] $nvcc -> $fatbin"
  "$nvcc" -fatbin -O3 -std=c++17 --expt-relaxed-constexpr \
    -gencode arch=compute_90,code=sm_90 \
    "${includes[@]}" -I "$header_dir" -o "$fatbin.tmp" "$unit"
  mv "$fatbin.tmp" "$fatbin"
}

main="$here/src/main/cuda" test="$here/src/test/cuda"
image llmbench "$main/llmbench.cu" "$out_dir" "$main" "$main"
image llmbench-test "$test/llmbench-test.cu" "$test_out_dir" "$test" "$test" "$main"

probe="$test_out_dir/probe-sm80-only.fatbin"
if [[ ! -f "$probe" || "$test/probe.cu" -nt "$probe" ]]; then
  "$nvcc" -fatbin -O3 -gencode arch=compute_80,code=sm_80 -o "$probe" "$test/probe.cu"
fi
