/*
Attention as TensorRT-LLM's no-plugin ("ootb") build runs it: the two products through cuBLASLt
(batched, strided) and everything else as plain kernels. This file has the kernels between the
products; the engine's Attention layer (mode ootb) composes them:

  split_heads:     qh (B, H, T, D)  = the q heads of qkv (B*T, (H + 2KV) * D)
  product 1:       scores (B, H, T, L) = qh . K^T, per (b, kv head) over the first L cache rows
                   (its group of H / KV query heads is one (group*T, D) matrix: GQA needs no copy)
  masked_softmax:  in place over each row of scores
  product 2:       oh (B, H, T, D) = P . V over the same cache rows
  merge_heads:     out (B*T, H*D) from oh

Shapes: qkv (B*T, (H + 2KV) * D); qh, oh (B, H, T, D); scores (B, H, T, L), floatX.

masked_softmax, plain-math reference (fp32, the row rounded to floatX once at the end):
  for b < B, h < H, t < T:  n = causal ? min(max(*pos0 + t + 1, prefix), L) : L  (the keys the query at *pos0 + t
                                                     sees, the first prefix for every query (ChatGLM's context);
                                                     an encoder's query sees every key)
                            if lengths: n = min(n, lengths[b])     (a sequence's padding is not attended)
    s[j] = scale * scores[b,h,t,j] + (alibi ? alibi[h] * (j - (n - 1)) : 0)   for j < n
    scores[b,h,t,j] = round(exp(s[j] - max s) / sum_j exp(s[j] - max s))  for j < n;  0 for n <= j < L
  The context phase has *pos0 = 0 and L = T (causal over the prompt); a generation step has T = 1,
  *pos0 = the step's position and L = the cache length S, so the keys past the sequence get p = 0
  (their cache rows must be finite: the engine zeroes its caches at build). pos0 is a device scalar,
  so a captured graph reads the current step.
Launch: split_heads and merge_heads elementwise over B*H*T*D (grid-stride); masked_softmax one block
of 256 threads per row, grid (T, H, B).
*/
#pragma once
#include "common.cuh"

// Launch: elementwise over B*H*T*D.
template <typename floatX>
__device__ __forceinline__ void split_heads(floatX* qh, const floatX* qkv, int B, int T, int H, int KV, int D) {
    const long long n = (long long)B * H * T * D;
    const long long row_stride = (long long)(H + 2 * KV) * D;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        const int d = (int)(i % D);
        const long long r = i / D;  // ((b*H + h)*T + t)
        const int t = (int)(r % T);
        const long long bh = r / T;
        const int h = (int)(bh % H);
        const long long b = bh / H;
        qh[i] = qkv[(b * T + t) * row_stride + (long long)h * D + d];
    }
}

// Launch: elementwise over B*H*T*D.
template <typename floatX>
__device__ __forceinline__ void merge_heads(floatX* out, const floatX* oh, int B, int T, int H, int D) {
    const long long n = (long long)B * H * T * D;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        const int d = (int)(i % D);
        const long long r = i / D;
        const int t = (int)(r % T);
        const long long bh = r / T;
        const int h = (int)(bh % H);
        const long long b = bh / H;
        out[(b * T + t) * ((long long)H * D) + (long long)h * D + d] = oh[i];
    }
}

// Launch grid (T, H, B), block 256 (any multiple of 32 up to 1024).
template <typename floatX>
__device__ __forceinline__ void masked_softmax(floatX* scores, int B, int H, int T, int L, const int* pos0, float scale,
                                               const float* alibi, int causal, const int* lengths, int prefix) {
    const int t = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
    if (t >= T || h >= H || b >= B) return;  // whole block
    floatX* row = scores + (((long long)b * H + h) * T + t) * L;
    int n = causal ? max(0, min(max(*pos0 + t + 1, prefix), L)) : L;
    if (lengths != nullptr) n = max(0, min(n, lengths[b]));
    const float slope = alibi != nullptr ? alibi[h] : 0.0f;
    __shared__ float reduce[32];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    // the row's max
    float mx = -INFINITY;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        float s = scale * to_float(row[j]);
        if (alibi != nullptr) s = fmaf(slope, (float)(j - (n - 1)), s);
        mx = fmaxf(mx, s);
    }
    mx = warp_max(mx);
    if (lane == 0) reduce[warp] = mx;
    __syncthreads();
    mx = lane < nwarps ? reduce[lane] : -INFINITY;
    mx = warp_max(mx);
    if (mx == -INFINITY) mx = 0.0f;  // an empty row (n = 0): every p is 0 below
    // the row's sum (block_sum has its own barriers)
    float sum = 0.0f;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        float s = scale * to_float(row[j]);
        if (alibi != nullptr) s = fmaf(slope, (float)(j - (n - 1)), s);
        sum += expf(s - mx);
    }
    sum = block_sum(sum);
    const float inv = sum > 0.0f ? 1.0f / sum : 0.0f;
    for (int j = threadIdx.x; j < L; j += blockDim.x) {
        float p = 0.0f;
        if (j < n) {
            float s = scale * to_float(row[j]);
            if (alibi != nullptr) s = fmaf(slope, (float)(j - (n - 1)), s);
            p = expf(s - mx) * inv;
        }
        row[j] = from_float<floatX>(p);
    }
}
