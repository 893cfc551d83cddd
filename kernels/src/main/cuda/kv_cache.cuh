/*
Append the keys and values of the current tokens to one layer's KV cache.

The cache is head-major, (B, KV, S, D): for one (sequence, kv head) the S positions are contiguous
rows of D, which is what the attention kernels stream. The tokens of this launch (T per sequence:
the prompt, or 1 during generation) go to positions *pos0 + t, pos0 being a device scalar so one
captured graph serves every generation step. One block per token row copies its KV key heads and
KV value heads (16-byte vectors when D and the pointers allow it). Rows whose position falls
outside [0, S) are skipped (never written out of bounds).

Shapes: qkv (B*T, (H + 2KV) * D); k_cache, v_cache (B, KV, S, D).

Plain-math reference:
  for b < B, t < T, h < KV, d < D: i = b*T + t; p = *pos0 + t
    k_cache[b, h, p, d] = qkv[i, (H + h) * D + d]
    v_cache[b, h, p, d] = qkv[i, (H + KV + h) * D + d]
*/
#pragma once
#include "common.cuh"

// Launch grid B*T, block 128.
template <typename floatX>
__device__ __forceinline__ void kv_cache_write(const floatX* qkv, floatX* k_cache, floatX* v_cache, int B, int T,
                                               int H, int KV, int D, int S, const int* pos0) {
    const int i = blockIdx.x;
    if (i >= B * T) return;
    const int b = i / T, t = i - b * T;
    const int p = *pos0 + t;
    if (p < 0 || p >= S) return;
    const floatX* ksrc = qkv + (long long)i * (H + 2 * KV) * D + (long long)H * D;
    const floatX* vsrc = ksrc + (long long)KV * D;
    const long long head_stride = (long long)S * D;
    floatX* kdst = k_cache + ((long long)b * KV * S + p) * D;
    floatX* vdst = v_cache + ((long long)b * KV * S + p) * D;

    constexpr int V = Packed128<floatX>::size;
    if (D % V == 0 && is_aligned16(qkv) && is_aligned16(k_cache) && is_aligned16(v_cache)) {
        const int nv = D / V;
        for (int e = threadIdx.x; e < KV * nv; e += blockDim.x) {
            const int h = e / nv, c = (e - h * nv) * V;
            store128(kdst + h * head_stride + c, load128(ksrc + (long long)h * D + c));
            store128(vdst + h * head_stride + c, load128(vsrc + (long long)h * D + c));
        }
    } else {
        for (int e = threadIdx.x; e < KV * D; e += blockDim.x) {
            const int h = e / D, d = e - h * D;
            kdst[h * head_stride + d] = ksrc[(long long)h * D + d];
            vdst[h * head_stride + d] = vsrc[(long long)h * D + d];
        }
    }
}
