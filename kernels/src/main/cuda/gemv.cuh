/*
Skinny matrix products for the generation step: with batch M <= 8 a linear layer is a matrix-vector
product per sequence, bound by reading the weights once. y (M, N) = act(x (M, K) . W (N, K)^T + bias)
with W stored (out, in) row-major like every linear weight of the engine.

Algorithm (launch grid (ceil(N / 4)), block 128 = 4 warps; f16 and bf16 only; K % 8 == 0):
  - warp w of block b owns output column n = 4b + w, i.e. one row of W;
  - lane l reads W[n, 8l + 256i : +8] with one 16-byte load per step, four steps in flight for M <= 4
    (two for larger M, to stay in registers): 32-64 bytes per lane outstanding, so a full SM keeps
    64-128 KB of weight reads in flight to cover DRAM latency;
  - the matching 8 elements of each of the M rows of x come through L1/L2 (x is at most 8 x K, tiny
    and shared by every warp), and each lane accumulates M fp32 partial dot products;
  - a warp shuffle tree sums the partials; lane m writes y[m, n] = round(act(sum + bias[n])).
  M is a template parameter (1..8) so the accumulators stay in registers.
The same epilogue semantics as cuBLASLt's fused epilogue: act(acc + bias) in fp32, one rounding.

gemv_gated, for a mixture of experts' generation step: the same product for expert e of E, skipped when no
row chose it. Each warp first reads gates[m, e] (fp32, (M, E), moe_route's output) for its M rows; if every one
is 0 the warp returns without reading W or writing y (y keeps what it held: moe_combine multiplies it by the
0 gate and adds nothing). A captured graph launches every expert's products; only the chosen experts' weights
are read.

Plain-math reference:
  for m < M, n < N: acc = sum_k float(x[m, k]) * float(W[n, k]) (+ float(bias[n]))
                    y[m, n] = round(act(acc))      act codes as activations.cuh (0 none, 1 gelu tanh, 2 relu)
*/
#pragma once
#include "common.cuh"
#include "activations.cuh"

namespace gemv {
constexpr int kWarps = 4;
}  // namespace gemv

template <typename floatX, int M, bool kGated>
__device__ __forceinline__ void gemv_skinny(floatX* y, const floatX* x, const floatX* W, const floatX* bias, int N, int K,
                                            int act, const float* gates, int E, int e) {
    using namespace gemv;
    if (kGated) {
        bool chosen = false;
#pragma unroll
        for (int m = 0; m < M; m++) chosen |= gates[(long long)m * E + e] != 0.0f;
        if (!chosen) return;
    }
    constexpr int V = 8;                          // elements per 16-byte load
    constexpr int kUnroll = M <= 4 ? 4 : 2;       // loads in flight; fewer for wide M keeps registers unspilled
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int n = blockIdx.x * kWarps + warp;
    if (n >= N) return;
    const floatX* w = W + (long long)n * K;
    float acc[M];
#pragma unroll
    for (int m = 0; m < M; m++) acc[m] = 0.0f;

    const int step = 32 * V;
    int k = lane * V;
    for (; k + (kUnroll - 1) * step < K; k += kUnroll * step) {
        Packed128<floatX> wv[kUnroll];
#pragma unroll
        for (int u = 0; u < kUnroll; u++) wv[u] = load128(w + k + u * step);
#pragma unroll
        for (int u = 0; u < kUnroll; u++) {
#pragma unroll
            for (int m = 0; m < M; m++) {
                Packed128<floatX> xv = load128(x + (long long)m * K + k + u * step);
#pragma unroll
                for (int e = 0; e < V; e++) acc[m] += to_float(wv[u].v[e]) * to_float(xv.v[e]);
            }
        }
    }
    for (; k < K; k += step) {
        Packed128<floatX> wv = load128(w + k);
#pragma unroll
        for (int m = 0; m < M; m++) {
            Packed128<floatX> xv = load128(x + (long long)m * K + k);
#pragma unroll
            for (int e = 0; e < V; e++) acc[m] += to_float(wv.v[e]) * to_float(xv.v[e]);
        }
    }
#pragma unroll
    for (int m = 0; m < M; m++) acc[m] = warp_sum(acc[m]);
    if (lane < M) {
        float v = 0.0f;
#pragma unroll
        for (int m = 0; m < M; m++) if (m == lane) v = acc[m];
        if (bias) v += to_float(bias[n]);
        y[(long long)lane * N + n] = from_float<floatX>(apply_act(v, act));
    }
}

template <typename floatX, bool kGated>
__device__ __forceinline__ void gemv_rows(floatX* y, const floatX* x, const floatX* W, const floatX* bias, int M, int N, int K,
                                          int act, const float* gates, int E, int e) {
    switch (M) {
        case 1: gemv_skinny<floatX, 1, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        case 2: gemv_skinny<floatX, 2, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        case 3: gemv_skinny<floatX, 3, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        case 4: gemv_skinny<floatX, 4, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        case 5: gemv_skinny<floatX, 5, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        case 6: gemv_skinny<floatX, 6, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        case 7: gemv_skinny<floatX, 7, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        case 8: gemv_skinny<floatX, 8, kGated>(y, x, W, bias, N, K, act, gates, E, e); break;
        default: break;
    }
}

// Launch grid (ceil(N / 4)), block 128. Requires 1 <= M <= 8, K % 8 == 0, 16-byte aligned rows.
template <typename floatX>
__device__ __forceinline__ void gemv_dispatch(floatX* y, const floatX* x, const floatX* W, const floatX* bias, int M, int N,
                                              int K, int act) {
    gemv_rows<floatX, false>(y, x, W, bias, M, N, K, act, nullptr, 0, 0);
}

// As gemv_dispatch, skipped for expert e of E where gates (M, E) chose it for no row.
template <typename floatX>
__device__ __forceinline__ void gemv_gated_dispatch(floatX* y, const floatX* x, const floatX* W, const floatX* bias, int M,
                                                    int N, int K, int act, const float* gates, int E, int e) {
    gemv_rows<floatX, true>(y, x, W, bias, M, N, K, act, gates, E, e);
}
