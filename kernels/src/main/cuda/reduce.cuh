/*
Whole-tensor reductions (checksums of activations and logits in the tests and benchmarks).

sum_f32 is deterministic: one block, so no atomics and no cross-block order; each thread sums a
fixed, strided subset of x in fp32 (grid-stride loop, element order i = tid, tid + 1024, ...),
then a fixed warp-shuffle tree and a fixed tree over the 32 warp partials. For a given n and
launch shape the result is bit-reproducible run to run (but it is not the sequential sum).

Plain-math reference:
  sum_f32: out[0] = sum_{i < n} x[i]     (fp32 accumulation, order as described above)
*/
#pragma once
#include "common.cuh"

// x (n) -> out (1). Launch grid 1, block 1024.
__device__ __forceinline__ void sum(const float* x, long long n, float* out) {
    float acc = 0.0f;
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) acc += x[i];
    acc = block_sum(acc);
    if (threadIdx.x == 0 && blockIdx.x == 0) out[0] = acc;
}
