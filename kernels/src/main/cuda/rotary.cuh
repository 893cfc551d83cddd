/*
Rotary position embedding, GPT-NeoX / Hugging Face "rotate_half" layout, in place on the fused
QKV activations.

qkv (N, (H + 2KV) * D): row i holds H query heads, KV key heads, KV value heads, each D wide.
Rotary applies to the first rot_dim dims of every query and key head (values untouched); pair j
of a head is (v[j], v[j + rot_dim/2]) for j < rot_dim/2. Dims >= 2 * (rot_dim/2) stay as they are.

All tokens of one row share the position, so the block first computes cos/sin of every pair index
j once into shared memory (rot_dim/2 values, up to 512 pairs cached; larger rot_dim computes the
rest on the fly), then its 128 threads sweep the (H + KV) * rot_dim/2 pairs of the row.

Accuracy: the frequencies and angles follow Hugging Face exactly in fp32 (the exponent
(float)(2j) / (float)rot_dim, one fp32 division for 1 / theta^e, one fp32 multiply for the angle);
theta^e, cos and sin are evaluated in double and rounded once to float, i.e. as correctly rounded
powf/cosf/sinf (CUDA's own powf/cosf/sinf may be 1-2 ulp off; a Java reference using
(float) Math.pow / Math.cos / Math.sin gets the same values). cos and sin are then rounded to the
storage type, as Hugging Face casts them to the model dtype.

Plain-math reference:
  half = rot_dim / 2
  for i < N: pos = *pos0 + (i % T)
    for j < half: inv = 1.0f / (float) pow(theta, (float)(2*j) / (float) rot_dim)
                  ang = (float) pos * inv                                          (fp32)
                  c = round((float) cos(ang)); s = round((float) sin(ang))         (round to floatX)
      for head < H + KV: x1 = v[head*D + j]; x2 = v[head*D + j + half]
                         v[head*D + j]        = round(x1*c - x2*s)   (fp32: two rounded products, rounded sum)
                         v[head*D + j + half] = round(x2*c + x1*s)
*/
#pragma once
#include "common.cuh"

namespace rotary {
constexpr int kMaxCachedPairs = 512;

template <typename floatX>
__device__ __forceinline__ void cos_sin(int pos, int j, int rot_dim, float theta, float* c, float* s) {
    const float expo = (float)(2 * j) / (float)rot_dim;
    const float p = (float)pow((double)theta, (double)expo);
    const float inv_freq = 1.0f / p;
    const float angle = __fmul_rn((float)pos, inv_freq);
    double sd, cd;
    sincos((double)angle, &sd, &cd);
    *c = round_to<floatX>((float)cd);
    *s = round_to<floatX>((float)sd);
}
}  // namespace rotary

// Launch grid N, block 128.
template <typename floatX>
__device__ __forceinline__ void rotary_neox(floatX* qkv, int N, int T, int H, int KV, int D, int rot_dim,
                                            const int* pos0, float theta) {
    using namespace rotary;
    __shared__ float cs_cos[kMaxCachedPairs], cs_sin[kMaxCachedPairs];
    const int i = blockIdx.x;
    const int half = rot_dim / 2;
    if (i >= N || half <= 0) return;
    const int pos = *pos0 + (i % T);
    const int ncached = min(half, kMaxCachedPairs);
    for (int j = threadIdx.x; j < ncached; j += blockDim.x) cos_sin<floatX>(pos, j, rot_dim, theta, &cs_cos[j], &cs_sin[j]);
    __syncthreads();

    floatX* row = qkv + (long long)i * (H + 2 * KV) * D;
    const int pairs = (H + KV) * half;
    for (int p = threadIdx.x; p < pairs; p += blockDim.x) {
        const int head = p / half, j = p - head * half;
        float c, s;
        if (j < kMaxCachedPairs) {
            c = cs_cos[j];
            s = cs_sin[j];
        } else {
            cos_sin<floatX>(pos, j, rot_dim, theta, &c, &s);
        }
        floatX* v = row + (long long)head * D;
        const float x1 = to_float(v[j]), x2 = to_float(v[j + half]);
        v[j] = from_float<floatX>(__fsub_rn(__fmul_rn(x1, c), __fmul_rn(x2, s)));
        v[j + half] = from_float<floatX>(__fadd_rn(__fmul_rn(x2, c), __fmul_rn(x1, s)));
    }
}

// launch grid N, block 128
extern "C" __global__ void __launch_bounds__(128)
rotary_neox_f32(float* qkv, int N, int T, int H, int KV, int D, int rot_dim, const int* pos0, float theta) {
    rotary_neox(qkv, N, T, H, KV, D, rot_dim, pos0, theta);
}
extern "C" __global__ void __launch_bounds__(128)
rotary_neox_f16(__half* qkv, int N, int T, int H, int KV, int D, int rot_dim, const int* pos0, float theta) {
    rotary_neox(qkv, N, T, H, KV, D, rot_dim, pos0, theta);
}
extern "C" __global__ void __launch_bounds__(128)
rotary_neox_bf16(__nv_bfloat16* qkv, int N, int T, int H, int KV, int D, int rot_dim, const int* pos0, float theta) {
    rotary_neox(qkv, N, T, H, KV, D, rot_dim, pos0, theta);
}
