/*
Weight-only int8 products (W8A16, TensorRT-LLM's int8_weight_only): a linear weight (N, K), row-major like
every linear weight of the engine, is stored as int8 codes with one scale per output row (in the
activations' type); the activations stay f16/bf16 and accumulation is fp32.

  W[n, k] = code[n, k] * scale[n]

gemv_w8 (the generation step, 1 <= M <= 8 rows): launch grid (ceil(N / 4)), block 128 = 4 warps, laid out
as gemv.cuh's dense GEMV:
  - warp w of block b owns output row n = 4b + w of W;
  - lane l reads codes[n, 16l + 512i : +16] with one 16-byte load (half the bytes of a dense f16 row per
    element, so four loads in flight for M <= 4, two for larger M, as gemv keeps 64 bytes a lane
    outstanding), and the matching 16 elements of each of the M rows of x with two 16-byte loads;
  - each lane accumulates M fp32 partial dot products of x and the codes; the scale is per row, so it
    multiplies the warp's sum once: y[m, n] = round(act(scale[n] * sum + bias[n])).
  Requires K % 16 == 0 and 16-byte aligned rows (the launcher checks K).
dequantize_w8 (the context phase): W (N, K) = round(code * scale[n]) into a dense scratch weight, then the
  dense product (cuBLASLt) runs on it. Elementwise launch.
init_codes_i8: random codes for the benchmark's random weights, code = rint(127 * u) with u = uniform(seed, i)
  of init.cuh, so codes cover [-127, 127] and code * (s / 127) spreads like a dense weight of range s.

Plain-math reference (the CPU reference multiplies the dequantized weight instead: the same value up to
fp32 rounding of the product's order):
  for m < M, n < N: y[m, n] = round(act(scale[n] * sum_k float(x[m, k]) * code[n, k] + float(bias[n])))

Weight-only int4 products (W4A16: int4_weight_only per channel, AWQ's and GPTQ's groups): 4-bit unsigned codes
(0..15), two a byte along K (the low nibble holds the even k), with a scale (the activations' type) and a zero
point (one byte, 0..15) per output row and group of G inputs; the formats without zero points store 8:

  W[n, k] = (code[n, k] - zero[n, k / G]) * scale[n, k / G]

gemv_w4 (1 <= M <= 8): grid ceil(N / 4), block 128, a warp per output row as gemv_w8. Lane l reads 16 bytes
  = 32 codes at k = 32 l + 1024 i (four such loads in flight for M <= 4, two for larger M, as gemv_w8), and the
  32 matching elements of each row of x (four 16-byte loads). The 32 codes lie in one group (G % 32 == 0), so
  per row the lane sums dot = sum x * code and xs = sum x over them and adds scale * (dot - zero * xs).
  Requires K % 32 == 0, G % 32 == 0, K % G == 0 (the launcher checks them).
dequantize_w4 (the context phase): W (N, K) = round((code - zero) * scale) into the dense scratch.
init_codes_i4: random packed codes, each nibble rint(7.5 (u + 1)) with u = uniform(seed, 2 i + nibble), so codes
  cover 0..15 and, with zero 8, (code - 8) * scale spreads like a dense weight of range 8 * scale.

Plain-math reference:
  for m < M, n < N: y[m, n] = round(act(sum_k float(x[m, k]) * (code[n, k] - zero[n, k/G]) * scale[n, k/G]
                                        + float(bias[n])))
*/
#pragma once
#include "common.cuh"
#include "activations.cuh"
#include "init.cuh"

namespace weight_only {
constexpr int kWarps = 4;
constexpr int kCodesPerLoad = 16;
}  // namespace weight_only

template <typename floatX, int M>
__device__ __forceinline__ void gemv_w8_skinny(floatX* y, const floatX* x, const signed char* codes, const floatX* scales,
                                               const floatX* bias, int N, int K, int act) {
    using namespace weight_only;
    constexpr int V = kCodesPerLoad;
    constexpr int kUnroll = M <= 4 ? 4 : 2;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int n = blockIdx.x * kWarps + warp;
    if (n >= N) return;
    const signed char* w = codes + (long long)n * K;
    float acc[M];
#pragma unroll
    for (int m = 0; m < M; m++) acc[m] = 0.0f;

    const int step = 32 * V;
    int k = lane * V;
    for (; k + (kUnroll - 1) * step < K; k += kUnroll * step) {
        int4 wv[kUnroll];
#pragma unroll
        for (int u = 0; u < kUnroll; u++) wv[u] = *reinterpret_cast<const int4*>(w + k + u * step);
#pragma unroll
        for (int u = 0; u < kUnroll; u++) {
            const signed char* c = reinterpret_cast<const signed char*>(&wv[u]);
#pragma unroll
            for (int m = 0; m < M; m++) {
                const floatX* xr = x + (long long)m * K + k + u * step;
                Packed128<floatX> lo = load128(xr), hi = load128(xr + 8);
#pragma unroll
                for (int e = 0; e < 8; e++) acc[m] += to_float(lo.v[e]) * (float)c[e];
#pragma unroll
                for (int e = 0; e < 8; e++) acc[m] += to_float(hi.v[e]) * (float)c[8 + e];
            }
        }
    }
    for (; k < K; k += step) {
        int4 wv = *reinterpret_cast<const int4*>(w + k);
        const signed char* c = reinterpret_cast<const signed char*>(&wv);
#pragma unroll
        for (int m = 0; m < M; m++) {
            const floatX* xr = x + (long long)m * K + k;
            Packed128<floatX> lo = load128(xr), hi = load128(xr + 8);
#pragma unroll
            for (int e = 0; e < 8; e++) acc[m] += to_float(lo.v[e]) * (float)c[e];
#pragma unroll
            for (int e = 0; e < 8; e++) acc[m] += to_float(hi.v[e]) * (float)c[8 + e];
        }
    }
#pragma unroll
    for (int m = 0; m < M; m++) acc[m] = warp_sum(acc[m]);
    if (lane < M) {
        float v = 0.0f;
#pragma unroll
        for (int m = 0; m < M; m++) if (m == lane) v = acc[m];
        v *= to_float(scales[n]);
        if (bias) v += to_float(bias[n]);
        y[(long long)lane * N + n] = from_float<floatX>(apply_act(v, act));
    }
}

// Launch grid (ceil(N / 4)), block 128. Requires 1 <= M <= 8, K % 16 == 0, 16-byte aligned rows.
template <typename floatX>
__device__ __forceinline__ void gemv_w8_dispatch(floatX* y, const floatX* x, const signed char* codes, const floatX* scales,
                                                 const floatX* bias, int M, int N, int K, int act) {
    switch (M) {
        case 1: gemv_w8_skinny<floatX, 1>(y, x, codes, scales, bias, N, K, act); break;
        case 2: gemv_w8_skinny<floatX, 2>(y, x, codes, scales, bias, N, K, act); break;
        case 3: gemv_w8_skinny<floatX, 3>(y, x, codes, scales, bias, N, K, act); break;
        case 4: gemv_w8_skinny<floatX, 4>(y, x, codes, scales, bias, N, K, act); break;
        case 5: gemv_w8_skinny<floatX, 5>(y, x, codes, scales, bias, N, K, act); break;
        case 6: gemv_w8_skinny<floatX, 6>(y, x, codes, scales, bias, N, K, act); break;
        case 7: gemv_w8_skinny<floatX, 7>(y, x, codes, scales, bias, N, K, act); break;
        case 8: gemv_w8_skinny<floatX, 8>(y, x, codes, scales, bias, N, K, act); break;
        default: break;
    }
}

// out (N, K) = round(code * scale[row]); elementwise launch over N * K.
template <typename floatX>
__device__ __forceinline__ void dequantize_w8(floatX* out, const signed char* codes, const floatX* scales, long long n,
                                              int K) {
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) {
        out[i] = from_float<floatX>(__fmul_rn((float)codes[i], to_float(scales[i / K])));
    }
}

// out (n) = rint(127 * uniform(seed, i)); elementwise launch.
__device__ __forceinline__ void init_codes_i8_any(signed char* out, long long n, unsigned long long seed) {
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) {
        out[i] = (signed char)__float2int_rn(__fmul_rn(127.0f, uniform_pm1(seed, i)));
    }
}

namespace weight_only {
constexpr int kCodesPerLoad4 = 32;  // 16 bytes of int4 codes
}  // namespace weight_only

// The code of element idx (0..31) of a 16-byte load of packed int4 codes.
__device__ __forceinline__ float int4_code(const unsigned char* c, int idx) {
    const unsigned char b = c[idx >> 1];
    return (float)((idx & 1) ? (b >> 4) : (b & 0xF));
}

// Adds to acc[m] row m's part of the 32 codes at k (one group): scale * (sum x * code - zero * sum x).
template <typename floatX, int M>
__device__ __forceinline__ void gemv_w4_chunk(float (&acc)[M], const int4& wv, const floatX* x, int K, int k, float s, float z) {
    const unsigned char* c = reinterpret_cast<const unsigned char*>(&wv);
#pragma unroll
    for (int m = 0; m < M; m++) {
        const floatX* xr = x + (long long)m * K + k;
        float dot = 0.0f, xs = 0.0f;
#pragma unroll
        for (int q = 0; q < 4; q++) {
            const Packed128<floatX> xv = load128(xr + 8 * q);
#pragma unroll
            for (int e = 0; e < 8; e++) {
                const float xf = to_float(xv.v[e]);
                dot += xf * int4_code(c, 8 * q + e);
                xs += xf;
            }
        }
        acc[m] += s * (dot - z * xs);
    }
}

template <typename floatX, int M>
__device__ __forceinline__ void gemv_w4_skinny(floatX* y, const floatX* x, const unsigned char* codes, const floatX* scales,
                                               const unsigned char* zeros, const floatX* bias, int N, int K, int G, int act) {
    using namespace weight_only;
    constexpr int V = kCodesPerLoad4;
    constexpr int kUnroll = M <= 4 ? 4 : 2;  // code loads in flight a lane, as gemv_w8
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int n = blockIdx.x * kWarps + warp;
    if (n >= N) return;
    const unsigned char* w = codes + (long long)n * (K / 2);
    const int groups = K / G;
    const floatX* srow = scales + (long long)n * groups;
    const unsigned char* zrow = zeros + (long long)n * groups;
    float acc[M];
#pragma unroll
    for (int m = 0; m < M; m++) acc[m] = 0.0f;

    const int step = 32 * V;
    int k = lane * V;
    for (; k + (kUnroll - 1) * step < K; k += kUnroll * step) {
        int4 wv[kUnroll];
#pragma unroll
        for (int u = 0; u < kUnroll; u++) wv[u] = *reinterpret_cast<const int4*>(w + (k + u * step) / 2);
#pragma unroll
        for (int u = 0; u < kUnroll; u++) {
            const int g = (k + u * step) / G;
            gemv_w4_chunk<floatX, M>(acc, wv[u], x, K, k + u * step, to_float(srow[g]), (float)zrow[g]);
        }
    }
    for (; k < K; k += step) {
        const int4 wv = *reinterpret_cast<const int4*>(w + k / 2);
        const int g = k / G;
        gemv_w4_chunk<floatX, M>(acc, wv, x, K, k, to_float(srow[g]), (float)zrow[g]);
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

// Launch grid (ceil(N / 4)), block 128. Requires 1 <= M <= 8, K % 32 == 0, G % 32 == 0, K % G == 0.
template <typename floatX>
__device__ __forceinline__ void gemv_w4_dispatch(floatX* y, const floatX* x, const unsigned char* codes, const floatX* scales,
                                                 const unsigned char* zeros, const floatX* bias, int M, int N, int K, int G,
                                                 int act) {
    switch (M) {
        case 1: gemv_w4_skinny<floatX, 1>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        case 2: gemv_w4_skinny<floatX, 2>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        case 3: gemv_w4_skinny<floatX, 3>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        case 4: gemv_w4_skinny<floatX, 4>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        case 5: gemv_w4_skinny<floatX, 5>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        case 6: gemv_w4_skinny<floatX, 6>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        case 7: gemv_w4_skinny<floatX, 7>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        case 8: gemv_w4_skinny<floatX, 8>(y, x, codes, scales, zeros, bias, N, K, G, act); break;
        default: break;
    }
}

// out (N, K) = round((code - zero) * scale) of each element's group; elementwise launch over N * K.
template <typename floatX>
__device__ __forceinline__ void dequantize_w4(floatX* out, const unsigned char* codes, const floatX* scales,
                                              const unsigned char* zeros, long long n, int K, int G) {
    const int groups = K / G;
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) {
        const long long row = i / K;
        const int k = (int)(i - row * K);
        const unsigned char b = codes[i >> 1];  // row * K is even (K % 32 == 0): element i's byte is i / 2
        const float code = (float)((k & 1) ? (b >> 4) : (b & 0xF));
        const long long s = row * groups + k / G;
        out[i] = from_float<floatX>(__fmul_rn(code - (float)zeros[s], to_float(scales[s])));
    }
}

// out (n bytes) = two random codes each: low nibble rint(7.5 (u(2i) + 1)), high nibble the same of u(2i + 1).
__device__ __forceinline__ void init_codes_i4_any(unsigned char* out, long long n, unsigned long long seed) {
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) {
        const int lo = __float2int_rn(__fmul_rn(7.5f, __fadd_rn(uniform_pm1(seed, 2 * i), 1.0f)));
        const int hi = __float2int_rn(__fmul_rn(7.5f, __fadd_rn(uniform_pm1(seed, 2 * i + 1), 1.0f)));
        out[i] = (unsigned char)(lo | (hi << 4));
    }
}
