/*
Weight-only products (W8A16: int8_weight_only; W4A16: int4_weight_only per channel, AWQ's and GPTQ's groups): a
linear weight W (N, K), row-major like every linear weight of the engine, is held as integer codes beside a scale
(the activations' type) per output row, or per row and group of G inputs with a zero point (a byte) for int4.
Activations stay f16/bf16; products accumulate in fp32.

  int8: W[n, k] = code[n, k] * scale[n]                        code -128..127, stored as the byte code + 128
  int4: W[n, k] = (code[n, k] - zero[n, k/G]) * scale[n, k/G]   code, zero 0..15 (8 for formats without zeros)

Code layout: mma tiles (the host packs them: dev.llmbench.cuda.WeightTiles). Tile (r, c) holds rows 16r..16r+15
and chunk c of KC inputs (KC = 64 int4, 32 int8): 512 bytes at (r * ceil(K / KC) + c) * 512; bytes past N rows
or K inputs are 0. Lane l of a warp (g = l / 4, t = l % 4) owns the 16 bytes at 16 l of a tile: exactly its A
operands of mma.m16n8k16 (rows g and g + 8, PTX's fragment layout) for the chunk's k-tiles, so a warp reads a
tile with one coalesced 16-byte load a lane. Inside a chunk k is permuted, the same way for x, which leaves the
dot product unchanged: the mma's k index 2t + h (h = 0, 1) and 2t + 8 + h of k-tile j reads input
  int4 (j = 0..3): k0 + 16 t + 4 j + h   and   k0 + 16 t + 4 j + 2 + h
  int8 (j = 0, 1): k0 + 8 t + 4 j + h    and   k0 + 8 t + 4 j + 2 + h
so a lane's B operands (x) for a chunk are one contiguous run of 16 (int4) or 8 (int8) inputs.
  int4, word j (bytes 4j..4j+3) of a lane: nibble f + 4 h holds operand register f's element h (f = 0: row g,
    low k; 1: row g + 8, low k; 2: row g, high k; 3: row g + 8, high k), so (word >> 4f) & 0x000F000F puts
    register f's two codes in the low bits of its two 16-bit halves.
  int8, words 2j and 2j + 1: k-tile j's low and high k, bytes (row g, h 0), (row g, h 1), (row g + 8, h 0),
    (row g + 8, h 1).

Conversion without int-to-float instructions: a 16-bit float whose unit in the last place is 1 (f16 1024 =
0x6400, bf16 128 = 0x4300) with a code ORed into its low mantissa bits is exactly magic + code; one subtraction
of magic + zero (also exact) leaves code - zero, an integer every 16-bit type holds exactly. int8's stored byte
(0..255) is placed by a byte permutation above f16's 1024, less 1152 leaves the code; bf16's 7 mantissa bits
cannot hold a byte, so bf16 widens that exact f16 value through fp32.

gemv_w8, gemv_w4 (1 <= M <= 8 rows of x: a generation step) and gemv_w8_wide, gemv_w4_wide (9 <= M <= 64: larger
  steps, short contexts; more registers): grid ceil(N / 16), block 256 = 8 warps. Block b computes rows
  16b..16b+15 of y for all M rows of x: warp w takes an eighth of the chunks, one contiguous range (a group's
  scales are read once a warp), with eight of them in flight (cp.async into shared memory; at M <= 8 x is read a
  chunk ahead); it converts a chunk's codes to A operands, runs one mma per k-tile and n-tile (8 rows of x; rows
  past M and inputs past K read as 0) into fp32 sums, and adds scale * sum to its accumulators (a chunk lies in one
  group: G == K or G % 64 == 0). The eight warps' accumulators meet in shared memory; y[m, n] =
  round(act(sum + bias[n])). Requires K % 16 == 0.
dequantize_w8, dequantize_w4 (the context phase, more rows): a thread per lane's 16 bytes of a tile writes its
  codes' dense values round((code - zero) * scale) into W (N, K), two adjacent inputs a store; the dense product
  (cuBLASLt) then runs on W.
init_codes_i8 (byte = rint(127 u) + 128) and init_codes_i4 (each nibble rint(7.5 (u + 1))), u = uniform(seed, i)
  of init.cuh: random codes for the benchmark's random weights, any byte being valid codes in either layout.

Plain-math reference (the CPU reference multiplies the dequantized weight instead: the same value up to fp32
rounding of the product's order):
  for m < M, n < N: y[m, n] = round(act(sum_k float(x[m, k]) * W[n, k] + float(bias[n])))
*/
#pragma once
#include "common.cuh"
#include "activations.cuh"
#include "init.cuh"
#include "ptx.cuh"

namespace weight_only {
constexpr int kWarps = 8;         // warps of a block: they split its tile row's chunks
constexpr int kStages = 8;        // chunks in flight a warp (cp.async into shared memory)
constexpr int kTileRows = 16;     // rows of W a block computes: the mma's M
constexpr int kMaxNTiles = 8;     // n-tiles of 8 rows of x: M <= 64
template <int BITS> struct Format;
template <> struct Format<4> {
    static constexpr int kChunk = 64;  // inputs of a tile chunk
    static constexpr int kTilesK = 4;  // k-tiles of 16 in a chunk
};
template <> struct Format<8> {
    static constexpr int kChunk = 32;
    static constexpr int kTilesK = 2;
};
}  // namespace weight_only

__device__ __forceinline__ uint32_t bits_of(__half2 v) { uint32_t r; memcpy(&r, &v, 4); return r; }
__device__ __forceinline__ uint32_t bits_of(__nv_bfloat162 v) { uint32_t r; memcpy(&r, &v, 4); return r; }
template <typename T> __device__ __forceinline__ T from_bits(uint32_t b) { T r; memcpy(&r, &b, 4); return r; }

// 16-bit codes of floatX from packed integer codes (see the header: exact magic-number conversions).
template <typename floatX> struct CodeBits;
template <> struct CodeBits<__half> {
    static constexpr uint32_t kMagic = 0x64006400u;  // f16 1024 in each half: the unit in the last place is 1
    static constexpr bool kHighNibbleInPlace = true;  // 1024 + 16 code is exact: a high nibble needs no shift
    __device__ static uint32_t sub(uint32_t a, uint32_t b) {
        return bits_of(__hsub2(from_bits<__half2>(a), from_bits<__half2>(b)));
    }
    // (1024 + 16 code) / 16 - (64 + zero) = code - zero, one exact fma; negOff holds -(64 + zero) twice
    __device__ static uint32_t sub_high(uint32_t a, uint32_t negOff) {
        return bits_of(__hfma2(from_bits<__half2>(a), __half2half2(__ushort_as_half(0x2C00)), from_bits<__half2>(negOff)));
    }
    // -(64 + zero) twice, as bits: -64 is 0xD400 and its unit in the last place 1/16, so the zero is mantissa bits 4..7
    __device__ static uint32_t neg_high_offset(int z) { return (0xD400u | ((uint32_t)z << 4)) * 0x00010001u; }
    // Bytes sel picks from word (code + 128 each) as two f16 codes: 1024 + byte, less 1152.
    __device__ static uint32_t int8_pair(uint32_t word, uint32_t sel) {
        return sub(__byte_perm(word, 0x64646464u, sel), 0x64806480u);
    }
};
template <> struct CodeBits<__nv_bfloat16> {
    static constexpr uint32_t kMagic = 0x43004300u;  // bf16 128 in each half
    static constexpr bool kHighNibbleInPlace = false;  // bit 7 of a bf16 is its exponent's: every nibble is shifted down
    __device__ static uint32_t sub(uint32_t a, uint32_t b) {
        return bits_of(__hsub2(from_bits<__nv_bfloat162>(a), from_bits<__nv_bfloat162>(b)));
    }
    __device__ static uint32_t int8_pair(uint32_t word, uint32_t sel) {
        const float2 f = __half22float2(from_bits<__half2>(CodeBits<__half>::int8_pair(word, sel)));
        return bits_of(__floats2bfloat162_rn(f.x, f.y));
    }
};

__device__ __forceinline__ uint32_t word_of(const uint4& v, int i) {
    return i == 0 ? v.x : i == 1 ? v.y : i == 2 ? v.z : v.w;
}

// A operands of a lane's 16 code bytes, k-tile j's registers a[j][0..3], as code - zero (int4; zero z0 for row g,
// z1 for row g + 8) or code (int8).
template <typename floatX, int BITS>
__device__ __forceinline__ void codes_to_operands(uint32_t (&a)[weight_only::Format<BITS>::kTilesK][4], const uint4& w,
                                                  int z0, int z1) {
    using C = CodeBits<floatX>;
    if constexpr (BITS == 4) {
        const uint32_t off0 = C::kMagic | (uint32_t)(z0 | (z0 << 16)), off1 = C::kMagic | (uint32_t)(z1 | (z1 << 16));
        if constexpr (C::kHighNibbleInPlace) {
            // registers 1 and 3 are the words' high nibbles (row g + 8): masked in place, scaled back by the fma
            const uint32_t negHigh1 = C::neg_high_offset(z1);
#pragma unroll
            for (int j = 0; j < 4; j++) {
                const uint32_t word = word_of(w, j), word8 = word >> 8;
                a[j][0] = C::sub((word & 0x000F000Fu) | C::kMagic, off0);
                a[j][1] = C::sub_high((word & 0x00F000F0u) | C::kMagic, negHigh1);
                a[j][2] = C::sub((word8 & 0x000F000Fu) | C::kMagic, off0);
                a[j][3] = C::sub_high((word8 & 0x00F000F0u) | C::kMagic, negHigh1);
            }
        } else {
#pragma unroll
            for (int j = 0; j < 4; j++) {
                const uint32_t word = word_of(w, j);
#pragma unroll
                for (int f = 0; f < 4; f++) {
                    a[j][f] = C::sub(((word >> (4 * f)) & 0x000F000Fu) | C::kMagic, (f & 1) ? off1 : off0);
                }
            }
        }
    } else {
#pragma unroll
        for (int j = 0; j < 2; j++) {
            const uint32_t lo = word_of(w, 2 * j), hi = word_of(w, 2 * j + 1);
            a[j][0] = C::int8_pair(lo, 0x4140);
            a[j][1] = C::int8_pair(lo, 0x4342);
            a[j][2] = C::int8_pair(hi, 0x4140);
            a[j][3] = C::int8_pair(hi, 0x4342);
        }
    }
}

// Block b: y rows 16b..16b+15 for all M rows of x, NT = ceil(M / 8) n-tiles (see the header), WARPS = kWarps warps a
// block and STAGES = kStages chunks in flight a warp. smem: shared scratch of max(WARPS * STAGES * 512 bytes,
// WARPS * NT * 4 * 32 floats): the code pipeline, then the warps' sums. zeros is null for int8 (G == K).
template <typename floatX, int BITS, int NT>
__device__ __forceinline__ void gemv_wq_tile(float* smem, floatX* y, const floatX* x, const unsigned char* codes,
                                             const floatX* scales, const unsigned char* zeros, const floatX* bias, int M,
                                             int N, int K, int G, int act) {
    using namespace weight_only;
    using F = Format<BITS>;
    constexpr int WARPS = kWarps, STAGES = kStages;
    constexpr int kRun = F::kChunk / 4;     // inputs of x a lane multiplies a chunk
    constexpr int kRunLoads = kRun / 8;     // its 16-byte loads
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    const int chunks = ceil_div(K, F::kChunk), groups = K / G;
    const int n0 = blockIdx.x * kTileRows + g, n1 = n0 + 8;  // this lane's rows of W
    const uint4* tile = reinterpret_cast<const uint4*>(codes) + (long long)blockIdx.x * chunks * 32 + lane;
    // This lane's 16 bytes of each of its warp's STAGES slots; it reads back only what it copied itself.
    uint4* slots = reinterpret_cast<uint4*>(smem) + warp * STAGES * 32 + lane;
    float acc[NT][4];
#pragma unroll
    for (int nt = 0; nt < NT; nt++) acc[nt][0] = acc[nt][1] = acc[nt][2] = acc[nt][3] = 0.0f;
    // Warp w's chunks are one contiguous range [first, end), so a group's scales and zeros are read once a warp.
    const int perWarp = ceil_div(chunks, WARPS), first = min(chunks, warp * perWarp), end = min(chunks, first + perWarp);
    // Scales and zeros of rows n0, n1 for chunk c's group, which ends at chunk groupEnd (one group: per channel, int8).
    const int chunksPerGroup = groups == 1 ? chunks : G / F::kChunk;  // G % kChunk == 0 unless G == K
    const floatX* scale0 = scales + (long long)n0 * groups;
    const floatX* scale1 = scales + (long long)n1 * groups;
    float s0 = 0.0f, s1 = 0.0f;
    int z0 = 8, z1 = 8, groupEnd = 0;
    auto read_group = [&](int c) {
        const int gi = c / chunksPerGroup;
        groupEnd = (gi + 1) * chunksPerGroup;
        s0 = n0 < N ? to_float(scale0[gi]) : 0.0f;
        s1 = n1 < N ? to_float(scale1[gi]) : 0.0f;
        if constexpr (BITS == 4) {
            z0 = n0 < N ? zeros[(long long)n0 * groups + gi] : 8;
            z1 = n1 < N ? zeros[(long long)n1 * groups + gi] : 8;
        }
    };

    // The range's first STAGES chunks go out at once, and each one consumed sends the one STAGES later into its
    // slot, so STAGES chunks a warp stay in flight without holding registers. Every step commits a group (empty past
    // the end), so "all but the newest STAGES - 1 groups complete" means "chunk i arrived".
#pragma unroll
    for (int i = 0; i < STAGES; i++) {
        const int c = first + i;
        if (c < end) cp_async16(slots + i * 32, tile + (long long)c * 32, 16);
        cp_async_commit();
    }
    // x run of chunk c, n-tile nt (rows past M, a chunk past the range or inputs past K read as 0)
    auto load_x = [&](uint4 (&b)[kRunLoads], int c, int nt) {
        const int kx = c * F::kChunk + kRun * t, m = nt * 8 + g;
#pragma unroll
        for (int q = 0; q < kRunLoads; q++) b[q] = make_uint4(0u, 0u, 0u, 0u);
        if (c < end && m < M && kx < K) {
            const uint4* xr = reinterpret_cast<const uint4*>(x + (long long)m * K + kx);
#pragma unroll
            for (int q = 0; q < kRunLoads; q++) b[q] = xr[q];
        }
    };
    // One n-tile: x is read a chunk ahead, so its latency hides behind a chunk's products. More n-tiles read each
    // one's x as it goes (registers).
    constexpr bool kXAhead = NT == 1;
    uint4 xAhead[kRunLoads];
    if constexpr (kXAhead) load_x(xAhead, first, 0);
    for (int i = 0, c = first; c < end; i++, c++) {
        uint4 b[kRunLoads];
        if constexpr (kXAhead) {
#pragma unroll
            for (int q = 0; q < kRunLoads; q++) b[q] = xAhead[q];
            load_x(xAhead, c + 1, 0);
        }
        if (c >= groupEnd) read_group(c);
        cp_async_wait<STAGES - 1>();
        uint4* slot = slots + (i % STAGES) * 32;
        const uint4 w = *slot;
        uint32_t a[F::kTilesK][4];
        codes_to_operands<floatX, BITS>(a, w, z0, z1);
        const int next = c + STAGES;  // the slot is free once its codes are operands
        if (next < end) cp_async16(slot, tile + (long long)next * 32, 16);
        cp_async_commit();
#pragma unroll
        for (int nt = 0; nt < NT; nt++) {
            if constexpr (!kXAhead) load_x(b, c, nt);
            // One n-tile: a sum a k-tile, so the chunk's products do not wait on each other (more n-tiles chain
            // them through one sum: registers again).
            constexpr int kParts = NT == 1 ? F::kTilesK : 1;
            float part[kParts][4];
#pragma unroll
            for (int j = 0; j < kParts; j++) part[j][0] = part[j][1] = part[j][2] = part[j][3] = 0.0f;
#pragma unroll
            for (int j = 0; j < F::kTilesK; j++) {
                mma_16816<floatX>(part[j % kParts], a[j], word_of(b[j / 2], 2 * (j & 1)), word_of(b[j / 2], 2 * (j & 1) + 1));
            }
#pragma unroll
            for (int j = 1; j < kParts; j++) {
#pragma unroll
                for (int r = 0; r < 4; r++) part[0][r] += part[j][r];
            }
            acc[nt][0] += s0 * part[0][0];
            acc[nt][1] += s0 * part[0][1];
            acc[nt][2] += s1 * part[0][2];
            acc[nt][3] += s1 * part[0][3];
        }
    }
    cp_async_wait<0>();
    __syncthreads();  // every warp is done with its slots: the scratch now takes the sums
    float* red = smem;
#pragma unroll
    for (int nt = 0; nt < NT; nt++) {
#pragma unroll
        for (int i = 0; i < 4; i++) red[((warp * NT + nt) * 4 + i) * 32 + lane] = acc[nt][i];
    }
    __syncthreads();
    // Output (m, n = 16 b + r) is D register i = 2 (r / 8) + m % 2 of lane 4 (r % 8) + (m % 8) / 2 in n-tile m / 8.
    for (int o = threadIdx.x; o < kTileRows * NT * 8; o += blockDim.x) {
        const int r = o % kTileRows, m = o / kTileRows, n = blockIdx.x * kTileRows + r;
        if (m >= M || n >= N) continue;
        const int nt = m / 8, ln = (r % 8) * 4 + (m % 8) / 2, i = (r / 8) * 2 + (m & 1);
        float v = 0.0f;
#pragma unroll
        for (int wp = 0; wp < WARPS; wp++) v += red[((wp * NT + nt) * 4 + i) * 32 + ln];
        if (bias) v += to_float(bias[n]);
        y[(long long)m * N + n] = from_float<floatX>(apply_act(v, act));
    }
}

// Launch grid ceil(N / 16), block 256. Requires 1 <= M <= 8 (narrow: one n-tile, whose registers leave room for two
// blocks an SM) or 9 <= M <= 64 (wide), K % 16 == 0, G == K or G % 64 == 0.
template <typename floatX, int BITS, bool WIDE>
__device__ __forceinline__ void gemv_wq_dispatch(floatX* y, const floatX* x, const unsigned char* codes, const floatX* scales,
                                                 const unsigned char* zeros, const floatX* bias, int M, int N, int K, int G,
                                                 int act) {
    using namespace weight_only;
    // the code pipeline (kWarps * kStages * 512 bytes), then the warps' sums (kWarps * kMaxNTiles * 4 * 32 floats)
    static_assert(kStages * 512 <= kMaxNTiles * 4 * 32 * 4, "the sums' scratch holds the pipeline");
    __shared__ __align__(16) float red[kWarps * kMaxNTiles * 4 * 32];
    if constexpr (!WIDE) {
        gemv_wq_tile<floatX, BITS, 1>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act);
    } else {
        switch ((M + 7) / 8) {
            case 2: gemv_wq_tile<floatX, BITS, 2>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act); break;
            case 3: gemv_wq_tile<floatX, BITS, 3>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act); break;
            case 4: gemv_wq_tile<floatX, BITS, 4>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act); break;
            case 5: gemv_wq_tile<floatX, BITS, 5>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act); break;
            case 6: gemv_wq_tile<floatX, BITS, 6>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act); break;
            case 7: gemv_wq_tile<floatX, BITS, 7>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act); break;
            case 8: gemv_wq_tile<floatX, BITS, 8>(red, y, x, codes, scales, zeros, bias, M, N, K, G, act); break;
            default: break;
        }
    }
}

template <typename floatX, bool WIDE>
__device__ __forceinline__ void gemv_w8_dispatch(floatX* y, const floatX* x, const unsigned char* codes, const floatX* scales,
                                                 const floatX* bias, int M, int N, int K, int act) {
    gemv_wq_dispatch<floatX, 8, WIDE>(y, x, codes, scales, nullptr, bias, M, N, K, K, act);
}

template <typename floatX, bool WIDE>
__device__ __forceinline__ void gemv_w4_dispatch(floatX* y, const floatX* x, const unsigned char* codes, const floatX* scales,
                                                 const unsigned char* zeros, const floatX* bias, int M, int N, int K, int G,
                                                 int act) {
    gemv_wq_dispatch<floatX, 4, WIDE>(y, x, codes, scales, zeros, bias, M, N, K, G, act);
}

// p[0], p[1] = a, b rounded to floatX, one 4-byte store (p 4-byte aligned).
template <typename floatX> __device__ __forceinline__ void store_pair(floatX* p, float a, float b) {
    floatX v[2] = {from_float<floatX>(a), from_float<floatX>(b)};
    uint32_t bits;
    memcpy(&bits, v, 4);
    *reinterpret_cast<uint32_t*>(p) = bits;
}

// out (N, K) = round((code - zero) * scale) of every code; a thread per lane's 16 bytes of a tile, grid-stride over
// ceil(N / 16) * ceil(K / KC) * 32 of them. zeros is null for int8 (G == K).
template <typename floatX, int BITS>
__device__ __forceinline__ void dequantize_wq(floatX* out, const unsigned char* codes, const floatX* scales,
                                              const unsigned char* zeros, int N, int K, int G) {
    using namespace weight_only;
    using F = Format<BITS>;
    constexpr int kRun = F::kChunk / 4;
    const int chunks = ceil_div(K, F::kChunk), groups = K / G;
    const long long lanes = (long long)ceil_div(N, kTileRows) * chunks * 32;
    for (long long i = grid_thread_id(); i < lanes; i += grid_stride()) {
        const int lane = (int)(i % 32), g = lane >> 2, t = lane & 3;
        const long long tc = i / 32;
        const int c = (int)(tc % chunks), rt = (int)(tc / chunks);
        const int k0 = c * F::kChunk, kx = k0 + kRun * t, gi = k0 / G;
        if (kx >= K) continue;
        const uint4 w = reinterpret_cast<const uint4*>(codes)[i];
#pragma unroll
        for (int half = 0; half < 2; half++) {  // row g, then row g + 8
            const int n = rt * kTileRows + g + 8 * half;
            if (n >= N) continue;
            const float s = to_float(scales[(long long)n * groups + gi]);
            floatX* row = out + (long long)n * K + kx;
            if constexpr (BITS == 4) {
                const int z = zeros[(long long)n * groups + gi];
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    const uint32_t word = word_of(w, j);
#pragma unroll
                    for (int hk = 0; hk < 2; hk++) {  // low k (register f = half), high k (f = 2 + half)
                        const int f = half + 2 * hk;
                        const int c0 = (int)((word >> (4 * f)) & 0xF), c1 = (int)((word >> (4 * f + 16)) & 0xF);
                        store_pair(row + 4 * j + 2 * hk, __fmul_rn((float)(c0 - z), s), __fmul_rn((float)(c1 - z), s));
                    }
                }
            } else {
#pragma unroll
                for (int j = 0; j < 2; j++) {
#pragma unroll
                    for (int hk = 0; hk < 2; hk++) {
                        const uint32_t word = word_of(w, 2 * j + hk);
                        const int c0 = (int)((word >> (16 * half)) & 0xFF) - 128, c1 = (int)((word >> (16 * half + 8)) & 0xFF) - 128;
                        store_pair(row + 4 * j + 2 * hk, __fmul_rn((float)c0, s), __fmul_rn((float)c1, s));
                    }
                }
            }
        }
    }
}

template <typename floatX>
__device__ __forceinline__ void dequantize_w8(floatX* out, const unsigned char* codes, const floatX* scales, int N, int K) {
    dequantize_wq<floatX, 8>(out, codes, scales, nullptr, N, K, K);
}

template <typename floatX>
__device__ __forceinline__ void dequantize_w4(floatX* out, const unsigned char* codes, const floatX* scales,
                                              const unsigned char* zeros, int N, int K, int G) {
    dequantize_wq<floatX, 4>(out, codes, scales, zeros, N, K, G);
}

// out (n bytes) = rint(127 * uniform(seed, i)) + 128: random int8 codes -127..127; elementwise launch.
__device__ __forceinline__ void init_codes_i8_any(unsigned char* out, long long n, unsigned long long seed) {
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) {
        out[i] = (unsigned char)(__float2int_rn(__fmul_rn(127.0f, uniform_pm1(seed, i))) + 128);
    }
}

// out (n bytes) = two random codes each: low nibble rint(7.5 (u(2i) + 1)), high nibble the same of u(2i + 1).
__device__ __forceinline__ void init_codes_i4_any(unsigned char* out, long long n, unsigned long long seed) {
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) {
        const int lo = __float2int_rn(__fmul_rn(7.5f, __fadd_rn(uniform_pm1(seed, 2 * i), 1.0f)));
        const int hi = __float2int_rn(__fmul_rn(7.5f, __fadd_rn(uniform_pm1(seed, 2 * i + 1), 1.0f)));
        out[i] = (unsigned char)(lo | (hi << 4));
    }
}
