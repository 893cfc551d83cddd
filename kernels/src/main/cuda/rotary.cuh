/*
Rotary position embedding, in place on the fused QKV activations, in the two pair layouts:
  rotary_neox: GPT-NeoX / Hugging Face "rotate_half": pair j of a head is (v[j], v[j + rot_dim/2])
  rotary_gptj: GPT-J "rotate_every_two" (interleaved): pair j is (v[2j], v[2j + 1])
for j < rot_dim/2. The angle of pair j is the same in both; only which two dims it turns differs.
  rotary_2d:   ChatGLM-6B's two streams: dims [0, rot_dim) of a head turn as rotary_neox with the token's
               position, dims [rot_dim, 2 rot_dim) as rotary_neox with its block position (2 rot_dim <= D).
               For the token at cache position p of a sequence whose prompt is L tokens long (its context the
               first L - 1, read both ways; generated tokens sit at the mask, L - 2):
                 position = p < L - 1 ? p : max(0, L - 2)      block = p < L - 1 ? 0 : p - (L - 1) + 1

qkv (N, (H + 2KV) * D): row i holds H query heads, KV key heads, KV value heads, each D wide.
Rotary applies to the first rot_dim dims of every query and key head (values untouched); dims
>= 2 * (rot_dim/2) stay as they are.

Launch grid (N, G), block 128: the G blocks of a row split its H + KV rotated heads evenly (each
takes ceil((H + KV) / G)). The launcher picks G = ceil((H + KV) / 4) for a few rows (a generation
step still spreads over the GPU) and G = 1 for many (the row's cos/sin are computed once, not per
head group). All heads of a row share the position: the block first computes cos/sin of every pair
index j once into shared memory (up to 512 pairs cached; a larger rot_dim computes the rest on the
fly), then its threads sweep its heads' pairs.

Accuracy: the frequencies and angles follow Hugging Face in fp32 (the exponent (float)(2j) /
(float)rot_dim, powf, one fp32 division for 1 / theta^e, one fp32 multiply for the angle) with
CUDA's accurate powf and sincosf (not the intrinsics; within 2 ulp of the correctly rounded value,
far below the rounding of cos and sin to the storage type that follows, as Hugging Face casts them
to the model dtype). A Java reference using (float) Math.pow / Math.cos / Math.sin agrees to
within an ulp of fp32.

Plain-math reference (rotary_2d: each head's two halves as below, with position and block for pos):
  half = rot_dim / 2
  for i < N: pos = *pos0 + (i % T)
    for j < half: inv = 1.0f / powf(theta, (float)(2*j) / (float) rot_dim)
                  ang = (float) pos * inv                                          (fp32)
                  c = round(cosf(ang)); s = round(sinf(ang))                       (round to floatX)
      for head < H + KV: (a, b) = neox ? (j, j + half) : (2j, 2j + 1)
                         x1 = v[head*D + a]; x2 = v[head*D + b]
                         v[head*D + a] = round(x1*c - x2*s)   (fp32: two rounded products, rounded sum)
                         v[head*D + b] = round(x2*c + x1*s)
*/
#pragma once
#include "common.cuh"

namespace rotary {
constexpr int kMaxCachedPairs = 512;

template <typename floatX>
__device__ __forceinline__ void cos_sin(int pos, int j, int rot_dim, float theta, float* c, float* s) {
    const float expo = (float)(2 * j) / (float)rot_dim;
    const float inv_freq = 1.0f / powf(theta, expo);  // IEEE division (nvcc default -prec-div=true)
    const float angle = __fmul_rn((float)pos, inv_freq);
    float sf, cf;
    sincosf(angle, &sf, &cf);
    *c = round_to<floatX>(cf);
    *s = round_to<floatX>(sf);
}
}  // namespace rotary

// Launch grid (N, G), block 128 (G: see the header). kInterleaved: GPT-J pairs, else GPT-NeoX halves. kStreams: 1,
// or 2 for ChatGLM's position and block streams (rotary_2d; prompt_len is read only then). A row's pairs: j < kStreams
// * half, stream j / half, its dims from (j / half) * rot_dim.
template <typename floatX, bool kInterleaved, int kStreams>
__device__ __forceinline__ void rotary_pairs(floatX* qkv, int N, int T, int H, int KV, int D, int rot_dim,
                                             const int* pos0, int prompt_len, float theta) {
    using namespace rotary;
    static_assert(kStreams == 1 || (kStreams == 2 && !kInterleaved), "two streams turn GPT-NeoX halves");
    __shared__ float cs_cos[kMaxCachedPairs], cs_sin[kMaxCachedPairs];
    const int i = blockIdx.x;
    const int half = rot_dim / 2;
    if (i >= N || half <= 0) return;
    int pos[kStreams];
    pos[0] = *pos0 + (i % T);
    if constexpr (kStreams == 2) {
        const int context = prompt_len - 1;  // the tokens read both ways
        const int p = pos[0];
        pos[0] = p < context ? p : max(0, prompt_len - 2);
        pos[1] = p < context ? 0 : p - context + 1;
    }
    const int row_pairs = kStreams * half;
    const int ncached = min(row_pairs, kMaxCachedPairs);
    for (int j = threadIdx.x; j < ncached; j += blockDim.x)
        cos_sin<floatX>(j < half ? pos[0] : pos[kStreams - 1], j % half, rot_dim, theta, &cs_cos[j], &cs_sin[j]);
    __syncthreads();

    floatX* row = qkv + (long long)i * (H + 2 * KV) * D;
    const int heads_per_block = (H + KV + gridDim.y - 1) / gridDim.y;
    const int first_head = blockIdx.y * heads_per_block;
    const int heads = min(heads_per_block, H + KV - first_head);
    const int pairs = heads * row_pairs;
    for (int p = threadIdx.x; p < pairs; p += blockDim.x) {
        const int head = first_head + p / row_pairs, j = p % row_pairs;
        const int stream = kStreams == 1 ? 0 : j / half, js = j - stream * half;
        float c, s;
        if (j < kMaxCachedPairs) {
            c = cs_cos[j];
            s = cs_sin[j];
        } else {
            cos_sin<floatX>(stream == 0 ? pos[0] : pos[kStreams - 1], js, rot_dim, theta, &c, &s);
        }
        floatX* v = row + (long long)head * D + stream * rot_dim;
        const int a = kInterleaved ? 2 * js : js, b = kInterleaved ? 2 * js + 1 : js + half;
        const float x1 = to_float(v[a]), x2 = to_float(v[b]);
        v[a] = from_float<floatX>(__fsub_rn(__fmul_rn(x1, c), __fmul_rn(x2, s)));
        v[b] = from_float<floatX>(__fadd_rn(__fmul_rn(x2, c), __fmul_rn(x1, s)));
    }
}

template <typename floatX>
__device__ __forceinline__ void rotary_neox(floatX* qkv, int N, int T, int H, int KV, int D, int rot_dim,
                                            const int* pos0, float theta) {
    rotary_pairs<floatX, false, 1>(qkv, N, T, H, KV, D, rot_dim, pos0, 0, theta);
}

template <typename floatX>
__device__ __forceinline__ void rotary_gptj(floatX* qkv, int N, int T, int H, int KV, int D, int rot_dim,
                                            const int* pos0, float theta) {
    rotary_pairs<floatX, true, 1>(qkv, N, T, H, KV, D, rot_dim, pos0, 0, theta);
}

template <typename floatX>
__device__ __forceinline__ void rotary_2d(floatX* qkv, int N, int T, int H, int KV, int D, int rot_dim, const int* pos0,
                                          int prompt_len, float theta) {
    rotary_pairs<floatX, false, 2>(qkv, N, T, H, KV, D, rot_dim, pos0, prompt_len, theta);
}
