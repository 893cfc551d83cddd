/*
Kernels only the tests use, kept out of the production image: fill, axpy, dtype conversion and a
deterministic sum, with which the GPU tests make inputs and check results. They are compiled into
llmbench-test.fatbin (llmbench-test.cu), which ships in the kernels test-jar.

fill, axpy, convert are memory-bound elementwise kernels like those of elementwise.cuh: grid-stride
loops (elementwise launch: grid min(ceil(n/256), 65535), block 256), 16-byte vector loads/stores when
every pointer is 16-byte aligned, a scalar loop for the tail and misaligned pointers; each element is
computed by the same formula on both paths.

sum_f32 is deterministic: one block, so no atomics and no cross-block order; each thread sums a
fixed, strided subset of x in fp32 (grid-stride loop, element order i = tid, tid + 1024, ...),
then a fixed warp-shuffle tree and a fixed tree over the 32 warp partials. For a given n and
launch shape the result is bit-reproducible run to run (but it is not the sequential sum).

Plain-math reference:
  fill_f32:           out[i] = value                                        i < n
  axpy_f32:           y[i] = a * x[i] + y[i]   (fp32: rounded multiply, then rounded add, no FMA)
  convert_A_to_B:     out[i] = (B) in[i]                                    (round to nearest-even)
  sum_f32:            out[0] = sum_{i < n} x[i]  (fp32 accumulation, order as described above)
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
// sum: x (n) -> out (1). Launch grid 1, block 1024.
__device__ __forceinline__ void sum(const float* x, long long n, float* out) {
    float acc = 0.0f;
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) acc += x[i];
    acc = block_sum(acc);
    if (threadIdx.x == 0 && blockIdx.x == 0) out[0] = acc;
}
