/*
Greedy sampling: argmax over the vocabulary, written both as the next input token and into the
generated-token history.

One block of 1024 threads per batch row. Each thread scans a strided slice of the V logits keeping
its best (value, index); then warp shuffles and one pass over the 32 warp winners. The comparison
is a total order, so the result does not depend on the reduction tree:
  a beats b  iff  a is not NaN and (b is NaN or a.val > b.val or (a.val == b.val and a.idx < b.idx))
  (both NaN: the lower index wins)
i.e. the lowest index among equal maxima (as torch.argmax), NaN below every number (also -inf).
+0 and -0 compare equal. step is a device scalar (the generation step), so one captured graph
serves every step.

Shapes: logits (B, V); next_tokens (B); out_tokens (B, out_len).

Plain-math reference:
  for b < B: idx = lowest i < V with logits[b, i] == max_j logits[b, j] (NaNs ignored; all NaN: 0)
             next_tokens[b] = idx
             if (0 <= *step < out_len) out_tokens[b * out_len + *step] = idx
  (V <= 0 gives idx 0.)
*/
#pragma once
#include "common.cuh"
#include <limits.h>

namespace sampling {
__device__ __forceinline__ bool beats(float av, int ai, float bv, int bi) {
    if (av != av) return (bv != bv) && ai < bi;
    if (bv != bv) return true;
    return av > bv || (av == bv && ai < bi);
}
}  // namespace sampling

// Launch grid B, block 1024.
template <typename floatX>
__device__ __forceinline__ void argmax(const floatX* logits, int B, int V, int* next_tokens, int* out_tokens,
                                       int out_len, const int* step) {
    using namespace sampling;
    __shared__ float wval[32];
    __shared__ int widx[32];
    const int b = blockIdx.x;
    if (b >= B) return;
    const floatX* row = logits + (long long)b * V;
    float best = __int_as_float(0x7fffffff);  // NaN: loses to everything
    int bi = INT_MAX;
    for (int i = threadIdx.x; i < V; i += blockDim.x) {
        const float v = to_float(row[i]);
        if (beats(v, i, best, bi)) { best = v; bi = i; }
    }
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        const float ov = __shfl_xor_sync(0xffffffffu, best, o);
        const int oi = __shfl_xor_sync(0xffffffffu, bi, o);
        if (beats(ov, oi, best, bi)) { best = ov; bi = oi; }
    }
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    if (lane == 0) { wval[warp] = best; widx[warp] = bi; }
    __syncthreads();
    if (warp == 0) {
        best = lane < nwarps ? wval[lane] : __int_as_float(0x7fffffff);
        bi = lane < nwarps ? widx[lane] : INT_MAX;
#pragma unroll
        for (int o = 16; o > 0; o >>= 1) {
            const float ov = __shfl_xor_sync(0xffffffffu, best, o);
            const int oi = __shfl_xor_sync(0xffffffffu, bi, o);
            if (beats(ov, oi, best, bi)) { best = ov; bi = oi; }
        }
        if (lane == 0) {
            const int idx = bi == INT_MAX ? 0 : bi;
            next_tokens[b] = idx;
            if (out_tokens != nullptr && step != nullptr) {
                const int s = *step;
                if (s >= 0 && s < out_len) out_tokens[(long long)b * out_len + s] = idx;
            }
        }
    }
}
