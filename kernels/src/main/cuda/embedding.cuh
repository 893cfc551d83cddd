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

embedding_glm (GLM-10B): two learned tables, the position's and the block position's, at the token's GLM
positions (engine model.GlmPositions) from its cache position p = *pos0 + (i % T) and the prompt's length L:
  pos = p < L - 1 ? p : L          blk = p < L - 1 ? 0 : p - (L - 1) + 1
  out[i, c] = (floatX) ((float) wte[tokens[i], c] + (float) wpe[pos, c] + (float) wbe[blk, c])   (fp32 sum, one rounding)
wpe and wbe have at least max(L, the largest block) + 1 rows.
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

// Launch grid N, block 256 (GLM-10B: see the header).
template <typename floatX>
__device__ __forceinline__ void embedding_glm(floatX* out, const int* tokens, const floatX* wte, const floatX* wpe,
                                              const floatX* wbe, int N, int T, int C, const int* pos0, int prompt_len) {
    const int i = blockIdx.x;
    if (i >= N) return;
    const int p = *pos0 + (i % T), context = prompt_len - 1;
    const int pos = p < context ? p : prompt_len, blk = p < context ? 0 : p - context + 1;
    const floatX* e = wte + (long long)tokens[i] * C;
    const floatX* a = wpe + (long long)pos * C;
    const floatX* b = wbe + (long long)blk * C;
    floatX* o = out + (long long)i * C;

    constexpr int V = Packed128<floatX>::size;
    const bool vec = (C % V == 0) && is_aligned16(wte) && is_aligned16(wpe) && is_aligned16(wbe) && is_aligned16(out);
    const int nvec = vec ? C / V : 0;
    for (int k = threadIdx.x; k < nvec; k += blockDim.x) {
        Packed128<floatX> x = load128(e + k * V);
        const Packed128<floatX> y = load128(a + k * V), z = load128(b + k * V);
#pragma unroll
        for (int j = 0; j < V; j++) x.v[j] = from_float<floatX>(to_float(x.v[j]) + to_float(y.v[j]) + to_float(z.v[j]));
        store128(o + k * V, x);
    }
    for (int c = nvec * V + threadIdx.x; c < C; c += blockDim.x) {
        o[c] = from_float<floatX>(to_float(e[c]) + to_float(a[c]) + to_float(b[c]));
    }
}
