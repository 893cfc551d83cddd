/*
Elementwise kernels: fill, axpy, dtype conversion, residual add, step counters, and the copy of the
last token row of every sequence (the only rows the LM head needs after a prompt).

Memory-bound, so the only trick is the access pattern: grid-stride loops (elementwise launch:
grid min(ceil(n/256), 65535), block 256) and 16-byte vector loads/stores when every pointer is
16-byte aligned; a scalar loop handles the tail and misaligned pointers. Each element is computed
by the same formula on both paths, so the result does not depend on alignment or launch shape.

Plain-math reference:
  fill_f32:           out[i] = value                                        i < n
  axpy_f32:           y[i] = a * x[i] + y[i]   (fp32: rounded multiply, then rounded add, no FMA)
  convert_A_to_B:     out[i] = (B) in[i]                                    (round to nearest-even)
  counters_advance:   c[i] += 1                                             i < n
  add_X:              y[i] = (floatX) ((float) y[i] + (float) x[i])         i < n
  gather_last_rows_X: out[b, c] = in[b * T + T - 1, c]                      b < B, c < C
*/
#pragma once
#include "common.cuh"

// ----------------------------------------------------------------------------------------------
// fill: out (n). elementwise launch
__device__ __forceinline__ void fill(float* out, long long n, float value) {
    const long long nvec = is_aligned16(out) ? n / 4 : 0;
    const float4 v4 = make_float4(value, value, value, value);
    for (long long i = grid_thread_id(); i < nvec; i += grid_stride()) reinterpret_cast<float4*>(out)[i] = v4;
    for (long long i = nvec * 4 + grid_thread_id(); i < n; i += grid_stride()) out[i] = value;
}

// ----------------------------------------------------------------------------------------------
// axpy: y (n) = a * x (n) + y. elementwise launch
__device__ __forceinline__ void axpy(float* y, const float* x, float a, long long n) {
    const long long nvec = (is_aligned16(y) && is_aligned16(x)) ? n / 4 : 0;
    for (long long i = grid_thread_id(); i < nvec; i += grid_stride()) {
        float4 xv = reinterpret_cast<const float4*>(x)[i];
        float4 yv = reinterpret_cast<float4*>(y)[i];
        yv.x = __fadd_rn(__fmul_rn(a, xv.x), yv.x);
        yv.y = __fadd_rn(__fmul_rn(a, xv.y), yv.y);
        yv.z = __fadd_rn(__fmul_rn(a, xv.z), yv.z);
        yv.w = __fadd_rn(__fmul_rn(a, xv.w), yv.w);
        reinterpret_cast<float4*>(y)[i] = yv;
    }
    for (long long i = nvec * 4 + grid_thread_id(); i < n; i += grid_stride())
        y[i] = __fadd_rn(__fmul_rn(a, x[i]), y[i]);
}

// ----------------------------------------------------------------------------------------------
// convert: in (n) -> out (n). elementwise launch.
// Vector path: one 16-byte packet of the narrower side per iteration (8 elements for 16-bit types).
template <typename inT, typename outT>
__device__ __forceinline__ void convert(const inT* in, outT* out, long long n) {
    constexpr int V = 8;  // elements per vector step: 32 bytes of float, 16 bytes of half/bf16
    const long long nvec = (is_aligned16(in) && is_aligned16(out)) ? n / V : 0;
    for (long long i = grid_thread_id(); i < nvec; i += grid_stride()) {
        float f[V];
        if constexpr (sizeof(inT) == 4) {
            Packed128<inT> a = load128(in + i * V), b = load128(in + i * V + 4);
#pragma unroll
            for (int k = 0; k < 4; k++) { f[k] = to_float(a.v[k]); f[k + 4] = to_float(b.v[k]); }
        } else {
            Packed128<inT> a = load128(in + i * V);
#pragma unroll
            for (int k = 0; k < V; k++) f[k] = to_float(a.v[k]);
        }
        if constexpr (sizeof(outT) == 4) {
            Packed128<outT> a, b;
#pragma unroll
            for (int k = 0; k < 4; k++) { a.v[k] = from_float<outT>(f[k]); b.v[k] = from_float<outT>(f[k + 4]); }
            store128(out + i * V, a);
            store128(out + i * V + 4, b);
        } else {
            Packed128<outT> a;
#pragma unroll
            for (int k = 0; k < V; k++) a.v[k] = from_float<outT>(f[k]);
            store128(out + i * V, a);
        }
    }
    for (long long i = nvec * V + grid_thread_id(); i < n; i += grid_stride())
        out[i] = from_float<outT>(to_float(in[i]));
}

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
