/*
Fused residual add + LayerNorm / RMSNorm, one block (256 threads) per token row.

Why fused: the residual stream is read once for the add, the statistics and the normalisation,
and the updated residual is written back in the same pass (pre-norm blocks do
residual += delta; x = norm(residual) between every two sub-layers).

Algorithm per row (C columns, thread t owns columns t, t + 256, t + 512, ...):
  pass 1: r = delta ? round(residual + delta) : residual; write r back into residual when delta
          is given; keep r in registers (up to 32 per thread, i.e. C <= 8192), accumulate sum r
          (LayerNorm) or sum r^2 (RMSNorm); block reduction (fixed order: deterministic).
  pass 2 (LayerNorm only): sum (r - mean)^2 -> biased variance (two-pass, no cancellation).
  pass 3: normalise and write out.
For C > 8192 the registers cannot hold the row, so passes 2 and 3 re-read r from residual
(L1/L2-resident). Aliasing (out == residual, post-norm models normalise in place) is safe on both
paths: each column is read and written by the same thread, and every read of column j happens
before that thread writes out[j].

Vectorised path: when C is a multiple of 8 halves / 4 floats, every pointer is 16-byte aligned and
the row fits the registers (C <= 4 * 256 * 8 halves or 4 * 256 * 4 floats), each thread moves its
columns in 16-byte chunks (thread t owns chunks t, t + 256, ...): a quarter to an eighth of the
memory instructions of the scalar path, same arithmetic and rounding, same results.

Warp-per-row path: where a row is at most 8 such chunks per lane of one warp (C <= 2048 halves, 1024 floats;
BERT's 768 and 1024), the launcher asks for 8 rows per block (rows_per_block): each warp normalises one row
with the vectorised code, its sums by shuffles alone. A block per row leaves most of its 256 threads idle at
these widths (96 of them move BERT-base's 768 halves) and waits on three block-wide reductions per row.

1/sqrt is computed as 1.0f / sqrtf(x) (both correctly rounded) rather than the approximate rsqrtf.

Shapes: residual, delta, out (N, C); gamma, beta (C).

Plain-math reference (fp32 unless noted, round(x) = round to floatX):
  add_layernorm: for each row: r[j] = delta ? round(residual[j] + delta[j]) : residual[j]
                               if (delta) residual[j] = r[j]
                               mean = sum_j r[j] / C;   var = sum_j (r[j] - mean)^2 / C
                               rstd = 1 / sqrt(var + eps)
                               out[j] = round((r[j] - mean) * rstd * gamma[j] + (beta ? beta[j] : 0))
  add_rmsnorm:   r as above;   rinv = 1 / sqrt(sum_j r[j]^2 / C + eps)
                               out[j] = round(round(r[j] * rinv) * gamma[j])     (Hugging Face LLaMA)
*/
#pragma once
#include "common.cuh"

namespace norms {
constexpr int kCache = 32;  // row elements each thread keeps in registers: C <= 32 * 256 = 8192

template <typename floatX>
__device__ __forceinline__ float load_residual(floatX* res, const floatX* delta, int j) {
    float r = to_float(res[j]);
    if (delta != nullptr) {
        const floatX s = from_float<floatX>(r + to_float(delta[j]));
        res[j] = s;
        r = to_float(s);
    }
    return r;
}
}  // namespace norms

// Launch grid N, block 256.
template <typename floatX>
__device__ __forceinline__ void add_layernorm(floatX* residual, const floatX* delta, floatX* out, const floatX* gamma,
                                              const floatX* beta, int N, int C, float eps) {
    using namespace norms;
    const int row = blockIdx.x;
    if (row >= N) return;  // whole block: no barrier is skipped by part of it
    floatX* res = residual + (long long)row * C;
    const floatX* del = delta != nullptr ? delta + (long long)row * C : nullptr;
    floatX* o = out + (long long)row * C;
    const int tid = threadIdx.x, nt = blockDim.x;
    const bool cached = C <= kCache * nt;

    float rc[kCache];
    float sum = 0.0f;
    if (cached) {
#pragma unroll
        for (int k = 0; k < kCache; k++) {
            const int j = tid + k * nt;
            rc[k] = j < C ? load_residual(res, del, j) : 0.0f;
            sum += rc[k];
        }
    } else {
        for (int j = tid; j < C; j += nt) sum += load_residual(res, del, j);
    }
    const float mean = block_sum(sum) / (float)C;

    float sq = 0.0f;
    if (cached) {
#pragma unroll
        for (int k = 0; k < kCache; k++) {
            const int j = tid + k * nt;
            const float d = rc[k] - mean;
            if (j < C) sq += d * d;
        }
    } else {
        for (int j = tid; j < C; j += nt) {
            const float d = to_float(res[j]) - mean;
            sq += d * d;
        }
    }
    const float var = block_sum(sq) / (float)C;
    const float rstd = 1.0f / sqrtf(var + eps);

    if (cached) {
#pragma unroll
        for (int k = 0; k < kCache; k++) {
            const int j = tid + k * nt;
            if (j < C) {
                float y = (rc[k] - mean) * rstd * to_float(gamma[j]);
                if (beta != nullptr) y += to_float(beta[j]);
                o[j] = from_float<floatX>(y);
            }
        }
    } else {
        for (int j = tid; j < C; j += nt) {
            float y = (to_float(res[j]) - mean) * rstd * to_float(gamma[j]);
            if (beta != nullptr) y += to_float(beta[j]);
            o[j] = from_float<floatX>(y);
        }
    }
}

// Launch grid N, block 256.
template <typename floatX>
__device__ __forceinline__ void add_rmsnorm(floatX* residual, const floatX* delta, floatX* out, const floatX* gamma,
                                            int N, int C, float eps) {
    using namespace norms;
    const int row = blockIdx.x;
    if (row >= N) return;
    floatX* res = residual + (long long)row * C;
    const floatX* del = delta != nullptr ? delta + (long long)row * C : nullptr;
    floatX* o = out + (long long)row * C;
    const int tid = threadIdx.x, nt = blockDim.x;
    const bool cached = C <= kCache * nt;

    float rc[kCache];
    float sq = 0.0f;
    if (cached) {
#pragma unroll
        for (int k = 0; k < kCache; k++) {
            const int j = tid + k * nt;
            rc[k] = j < C ? load_residual(res, del, j) : 0.0f;
            sq += rc[k] * rc[k];
        }
    } else {
        for (int j = tid; j < C; j += nt) {
            const float r = load_residual(res, del, j);
            sq += r * r;
        }
    }
    const float rinv = 1.0f / sqrtf(block_sum(sq) / (float)C + eps);

    if (cached) {
#pragma unroll
        for (int k = 0; k < kCache; k++) {
            const int j = tid + k * nt;
            if (j < C) o[j] = from_float<floatX>(round_to<floatX>(rc[k] * rinv) * to_float(gamma[j]));
        }
    } else {
        for (int j = tid; j < C; j += nt)
            o[j] = from_float<floatX>(round_to<floatX>(to_float(res[j]) * rinv) * to_float(gamma[j]));
    }
}

// ---- vectorised path (see the header) --------------------------------------------------------------
namespace norms {
constexpr int kVecChunks = 4;   // 16-byte chunks per thread kept in registers (a block per row)
constexpr int kWarpChunks = 8;  // 16-byte chunks per lane kept in registers (a warp per row)

template <typename floatX>
__device__ __forceinline__ bool vec_ok(const floatX* residual, const floatX* delta, const floatX* out, const floatX* gamma,
                                       const floatX* beta, int C, int threads) {
    constexpr int V = Packed128<floatX>::size;
    return C % V == 0 && C / V <= kVecChunks * threads && is_aligned16(residual) && is_aligned16(out) &&
           is_aligned16(gamma) && (delta == nullptr || is_aligned16(delta)) && (beta == nullptr || is_aligned16(beta));
}

// rms = false: LayerNorm (with beta, may be null); rms = true: RMSNorm. kWarp = false: the block normalises the
// row, up to kVecChunks chunks a thread; kWarp = true: the calling warp alone does, up to kWarpChunks a lane.
template <typename floatX, bool rms, bool kWarp = false>
__device__ __forceinline__ void add_norm_vec(floatX* residual, const floatX* delta, floatX* out, const floatX* gamma,
                                             const floatX* beta, int row, int C, float eps) {
    constexpr int V = Packed128<floatX>::size;
    constexpr int kChunks = kWarp ? kWarpChunks : kVecChunks;
    floatX* res = residual + (long long)row * C;
    const floatX* del = delta != nullptr ? delta + (long long)row * C : nullptr;
    floatX* o = out + (long long)row * C;
    const int tid = kWarp ? (threadIdx.x & 31) : threadIdx.x, nt = kWarp ? 32 : blockDim.x, chunks = C / V;
    auto row_sum = [](float v) { return kWarp ? warp_sum(v) : block_sum(v); };

    float r[kChunks][V];
    float acc = 0.0f;
#pragma unroll
    for (int k = 0; k < kChunks; k++) {
        const int c = tid + k * nt;
        if (c < chunks) {
            Packed128<floatX> rv = load128(res + c * V);
            if (del != nullptr) {
                const Packed128<floatX> dv = load128(del + c * V);
#pragma unroll
                for (int e = 0; e < V; e++) rv.v[e] = from_float<floatX>(to_float(rv.v[e]) + to_float(dv.v[e]));
                store128(res + c * V, rv);
            }
#pragma unroll
            for (int e = 0; e < V; e++) {
                r[k][e] = to_float(rv.v[e]);
                acc += rms ? r[k][e] * r[k][e] : r[k][e];
            }
        }
    }
    float shift = 0.0f, scale;
    if (rms) {
        scale = 1.0f / sqrtf(row_sum(acc) / (float)C + eps);
    } else {
        shift = row_sum(acc) / (float)C;
        float sq = 0.0f;
#pragma unroll
        for (int k = 0; k < kChunks; k++) {
            if (tid + k * nt < chunks) {
#pragma unroll
                for (int e = 0; e < V; e++) {
                    const float d = r[k][e] - shift;
                    sq += d * d;
                }
            }
        }
        scale = 1.0f / sqrtf(row_sum(sq) / (float)C + eps);
    }
#pragma unroll
    for (int k = 0; k < kChunks; k++) {
        const int c = tid + k * nt;
        if (c < chunks) {
            const Packed128<floatX> gv = load128(gamma + c * V);
            Packed128<floatX> bv;
            if (!rms && beta != nullptr) bv = load128(beta + c * V);
            Packed128<floatX> ov;
#pragma unroll
            for (int e = 0; e < V; e++) {
                float y;
                if (rms) {
                    y = round_to<floatX>(r[k][e] * scale) * to_float(gv.v[e]);
                } else {
                    y = (r[k][e] - shift) * scale * to_float(gv.v[e]);
                    if (beta != nullptr) y += to_float(bv.v[e]);
                }
                ov.v[e] = from_float<floatX>(y);
            }
            store128(o + c * V, ov);
        }
    }
}
}  // namespace norms

// Launch grid N, block 256: the vectorised path when it applies, else the scalar one. rows_per_block > 1 (the
// launcher's choice where norms::warp_rows holds): grid ceil(N / 8), a warp per row, vectorised.
template <typename floatX>
__device__ __forceinline__ void add_layernorm_any(floatX* residual, const floatX* delta, floatX* out, const floatX* gamma,
                                                  const floatX* beta, int N, int C, float eps, int rows_per_block) {
    if (rows_per_block > 1) {
        const int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
        if (row < N) norms::add_norm_vec<floatX, false, true>(residual, delta, out, gamma, beta, row, C, eps);
        return;
    }
    if (blockIdx.x >= N) return;
    if (norms::vec_ok(residual, delta, out, gamma, beta, C, blockDim.x)) {
        norms::add_norm_vec<floatX, false>(residual, delta, out, gamma, beta, blockIdx.x, C, eps);
    } else {
        add_layernorm(residual, delta, out, gamma, beta, N, C, eps);
    }
}

template <typename floatX>
__device__ __forceinline__ void add_rmsnorm_any(floatX* residual, const floatX* delta, floatX* out, const floatX* gamma,
                                                int N, int C, float eps, int rows_per_block) {
    if (rows_per_block > 1) {
        const int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
        if (row < N) norms::add_norm_vec<floatX, true, true>(residual, delta, out, gamma, nullptr, row, C, eps);
        return;
    }
    if (blockIdx.x >= N) return;
    if (norms::vec_ok(residual, delta, out, gamma, (const floatX*)nullptr, C, blockDim.x)) {
        norms::add_norm_vec<floatX, true>(residual, delta, out, gamma, nullptr, blockIdx.x, C, eps);
    } else {
        add_rmsnorm(residual, delta, out, gamma, N, C, eps);
    }
}
