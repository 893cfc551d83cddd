/*
Generation-phase attention: one new query token per sequence against the KV cache, split over the
cache length ("flash-decoding"), then a log-sum-exp merge of the splits.

With one query per (b, h) there is too little work per head to fill the GPU from the heads alone,
so the cache length L is cut into `splits` chunks handled by separate blocks; each block writes an
unnormalised partial result (o, m, l) to fp32 scratch and a second kernel combines them.

Shapes: qkv (B, (H + 2KV) * D) (q of head h at h*D); k_cache, v_cache (B, KV, S, D) with
        L = *seq_len valid positions (the current token's K/V already written at L - 1; L is a
        device scalar, clamped to [0, S]); partial_o (B, H, splits, D); partial_ml (B, H, splits, 2);
        out (B, H*D). GQA: query head h reads kv head h / (H / KV). D <= 128, or <= 256 for the _wide
        entry points (larger: returns without writing).
        alibi: H fp32 slopes or null; with it score p gains alibi[h] * (p - (L - 1)) (the relative
        form of attention_context.cuh).

Plain-math reference (fp32):
  attention_decode: chunk = ceil(L / splits)
    for b < B, h < H, s < splits: lo = s * chunk; hi = min(L, lo + chunk); hk = h / (H / KV)
      if (lo >= hi): partial_o[b,h,s,:] = 0; partial_ml[b,h,s] = (-INFINITY, 0); continue
      q = qkv[b, h*D : h*D + D]
      for p in [lo, hi): sc[p] = scale * dot(q, k_cache[b, hk, p, :]) + (alibi ? alibi[h] * (p - (L - 1)) : 0)
      m = max_p sc[p];  l = sum_p exp(sc[p] - m)
      partial_o[b,h,s,d] = sum_p exp(sc[p] - m) * v_cache[b, hk, p, d];  partial_ml[b,h,s] = (m, l)
  attention_decode_merge:
    for b < B, h < H: M = max over splits with l_s > 0 of m_s
      out[b, h*D + d] = round( sum_{l_s > 0} exp(m_s - M) * o_s[d] / sum_{l_s > 0} exp(m_s - M) * l_s )
      (0 if no split has l_s > 0)

Head dims: attention_decode takes D <= 128; attention_decode_wide the same code with registers and
shared memory for D <= 256 (GPT-J's 256-wide heads), a separate entry point so the common case keeps
its register budget. attention_context_wide is the context phase for those heads: one block per
(query row, head, sequence) runs the same span loop over the keys 0..t, read straight from the fused
QKV rows (the fused kernels of attention_context.cuh stop at D = 128). It re-reads each key row once
per query row (from L2 at the shapes where it runs): simple, not yet tuned.

attention_decode (launch grid (splits, H, B), block 128 = 4 warps): the chunk is walked in steps of
32 positions per warp (warp w takes positions lo + 32w + [0, 32), then + 128, ...). Scores: lane j
takes position base + j and computes the whole dot product from its K row (16-byte loads when D and
the cache pointer allow, q broadcast from shared memory). Each warp keeps its own online softmax
(running max m, per-lane partial sums l); for P.V the lane owns dims lane, lane + 32, ... and the
probabilities are broadcast by shuffle, so V rows are read coalesced. At the end the 4 warps merge
(m, l, o) through shared memory into the split's partial result (expf / natural-log units, so m is
the max score itself).
*/
#pragma once
#include "common.cuh"
#include "attention_context.cuh"  // attn:: constants

namespace attn_span {
// The span loop shared by the decode and the wide context kernels: one query (qs: D fp32 in shared
// memory, pre-multiplied by the scale) over the key/value rows p in [lo, hi), row p of K at
// K + p * stride and of V at V + p * stride; with ALiBi (slope != 0) score p gains slope * (p - qlast).
// Each of the block's warps keeps its own online softmax; on return (after a barrier) warp w's
// running max, sum and unnormalised output are in wm[w], wl[w] and wo[w][0..D) (m = -inf, l = 0,
// o = 0 for a warp that saw no position).
template <typename floatX, int MAXD>
__device__ __forceinline__ void attend_rows(const float* qs, const floatX* K, const floatX* V, int stride, int D,
                                            int lo, int hi, bool alibi, float slope, int qlast, float* wm, float* wl,
                                            float (*wo)[MAXD]) {
    using namespace attn;
    const unsigned full = 0xffffffffu;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int nwarps = min((int)(blockDim.x >> 5), kWarps);
    constexpr int VEC = Packed128<floatX>::size;
    const bool vec_ok = (D % VEC == 0) && (stride % VEC == 0) && is_aligned16(K);
    constexpr int NO = MAXD / 32;  // output dims per lane
    float m = -INFINITY, l = 0.0f;
    float o[NO];
#pragma unroll
    for (int i = 0; i < NO; i++) o[i] = 0.0f;
    if (warp < nwarps) {
        for (int base = lo + warp * 32; base < hi; base += nwarps * 32) {
            const int pos = base + lane;
            float sc = -INFINITY;
            if (pos < hi) {
                const floatX* kr = K + (long long)pos * stride;
                float a0 = 0.0f, a1 = 0.0f;
                if (vec_ok) {
#pragma unroll 4
                    for (int c = 0; c < D; c += VEC) {
                        const Packed128<floatX> kp = load128(kr + c);
#pragma unroll
                        for (int e = 0; e < VEC; e += 4) {
                            const float4 qv = *reinterpret_cast<const float4*>(qs + c + e);
                            a0 = fmaf(qv.x, to_float(kp.v[e + 0]), a0);
                            a1 = fmaf(qv.y, to_float(kp.v[e + 1]), a1);
                            a0 = fmaf(qv.z, to_float(kp.v[e + 2]), a0);
                            a1 = fmaf(qv.w, to_float(kp.v[e + 3]), a1);
                        }
                    }
                } else {
#pragma unroll 4
                    for (int d = 0; d < D; d++) a0 = fmaf(qs[d], to_float(kr[d]), a0);
                }
                sc = a0 + a1;
                if (alibi) sc = fmaf(slope, (float)(pos - qlast), sc);
            }
            // lane 0's position is always valid, so the tile max is finite
            const float m_new = fmaxf(m, warp_max(sc));
            const float alpha = expf(m - m_new);
            const float p = pos < hi ? expf(sc - m_new) : 0.0f;
            l = l * alpha + p;
#pragma unroll
            for (int i = 0; i < NO; i++) o[i] *= alpha;
            m = m_new;
            // o += p . V, 4 keys per step so 4 rows of loads are in flight
            const int nk = min(32, hi - base);
            int k = 0;
            for (; k + 4 <= nk; k += 4) {
                float pk[4], vv[4][NO];
#pragma unroll
                for (int u = 0; u < 4; u++) {
                    pk[u] = __shfl_sync(full, p, k + u);
                    const floatX* vr = V + (long long)(base + k + u) * stride;
#pragma unroll
                    for (int i = 0; i < NO; i++) {
                        const int d = lane + 32 * i;
                        vv[u][i] = d < D ? to_float(vr[d]) : 0.0f;
                    }
                }
#pragma unroll
                for (int u = 0; u < 4; u++)
#pragma unroll
                    for (int i = 0; i < NO; i++) o[i] = fmaf(pk[u], vv[u][i], o[i]);
            }
            for (; k < nk; k++) {
                const float pk = __shfl_sync(full, p, k);
                const floatX* vr = V + (long long)(base + k) * stride;
#pragma unroll
                for (int i = 0; i < NO; i++) {
                    const int d = lane + 32 * i;
                    if (d < D) o[i] = fmaf(pk, to_float(vr[d]), o[i]);
                }
            }
        }
    }
    // hand the warps' states to the merge (a warp that saw no position has m = -inf, l = 0, o = 0)
    const float lw = warp_sum(l);
    if (warp < kWarps) {
        if (lane == 0) { wm[warp] = m; wl[warp] = lw; }
#pragma unroll
        for (int i = 0; i < NO; i++) {
            const int d = lane + 32 * i;
            if (d < D) wo[warp][d] = o[i];
        }
    }
    __syncthreads();
}

// The block's merged max M, sum ltot and the warp weights f[w] = exp(wm[w] - M) (0 for empty warps).
__device__ __forceinline__ void merge_warps(const float* wm, const float* wl, float (&f)[attn::kWarps], float& M_out,
                                            float& l_out) {
    using namespace attn;
    const int nwarps = min((int)(blockDim.x >> 5), kWarps);
    float M = -INFINITY;
    for (int w = 0; w < nwarps; w++) M = fmaxf(M, wm[w]);
    float ltot = 0.0f;
#pragma unroll
    for (int w = 0; w < kWarps; w++) {
        f[w] = (w < nwarps && wm[w] != -INFINITY) ? expf(wm[w] - M) : 0.0f;
        if (w < nwarps) ltot += f[w] * wl[w];
    }
    M_out = M;
    l_out = ltot;
}
}  // namespace attn_span

// Launch grid (splits, H, B), block 128. MAXD: 128 (attention_decode) or 256 (attention_decode_wide).
template <typename floatX, int MAXD = attn::kMaxD>
__device__ __forceinline__ void attention_decode(const floatX* qkv, const floatX* k_cache, const floatX* v_cache,
                                                 float* partial_o, float* partial_ml, int B, int H, int KV, int D,
                                                 int S, const int* seq_len, int splits, float scale,
                                                 const float* alibi) {
    using namespace attn;
    __shared__ __align__(16) float qs[MAXD];
    __shared__ float wm[kWarps], wl[kWarps];
    __shared__ float wo[kWarps][MAXD];

    const int sp = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
    if (sp >= splits || h >= H || b >= B || D <= 0 || D > MAXD) return;  // whole block
    const int tid = threadIdx.x;

    const int L = max(0, min(*seq_len, S));
    const int chunk = (L + splits - 1) / splits;
    const int lo = sp * chunk;
    const int hi = min(L, lo + chunk);
    const long long slot = ((long long)b * H + h) * splits + sp;
    float* po = partial_o + slot * D;
    float* pml = partial_ml + slot * 2;
    if (lo >= hi) {
        for (int d = tid; d < D; d += blockDim.x) po[d] = 0.0f;
        if (tid == 0) { pml[0] = -INFINITY; pml[1] = 0.0f; }
        return;
    }

    const int hk = h / (H / KV);
    const floatX* q = qkv + (long long)b * (H + 2 * KV) * D + (long long)h * D;
    for (int d = tid; d < D; d += blockDim.x) qs[d] = to_float(q[d]) * scale;
    __syncthreads();
    const floatX* Kh = k_cache + ((long long)b * KV + hk) * S * D;
    const floatX* Vh = v_cache + ((long long)b * KV + hk) * S * D;
    attn_span::attend_rows<floatX, MAXD>(qs, Kh, Vh, D, D, lo, hi, alibi != nullptr, alibi != nullptr ? alibi[h] : 0.0f,
                                         L - 1, wm, wl, wo);
    float f[kWarps], M, ltot;
    attn_span::merge_warps(wm, wl, f, M, ltot);
    const int nwarps = min((int)(blockDim.x >> 5), kWarps);
    for (int d = tid; d < D; d += blockDim.x) {
        float acc = 0.0f;
#pragma unroll
        for (int w = 0; w < kWarps; w++)
            if (w < nwarps) acc += f[w] * wo[w][d];
        po[d] = acc;
    }
    if (tid == 0) { pml[0] = M; pml[1] = ltot; }
}

template <typename floatX>
__device__ __forceinline__ void attention_decode_wide(const floatX* qkv, const floatX* k_cache, const floatX* v_cache,
                                                      float* partial_o, float* partial_ml, int B, int H, int KV, int D,
                                                      int S, const int* seq_len, int splits, float scale,
                                                      const float* alibi) {
    attention_decode<floatX, 2 * attn::kMaxD>(qkv, k_cache, v_cache, partial_o, partial_ml, B, H, KV, D, S, seq_len,
                                              splits, scale, alibi);
}

// Causal attention over the prompt for heads up to 256 wide (the plain-math reference of
// attention_context.cuh, its prefix too). Launch grid (T, H, B), block 128: one block per query row t of head h of
// sequence b, over the keys 0..max(t + 1, prefix) - 1 of the fused QKV rows.
template <typename floatX>
__device__ __forceinline__ void attention_context_wide(floatX* out, const floatX* qkv, int B, int T, int H, int KV,
                                                       int D, float scale, const float* alibi, int prefix) {
    using namespace attn;
    constexpr int MAXD = 2 * kMaxD;
    __shared__ __align__(16) float qs[MAXD];
    __shared__ float wm[kWarps], wl[kWarps];
    __shared__ float wo[kWarps][MAXD];
    const int t = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
    if (t >= T || h >= H || b >= B || D <= 0 || D > MAXD) return;  // whole block
    const int tid = threadIdx.x;
    const int hk = h / (H / KV);
    const long long row_stride = (long long)(H + 2 * KV) * D;
    const floatX* seq = qkv + (long long)b * T * row_stride;
    const floatX* q = seq + (long long)t * row_stride + (long long)h * D;
    for (int d = tid; d < D; d += blockDim.x) qs[d] = to_float(q[d]) * scale;
    __syncthreads();
    attn_span::attend_rows<floatX, MAXD>(qs, seq + (long long)(H + hk) * D, seq + (long long)(H + KV + hk) * D,
                                         (int)row_stride, D, 0, max(t + 1, prefix), alibi != nullptr,
                                         alibi != nullptr ? alibi[h] : 0.0f, t, wm, wl, wo);
    float f[kWarps], M, ltot;
    attn_span::merge_warps(wm, wl, f, M, ltot);
    const int nwarps = min((int)(blockDim.x >> 5), kWarps);
    floatX* dst = out + ((long long)b * T + t) * ((long long)H * D) + (long long)h * D;
    for (int d = tid; d < D; d += blockDim.x) {
        float acc = 0.0f;
#pragma unroll
        for (int w = 0; w < kWarps; w++)
            if (w < nwarps) acc += f[w] * wo[w][d];
        dst[d] = from_float<floatX>(acc / ltot);
    }
}

// Launch grid (H, B), block 128.
template <typename floatX>
__device__ __forceinline__ void attention_decode_merge(floatX* out, const float* partial_o, const float* partial_ml,
                                                       int B, int H, int D, int splits) {
    const int h = blockIdx.x, b = blockIdx.y;
    if (h >= H || b >= B) return;
    const long long slot0 = ((long long)b * H + h) * splits;
    const float* ml = partial_ml + slot0 * 2;
    float M = -INFINITY;
    for (int s = 0; s < splits; s++)
        if (ml[2 * s + 1] > 0.0f) M = fmaxf(M, ml[2 * s]);
    float den = 0.0f;
    for (int s = 0; s < splits; s++)
        if (ml[2 * s + 1] > 0.0f) den += expf(ml[2 * s] - M) * ml[2 * s + 1];
    floatX* dst = out + ((long long)b * H + h) * D;
    for (int d = threadIdx.x; d < D; d += blockDim.x) {
        float num = 0.0f;
        for (int s = 0; s < splits; s++)
            if (ml[2 * s + 1] > 0.0f) num += expf(ml[2 * s] - M) * partial_o[(slot0 + s) * D + d];
        dst[d] = from_float<floatX>(den > 0.0f ? num / den : 0.0f);
    }
}
