/*
Mixture of experts (Mixtral, gpt_350m_moe): routing and the weighted sum of the experts' outputs. The
experts' products themselves are the engine's ordinary linear layers over each expert's slice of the
stacked weights; see the engine's layers.MixtureOfExperts for the composition.

moe_route, plain-math reference (fp32):
  for n < N:  p = softmax(logits[n, 0..E))                       (logits as stored, softmax in fp32)
              chosen = the k largest p, ties to the lower expert index
              gates[n, e] = p[e] / sum_{c in chosen} p[c] for e in chosen, else 0
  (the softmax over the chosen logits, as TensorRT-LLM and Hugging Face's Mixtral route; k = 1 gives 1)
moe_combine: y[n, c] = (accumulate ? y[n, c] : 0) + round(gates[n, e] * z[n, c])   (rounded to floatX;
             the term is 0 where gates[n, e] is 0, whatever z holds)

Launch: moe_route grid N, block 32 (a warp per token; E any, k <= E, k <= 8);
        moe_combine elementwise over N*C (grid-stride).
*/
#pragma once
#include "common.cuh"

namespace moe {
constexpr int kMaxTopK = 8;
}

// Launch grid N, block 32.
template <typename floatX>
__device__ __forceinline__ void moe_route(float* gates, const floatX* logits, int N, int E, int k) {
    const int n = blockIdx.x, lane = threadIdx.x;
    if (n >= N || k < 1 || k > moe::kMaxTopK || k > E) return;
    const floatX* row = logits + (long long)n * E;
    float* g = gates + (long long)n * E;
    float mx = -INFINITY;
    for (int e = lane; e < E; e += 32) mx = fmaxf(mx, to_float(row[e]));
    mx = warp_max(mx);
    float sum = 0.0f;
    for (int e = lane; e < E; e += 32) sum += expf(to_float(row[e]) - mx);
    sum = warp_sum(sum);
    for (int e = lane; e < E; e += 32) g[e] = 0.0f;
    __syncwarp();
    if (lane == 0) {
        // k passes of an argmax over the logits (the softmax is monotonic), skipping those already chosen
        int chosen[moe::kMaxTopK];
        float p[moe::kMaxTopK];
        float kept = 0.0f;
        for (int j = 0; j < k; j++) {
            int best = -1;
            float bestLogit = -INFINITY;
            for (int e = 0; e < E; e++) {
                bool taken = false;
                for (int i = 0; i < j; i++) taken |= chosen[i] == e;
                const float v = to_float(row[e]);
                if (!taken && (best < 0 || v > bestLogit)) {
                    best = e;
                    bestLogit = v;
                }
            }
            chosen[j] = best;
            p[j] = expf(bestLogit - mx) / sum;
            kept += p[j];
        }
        for (int j = 0; j < k; j++) g[chosen[j]] = p[j] / kept;
    }
}

// Launch: elementwise over N*C.
template <typename floatX>
__device__ __forceinline__ void moe_combine(floatX* y, const floatX* z, const float* gates, int N, int C, int E, int e,
                                            int accumulate) {
    const long long total = (long long)N * C;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        const long long n = i / C;
        // An expert the token did not choose adds nothing, even where its output overflowed (0 × inf is NaN).
        // __fmul_rn: a rounded product, never contracted with the add below into one fma (the spec rounds it).
        const float g = gates[n * E + e];
        const float add = g == 0.0f ? 0.0f : to_float(from_float<floatX>(__fmul_rn(g, to_float(z[i]))));
        y[i] = from_float<floatX>(accumulate ? to_float(y[i]) + add : add);
    }
}
