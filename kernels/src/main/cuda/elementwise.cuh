/*
Elementwise kernels: residual add, GLM's scaled residual, step counters, and the copy of the last token
row of every sequence (the only rows the LM head needs after a prompt).

Memory-bound, so the only trick is the access pattern: grid-stride loops (elementwise launch:
grid min(ceil(n/256), 65535), block 256) and 16-byte vector loads/stores when every pointer is
16-byte aligned; a scalar loop handles the tail and misaligned pointers. Each element is computed
by the same formula on both paths, so the result does not depend on alignment or launch shape.

Plain-math reference:
  counters_advance:   c[i] += 1                                             i < n
  add_X:              y[i] = (floatX) ((float) y[i] + (float) x[i])         i < n
  scaled_add_X:       out[i] = (floatX) fmaf(alpha, (float) x[i], (float) y[i])   i < n   (out may be x or y)
                      GLM's residual alpha * norm(h) + f(norm(h)); Hugging Face's half-precision code rounds
                      alpha * x before the add, one rounding more
  gather_last_rows_X: out[b, c] = in[b * T + T - 1, c]                      b < B, c < C
*/
#pragma once
#include "common.cuh"

// ----------------------------------------------------------------------------------------------
// counters_advance: c (n) += 1. Launch grid 1, block 32 (any shape works: grid-stride loop).
// Used once per generation step inside the captured graph to advance the device-scalar positions.
__device__ __forceinline__ void advance_counters(int* c, int n) {
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) c[i] += 1;
}

// ----------------------------------------------------------------------------------------------
// add: y (n) += x (n), rounded once to floatX. elementwise launch
template <typename floatX> __device__ __forceinline__ void add(floatX* y, const floatX* x, long long n) {
    constexpr int V = Packed128<floatX>::size;
    const long long nvec = (is_aligned16(y) && is_aligned16(x)) ? n / V : 0;
    for (long long i = grid_thread_id(); i < nvec; i += grid_stride()) {
        Packed128<floatX> yv = load128(y + i * V);
        const Packed128<floatX> xv = load128(x + i * V);
#pragma unroll
        for (int k = 0; k < V; k++) yv.v[k] = from_float<floatX>(to_float(yv.v[k]) + to_float(xv.v[k]));
        store128(y + i * V, yv);
    }
    for (long long i = nvec * V + grid_thread_id(); i < n; i += grid_stride())
        y[i] = from_float<floatX>(to_float(y[i]) + to_float(x[i]));
}

// ----------------------------------------------------------------------------------------------
// scaled_add: out (n) = alpha * x (n) + y (n), one fma in fp32, rounded once. elementwise launch
template <typename floatX>
__device__ __forceinline__ void scaled_add(floatX* out, const floatX* x, const floatX* y, float alpha, long long n) {
    constexpr int V = Packed128<floatX>::size;
    const long long nvec = (is_aligned16(out) && is_aligned16(x) && is_aligned16(y)) ? n / V : 0;
    for (long long i = grid_thread_id(); i < nvec; i += grid_stride()) {
        const Packed128<floatX> xv = load128(x + i * V);
        Packed128<floatX> yv = load128(y + i * V);
#pragma unroll
        for (int k = 0; k < V; k++) yv.v[k] = from_float<floatX>(fmaf(alpha, to_float(xv.v[k]), to_float(yv.v[k])));
        store128(out + i * V, yv);
    }
    for (long long i = nvec * V + grid_thread_id(); i < n; i += grid_stride())
        out[i] = from_float<floatX>(fmaf(alpha, to_float(x[i]), to_float(y[i])));
}

// ----------------------------------------------------------------------------------------------
// gather_last_rows: in (B*T, C) -> out (B, C), row b = in row b*T + T - 1.
// Launch grid B, block 256: block b copies one row.
template <typename floatX>
__device__ __forceinline__ void gather_last_rows(floatX* out, const floatX* in, int B, int T, int C) {
    const int b = blockIdx.x;
    if (b >= B || T <= 0) return;
    const floatX* src = in + ((long long)b * T + (T - 1)) * C;
    floatX* dst = out + (long long)b * C;
    constexpr int V = Packed128<floatX>::size;
    const int nvec = (is_aligned16(src) && is_aligned16(dst)) ? C / V : 0;
    for (int i = threadIdx.x; i < nvec; i += blockDim.x) store128(dst + i * V, load128(src + i * V));
    for (int i = nvec * V + threadIdx.x; i < C; i += blockDim.x) dst[i] = src[i];
}
