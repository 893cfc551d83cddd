/*
MLP activations: bias + activation in place after the first MLP projection (GPT-2, OPT, NeoX,
Falcon, ...) and SwiGLU for LLaMA-style gated MLPs.

Memory-bound elementwise kernels (elementwise launch: grid min(ceil(n/256), 65535), block 256,
grid-stride loop; 16-byte accesses where the row is whole 16-byte chunks and the pointers aligned, the
same arithmetic and roundings). The math uses the accurate libm functions (tanhf, erff, expf), never the
intrinsics. Rounding mirrors Hugging Face running in the model dtype: the bias add produces a
model-dtype tensor (the linear layer's output), the activation is evaluated in fp32 from it and
rounded, and SwiGLU rounds silu(gate) before multiplying by up.

act codes: 0 none, 1 gelu (tanh approximation, "gelu_new"/"gelu_pytorch_tanh"), 2 relu, 3 silu,
4 gelu (erf, exact), 6 tanh (BERT's pooler; 5 is SwiGLU, which takes two inputs: swiglu below).

Plain-math reference (fp32, round(x) = round to floatX):
  act(x): 0: x
          1: 0.5f * x * (1 + tanhf(0.7978845608028654f * (x + 0.044715f * x*x*x)))
          2: x > 0 ? x : 0   (relu(-0) = 0, relu(NaN) = NaN)
          3: x / (1 + expf(-x))
          4: 0.5f * x * (1 + erff(x * 0.7071067811865476f))
          6: tanhf(x)
  bias_act: for n < N, m < M: v = x[n, m]; if (bias) v = round(v + bias[m]); x[n, m] = round(act(v))
  swiglu:   for n < N, k < I: g = gate_up[n, k]; u = gate_up[n, I + k]
                              out[n, k] = round(round(g / (1 + expf(-g))) * u)
*/
#pragma once
#include "common.cuh"

__device__ __forceinline__ float silu(float x) { return x / (1.0f + expf(-x)); }

__device__ __forceinline__ float apply_act(float x, int act) {
    switch (act) {
        case 1: {
            const float inner = 0.7978845608028654f * (x + 0.044715f * x * x * x);
            return 0.5f * x * (1.0f + tanhf(inner));
        }
        case 2: return x > 0.0f ? x : (x != x ? x : 0.0f);
        case 3: return silu(x);
        case 4: return 0.5f * x * (1.0f + erff(x * 0.7071067811865476f));
        case 6: return tanhf(x);
        default: return x;
    }
}

// The vectorised bias_act: when M is a multiple of 8 halves (4 floats) and both pointers are 16-byte aligned,
// a thread moves 16 bytes of x (and of bias) at a time: BERT's FC1 output is 100 M halves a layer at 64 x 512
// tokens, and the 2-byte accesses of the scalar loop left it well short of the copy bandwidth.
template <typename floatX>
__device__ __forceinline__ bool bias_act_vec(floatX* x, const floatX* bias, long long N, int M, int act) {
    constexpr int V = Packed128<floatX>::size;
    const long long chunks = N * (long long)(M / V);
    if (M % V != 0 || !is_aligned16(x) || (bias != nullptr && !is_aligned16(bias)) || chunks > 0xffffffffll) return false;
    const unsigned per_row = (unsigned)(M / V);
    for (long long c = grid_thread_id(); c < chunks; c += grid_stride()) {
        const int col = (int)((unsigned)c % per_row) * V;
        floatX* p = x + c * V;
        Packed128<floatX> v = load128(p);
        Packed128<floatX> b;
        if (bias != nullptr) b = load128(bias + col);
#pragma unroll
        for (int e = 0; e < V; e++) {
            float f = to_float(v.v[e]);
            if (bias != nullptr) f = round_to<floatX>(f + to_float(b.v[e]));
            v.v[e] = from_float<floatX>(apply_act(f, act));
        }
        store128(p, v);
    }
    return true;
}

// x (N, M) in place, bias (M) or NULL. elementwise launch over N*M
// The column is tracked incrementally along the grid-stride loop (one 64-bit division per thread,
// not one per element).
template <typename floatX>
__device__ __forceinline__ void bias_act(floatX* x, const floatX* bias, long long N, int M, int act) {
    if (M > 0 && bias_act_vec(x, bias, N, M, act)) return;
    const long long n = N * (long long)M;
    long long i = grid_thread_id();
    if (M <= 0 || i >= n) return;
    const long long stride = grid_stride();
    int col = (int)(i % M);
    const int col_step = (int)(stride % M);
    for (; i < n; i += stride) {
        float v = to_float(x[i]);
        if (bias != nullptr) v = round_to<floatX>(v + to_float(bias[col]));
        x[i] = from_float<floatX>(apply_act(v, act));
        col += col_step;
        if (col >= M) col -= M;
    }
}

// The vectorised SwiGLU: when I is a multiple of 8 halves (4 floats) and both pointers are 16-byte
// aligned, a thread moves 16 bytes of gate, of up and of out at a time (8 elements per division).
template <typename floatX>
__device__ __forceinline__ bool swiglu_vec(floatX* out, const floatX* gate_up, long long N, int I) {
    constexpr int V = Packed128<floatX>::size;
    const long long chunks = N * (long long)(I / V);
    if (I % V != 0 || !is_aligned16(out) || !is_aligned16(gate_up) || chunks > 0xffffffffll) return false;
    const unsigned per_row = (unsigned)(I / V);
    for (long long c = grid_thread_id(); c < chunks; c += grid_stride()) {
        const unsigned row = (unsigned)c / per_row;
        const int k = (int)((unsigned)c - row * per_row) * V;
        const floatX* g = gate_up + (long long)row * 2 * I + k;
        const Packed128<floatX> gv = load128(g), uv = load128(g + I);
        Packed128<floatX> ov;
#pragma unroll
        for (int e = 0; e < V; e++) ov.v[e] = from_float<floatX>(round_to<floatX>(silu(to_float(gv.v[e]))) * to_float(uv.v[e]));
        store128(out + (long long)row * I + k, ov);
    }
    return true;
}

// gate_up (N, 2I) -> out (N, I). elementwise launch over N*I (row/column tracked as in bias_act)
template <typename floatX>
__device__ __forceinline__ void swiglu(floatX* out, const floatX* gate_up, long long N, int I) {
    const long long n = N * (long long)I;
    if (I <= 0) return;
    if (swiglu_vec(out, gate_up, N, I)) return;
    long long i = grid_thread_id();
    if (i >= n) return;
    const long long stride = grid_stride();
    long long r, r_step;
    if (stride <= 0xffffffffll) {  // always true for the elementwise launch: 32-bit division
        r = (unsigned)i / (unsigned)I;
        r_step = (unsigned)stride / (unsigned)I;
    } else {  // huge grids: quotient through double (exact after a +-1 correction)
        r = (long long)((double)i / (double)I);
        r -= r * I > i;
        r += (r + 1) * I <= i;
        r_step = (long long)((double)stride / (double)I);
        r_step -= r_step * I > stride;
        r_step += (r_step + 1) * I <= stride;
    }
    int k = (int)(i - r * I);
    const int k_step = (int)(stride - r_step * I);
    for (; i < n; i += stride) {
        const floatX* row = gate_up + r * 2 * I;
        const float g = to_float(row[k]), u = to_float(row[I + k]);
        out[i] = from_float<floatX>(round_to<floatX>(silu(g)) * u);
        r += r_step;
        k += k_step;
        if (k >= I) { k -= I; r++; }
    }
}
