/*
Token (+ learned position) embedding lookup.

One block per token row; the threads of the block stream the C columns (16-byte vectors when
C and the pointers allow it). The position is *pos0 + (i % T) + pos_offset: pos0 is a device
scalar (0 for the prompt, the current length during generation, so one captured CUDA graph
serves every step) and pos_offset is the model's constant offset (OPT adds 2).

Shapes: out (N, C), tokens (N), wte (V, C), wpe (P, C) or NULL, N = B * T.

Plain-math reference:
  for i < N: p = *pos0 + (i % T) + pos_offset
             for c < C: out[i, c] = (floatX) ((float) wte[tokens[i], c] + (wpe ? (float) wpe[p, c] : 0))
  (with wpe == NULL the value is copied exactly.)
No bounds check is done on tokens[i] or p: they must lie in [0, V) and [0, P).
*/
#pragma once
#include "common.cuh"

// Launch grid N, block 256.
template <typename floatX>
__device__ __forceinline__ void embedding(floatX* out, const int* tokens, const floatX* wte, const floatX* wpe,
                                          int N, int T, int C, const int* pos0, int pos_offset) {
    const int i = blockIdx.x;
    if (i >= N) return;
    const floatX* e = wte + (long long)tokens[i] * C;
    const floatX* p = nullptr;
    if (wpe != nullptr) p = wpe + (long long)(*pos0 + (i % T) + pos_offset) * C;
    floatX* o = out + (long long)i * C;

    constexpr int V = Packed128<floatX>::size;
    const bool vec = (C % V == 0) && is_aligned16(wte) && is_aligned16(out) && (p == nullptr || is_aligned16(wpe));
    const int nvec = vec ? C / V : 0;
    for (int k = threadIdx.x; k < nvec; k += blockDim.x) {
        Packed128<floatX> a = load128(e + k * V);
        if (p != nullptr) {
            const Packed128<floatX> b = load128(p + k * V);
#pragma unroll
            for (int j = 0; j < V; j++) a.v[j] = from_float<floatX>(to_float(a.v[j]) + to_float(b.v[j]));
        }
        store128(o + k * V, a);
    }
    for (int c = nvec * V + threadIdx.x; c < C; c += blockDim.x) {
        float v = to_float(e[c]);
        if (p != nullptr) v += to_float(p[c]);
        o[c] = from_float<floatX>(v);
    }
}
