/*
Timing harness for the weight-only products (src/main/cuda/weight_only.cuh) at llama_7b's shapes; correctness lives
in WeightOnlyKernelsTest. Build (from kernels/dev):
  nvcc -O3 -std=c++17 --expt-relaxed-constexpr -arch=sm_90 -I ../src/main/cuda -o /tmp/wo_bench weight_only_bench.cu
Run: /tmp/wo_bench [reps]
For each shape (N, K) and M: random code bytes (any byte is valid codes), x uniform(-1, 1), scales uniform in
[0.005, 0.015), zero points 0..15 (int4 groups of 128; int8 per row); 5 warm-up
launches, then `reps` launches back to back between two cudaEvents: mean microseconds a launch and the code bytes
over that time (GB/s), beside a device-to-device copy of the same bytes timed the same way (the ceiling at that size).
Each product is also checked once against the dense route (dequantize_w*, then an fp32 product of ours):
relative L2 error of y, "ok" at most 3e-3 (float16 rounding of the dequantized weight and of y).
At M = 1 it also times probes: a copy of b50dd61's loop (contiguous code layout, one warp every eighth chunk, scales
read per chunk) with parts switched off, which said what bounded it then (notes/issue12-int8-weight-only.md).
*/
#include "weight_only.cuh"
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { printf("%s: %s\n", #x, cudaGetErrorString(e)); exit(1); } } while (0)

// The production entry points (weight_only.kernels: block 256; the wide ones at least two blocks an SM).
__global__ void __launch_bounds__(256) gemv_w4_f16(__half* y, const __half* x, const unsigned char* c, const __half* s,
                                                   const unsigned char* z, const __half* b, int M, int N, int K, int G, int act) {
    gemv_w4_dispatch<__half, false>(y, x, c, s, z, b, M, N, K, G, act);
}
__global__ void __launch_bounds__(256, 2) gemv_w4_wide_f16(__half* y, const __half* x, const unsigned char* c, const __half* s,
                                                           const unsigned char* z, const __half* b, int M, int N, int K, int G,
                                                           int act) {
    gemv_w4_dispatch<__half, true>(y, x, c, s, z, b, M, N, K, G, act);
}
__global__ void __launch_bounds__(256) gemv_w8_f16(__half* y, const __half* x, const unsigned char* c, const __half* s,
                                                   const __half* b, int M, int N, int K, int act) {
    gemv_w8_dispatch<__half, false>(y, x, c, s, b, M, N, K, act);
}
__global__ void __launch_bounds__(256, 2) gemv_w8_wide_f16(__half* y, const __half* x, const unsigned char* c, const __half* s,
                                                           const __half* b, int M, int N, int K, int act) {
    gemv_w8_dispatch<__half, true>(y, x, c, s, b, M, N, K, act);
}

__global__ void dequantize_w4_f16(__half* out, const unsigned char* c, const __half* s, const unsigned char* z, int N, int K,
                                  int G) {
    dequantize_w4<__half>(out, c, s, z, N, K, G);
}
__global__ void dequantize_w8_f16(__half* out, const unsigned char* c, const __half* s, int N, int K) {
    dequantize_w8<__half>(out, c, s, N, K);
}
// ref (M, N) = x (M, K) W (N, K)^T in fp32, a thread per output
__global__ void dense_reference(float* ref, const __half* x, const __half* W, int M, int N, int K) {
    const long long o = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (o >= (long long)M * N) return;
    const int m = (int)(o / N), n = (int)(o % N);
    float acc = 0.0f;
    for (int k = 0; k < K; k++) acc += __half2float(x[(long long)m * K + k]) * __half2float(W[(long long)n * K + k]);
    ref[o] = acc;
}

__global__ void fill_x(__half* x, long long n, unsigned seed) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        unsigned h = (unsigned)i * 2654435761u ^ seed;
        h ^= h >> 13; h *= 0x5bd1e995u; h ^= h >> 15;
        x[i] = __float2half((h & 0xFFFF) / 32768.0f - 1.0f);
    }
}
__global__ void fill_bytes(unsigned char* p, long long n, unsigned seed) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        unsigned h = (unsigned)i * 2246822519u ^ seed;
        h ^= h >> 13; h *= 0x5bd1e995u; h ^= h >> 15;
        p[i] = (unsigned char)h;
    }
}
// scales uniform in [0.005, 0.015), zero points 0..15: a wrong group or row index shows in the check
__global__ void fill_scales_zeros(__half* s, unsigned char* z, long long n, unsigned seed) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        unsigned h = (unsigned)i * 2654435761u ^ seed;
        h ^= h >> 13; h *= 0x5bd1e995u; h ^= h >> 15;
        s[i] = __float2half(0.005f + 0.01f * (h & 0xFFFF) / 65536.0f);
        z[i] = (unsigned char)((h >> 16) & 0xF);
    }
}

template <typename F> float time_us(F launch, int reps) {
    for (int i = 0; i < 5; i++) launch();
    cudaEvent_t a, b;
    CK(cudaEventCreate(&a)); CK(cudaEventCreate(&b));
    CK(cudaEventRecord(a));
    for (int i = 0; i < reps; i++) launch();
    CK(cudaEventRecord(b));
    CK(cudaEventSynchronize(b));
    float ms; CK(cudaEventElapsedTime(&ms, a, b));
    CK(cudaGetLastError());
    return ms * 1000.0f / reps;
}


// A copy of gemv_wq_tile's loop at one n-tile with parts switched off, to find what bounds it (timing only; the
// results are not checked): FLAGS bit 0 no mma (the operands summed instead), bit 1 no code conversion (the raw
// words are the operands), bit 2 no x loads, bit 3 scales read once (as for one group), bit 4 independent
// accumulators a k-tile (no chain of mma through one accumulator).
template <int BITS, int FLAGS>
__global__ void __launch_bounds__(256) probe(__half* y, const __half* x, const unsigned char* codes, const __half* scales,
                                             const unsigned char* zeros, int M, int N, int K, int G) {
    using namespace weight_only;
    using F = Format<BITS>;
    constexpr int WARPS = 8, STAGES = 4;
    constexpr int kRun = F::kChunk / 4, kRunLoads = kRun / 8;
    __shared__ __align__(16) float smem[WARPS * STAGES * 128];
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
    const int chunks = ceil_div(K, F::kChunk), groups = K / G;
    const int n0 = blockIdx.x * kTileRows + g, n1 = n0 + 8;
    const uint4* tile = reinterpret_cast<const uint4*>(codes) + (long long)blockIdx.x * chunks * 32 + lane;
    uint4* slots = reinterpret_cast<uint4*>(smem) + warp * STAGES * 32 + lane;
    float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    const float perGroup = G == K ? 0.0f : (float)F::kChunk / (float)G;
    float s0 = 0.0f, s1 = 0.0f;
    int z0 = 8, z1 = 8;
    auto read_group = [&](int gi) {
        s0 = n0 < N ? __half2float(scales[(long long)n0 * groups + gi]) : 0.0f;
        s1 = n1 < N ? __half2float(scales[(long long)n1 * groups + gi]) : 0.0f;
        if constexpr (BITS == 4) {
            z0 = n0 < N ? zeros[(long long)n0 * groups + gi] : 8;
            z1 = n1 < N ? zeros[(long long)n1 * groups + gi] : 8;
        }
    };
    read_group(0);
    for (int i = 0; i < STAGES; i++) {
        const int c = warp + i * WARPS;
        if (c < chunks) cp_async16(slots + i * 32, tile + (long long)c * 32, 16);
        cp_async_commit();
    }
    for (int i = 0, c = warp; c < chunks; i++, c += WARPS) {
        const int kx = c * F::kChunk + kRun * t;
        uint4 b[kRunLoads];
        for (int q = 0; q < kRunLoads; q++) b[q] = make_uint4(0x3c003c00u, 0x3c003c00u, 0x3c003c00u, 0x3c003c00u);
        if (!(FLAGS & 4) && g < M && kx < K) {
            const uint4* xr = reinterpret_cast<const uint4*>(x + (long long)g * K + kx);
            for (int q = 0; q < kRunLoads; q++) b[q] = xr[q];
        }
        if (!(FLAGS & 8) && groups > 1) read_group((int)(((float)c + 0.5f) * perGroup));
        cp_async_wait<STAGES - 1>();
        uint4* slot = slots + (i % STAGES) * 32;
        const uint4 w = *slot;
        uint32_t a[F::kTilesK][4];
        if constexpr (FLAGS & 2) {
            for (int j = 0; j < F::kTilesK; j++) for (int f = 0; f < 4; f++) a[j][f] = word_of(w, (j + f) & 3);
        } else {
            codes_to_operands<__half, BITS>(a, w, z0, z1);
        }
        const int next = c + STAGES * WARPS;
        if (next < chunks) cp_async16(slot, tile + (long long)next * 32, 16);
        cp_async_commit();
        float part[F::kTilesK][4] = {};
        for (int j = 0; j < F::kTilesK; j++) {
            const int pj = (FLAGS & 16) ? j : 0;
            if constexpr (FLAGS & 1) {
                for (int f = 0; f < 4; f++) part[pj][f] += __uint_as_float(a[j][f] ^ word_of(b[j / 2], 2 * (j & 1)));
            } else {
                mma_16816<__half>(part[pj], a[j], word_of(b[j / 2], 2 * (j & 1)), word_of(b[j / 2], 2 * (j & 1) + 1));
            }
        }
        for (int j = 0; j < F::kTilesK; j++) {
            acc[0] += s0 * part[j][0]; acc[1] += s0 * part[j][1]; acc[2] += s1 * part[j][2]; acc[3] += s1 * part[j][3];
        }
    }
    cp_async_wait<0>();
    if (n0 < N) y[n0] = __float2half(acc[0] + acc[1] + acc[2] + acc[3]);
}

template <int BITS, int FLAGS>
float time_probe(__half* y, const __half* x, const unsigned char* c, const __half* s, const unsigned char* z, int M, int N, int K,
                 int G, int reps) {
    return time_us([&] { probe<BITS, FLAGS><<<(N + 15) / 16, 256>>>(y, x, c, s, z, M, N, K, G); }, reps);
}

// The probes of the printed line, in its order.
template <int BITS>
void probe_all(float (&v)[7], __half* y, const __half* x, const unsigned char* c, const __half* s, const unsigned char* z,
               int M, int N, int K, int G, int reps) {
    v[0] = time_probe<BITS, 0>(y, x, c, s, z, M, N, K, G, reps);
    v[1] = time_probe<BITS, 1>(y, x, c, s, z, M, N, K, G, reps);
    v[2] = time_probe<BITS, 2>(y, x, c, s, z, M, N, K, G, reps);
    v[3] = time_probe<BITS, 4>(y, x, c, s, z, M, N, K, G, reps);
    v[4] = time_probe<BITS, 8>(y, x, c, s, z, M, N, K, G, reps);
    v[5] = time_probe<BITS, 16>(y, x, c, s, z, M, N, K, G, reps);
    v[6] = time_probe<BITS, 1 | 2 | 4 | 8>(y, x, c, s, z, M, N, K, G, reps);
}

int main(int argc, char** argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 200;
    int shapes[][2] = {{12288, 4096}, {4096, 4096}, {22016, 4096}, {4096, 11008}};
    int ms[] = {1, 8, 16, 64};
    long long maxN = 22016, maxK = 11008;
    unsigned char *codes, *zeros, *copy;
    __half *x, *y, *scales;
    CK(cudaMalloc(&codes, maxN * maxK));
    CK(cudaMalloc(&copy, maxN * maxK));
    CK(cudaMalloc(&zeros, maxN * maxK / 64));
    CK(cudaMalloc(&scales, maxN * maxK / 64 * 2));
    CK(cudaMalloc(&x, 64 * maxK * 2));
    CK(cudaMalloc(&y, 64 * maxN * 2));
    __half* dense;
    float* ref;
    CK(cudaMalloc(&dense, maxN * maxK * 2));
    CK(cudaMalloc(&ref, 64 * maxN * 4));
    fill_bytes<<<1024, 256>>>(codes, maxN * maxK, 7);
    fill_x<<<1024, 256>>>(x, 64 * maxK, 11);
    fill_scales_zeros<<<1024, 256>>>(scales, zeros, maxN * maxK / 64, 13);
    CK(cudaDeviceSynchronize());
    printf("%-6s %6s %6s %3s %10s %9s %10s %9s %6s\n", "kernel", "N", "K", "M", "us", "GB/s", "copy us", "copy GB/s", "x copy");
    for (auto& s : shapes) {
        int N = s[0], K = s[1];
        for (int bits : {4, 8}) {
            long long bytes = (long long)N * K * bits / 8;
            float copyUs = time_us([&] { cudaMemcpyAsync(copy, codes, bytes, cudaMemcpyDeviceToDevice); }, reps);
            for (int M : ms) {
                dim3 grid((N + 15) / 16), block(256);
                float us;
                if (bits == 4) {
                    int G = 128;
                    us = time_us([&] {
                        if (M <= 8) gemv_w4_f16<<<grid, block>>>(y, x, codes, scales, zeros, nullptr, M, N, K, G, 0);
                        else gemv_w4_wide_f16<<<grid, block>>>(y, x, codes, scales, zeros, nullptr, M, N, K, G, 0);
                    }, reps);
                } else {
                    us = time_us([&] {
                        if (M <= 8) gemv_w8_f16<<<grid, block>>>(y, x, codes, scales, nullptr, M, N, K, 0);
                        else gemv_w8_wide_f16<<<grid, block>>>(y, x, codes, scales, nullptr, M, N, K, 0);
                    }, reps);
                }
                // the dense route's y against ours
                {
                    int G = bits == 4 ? 128 : K;
                    if (bits == 4) dequantize_w4_f16<<<4096, 256>>>(dense, codes, scales, zeros, N, K, G);
                    else dequantize_w8_f16<<<4096, 256>>>(dense, codes, scales, N, K);
                    dense_reference<<<(M * N + 255) / 256, 256>>>(ref, x, dense, M, N, K);
                    CK(cudaDeviceSynchronize());
                    std::vector<__half> hy((size_t)M * N);
                    std::vector<float> hr((size_t)M * N);
                    CK(cudaMemcpy(hy.data(), y, hy.size() * 2, cudaMemcpyDeviceToHost));
                    CK(cudaMemcpy(hr.data(), ref, hr.size() * 4, cudaMemcpyDeviceToHost));
                    double num = 0, den = 0;
                    for (size_t i = 0; i < hr.size(); i++) {
                        double d = (double)__half2float(hy[i]) - hr[i];
                        num += d * d;
                        den += (double)hr[i] * hr[i];
                    }
                    double err = sqrt(num / den);
                    printf("   check vs dequantize + fp32 product: relative error %.2e %s\n", err, err <= 3e-3 ? "ok" : "FAIL");
                }
                // copy GB/s counts read + write as the ceilings script does; ours reads only
                printf("w%-5d %6d %6d %3d %10.2f %9.1f %10.2f %9.1f %6.2f\n", bits, N, K, M, us, bytes / us / 1e3, copyUs,
                       2.0 * bytes / copyUs / 1e3, us / (copyUs / 2));
                if (M == 1) {  // what bounds it
                    int G = bits == 4 ? 128 : K;
                    float v[7];
                    if (bits == 4) probe_all<4>(v, y, x, codes, scales, zeros, M, N, K, G, reps);
                    else probe_all<8>(v, y, x, codes, scales, zeros, M, N, K, G, reps);
                    printf("   probe GB/s: copy of loop %6.0f | no mma %6.0f | no convert %6.0f | no x %6.0f | scales once %6.0f"
                           " | split acc %6.0f | only codes %6.0f\n", bytes / v[0] / 1e3, bytes / v[1] / 1e3, bytes / v[2] / 1e3,
                           bytes / v[3] / 1e3, bytes / v[4] / 1e3, bytes / v[5] / 1e3, bytes / v[6] / 1e3);
                }
            }
        }
    }
    return 0;
}
