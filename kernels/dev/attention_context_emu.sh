#!/usr/bin/env bash
# Builds and runs the CPU emulator of the tensor-core attention path (attention_context_emu.cpp).
# Usage (from anywhere): bash kernels/dev/attention_context_emu.sh [seed]
# Needs g++ >= 11 (C++20 std::barrier) and the CUDA headers (cuda_fp16.h), no GPU.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../src/main/cuda/attention_context.cuh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# the tensor-core code: the attn_tc and attn_enc constants, then the shared flash-attention steps and the two
# kernels (PTX wrappers and entry points left out: the emulator brings its own wrappers)
awk '/^namespace attn_tc \{/{on=1} /^\/\/ PTX wrappers/{on=0} /^\/\/ ---- Flash-attention steps/{on=1}
     /^\/\/ Entry points\./{on=0} on' "$src" | sed '$d' > "$work/tc.inc"
cuda_inc="$(dirname "$(command -v nvcc)")/../include"
[[ -f "$cuda_inc/cuda_fp16.h" ]] || cuda_inc=/usr/local/cuda/include
g++ -O2 -std=c++20 -I "$cuda_inc" -DATTN_TC_EXTRACT="\"$work/tc.inc\"" -o "$work/emu" "$here/attention_context_emu.cpp" -lpthread
"$work/emu" "${1:-$RANDOM}"
