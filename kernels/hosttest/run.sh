#!/usr/bin/env bash
# Host-side check of the kernels without a GPU: compiles llmbench.cu's op files as plain C++ on top of
# emu.h (a tiny SIMT emulator: one fiber per CUDA thread, __syncthreads and warp shuffles as fiber
# barriers; x86-64 only) and compares every kernel against fp64 / bit-exact references on odd sizes.
# Not part of the build; the real tests are the Java GPU tests. Needs g++ (C++20), javac/java
# (for the init_uniform reference values) and the CUDA headers.
# Usage: bash run.sh [base|f32|f16|bf16|all]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cuda_inc="${CUDA_HOME:-/usr/local/cuda}/include"
javac -d "$work" "$here/InitRef.java"
java -cp "$work" InitRef > "$work/init_ref.txt"
g++ -std=c++20 -O2 -ffp-contract=off -I"$cuda_inc" -I"$here/../src/main/cuda" -include "$here/emu.h" "$here/test.cpp" -o "$work/test"
cd "$work" && ./test "${1:-all}"
