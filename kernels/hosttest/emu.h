// Minimal host SIMT emulator (test-only, see run.sh): fibers (ucontext), one per CUDA thread, blocks run one after another.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <vector_types.h>
#include <vector_functions.h>
#include <vector>
#include <memory>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <functional>
#undef __global__
#undef __device__
#undef __host__
#undef __forceinline__
#undef __shared__
#undef __align__
#undef __launch_bounds__
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(x)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
using std::min; using std::max;
struct D3 { unsigned x = 0, y = 0, z = 0; };
inline D3 threadIdx, blockIdx, blockDim, gridDim;

enum { RUN = 0, WAIT_BLOCK = 1, WAIT_WARP = 2, DONE = 3 };
extern "C" void emu_switch(void** save_sp, void* load_sp);
asm(R"(
.text
.globl emu_switch
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
)");
struct Fiber { void* sp; char* stack; size_t size; int state = RUN; };
inline void* g_sched_sp;
inline std::vector<Fiber>* g_fibers;
inline int g_cur;
inline float g_xf[1024]; inline int g_xi[1024];
inline std::function<void()>* g_body;

inline void emu_wait(int st) { (*g_fibers)[g_cur].state = st; emu_switch(&(*g_fibers)[g_cur].sp, g_sched_sp); }
inline void __syncthreads() { emu_wait(WAIT_BLOCK); }
inline float __shfl_impl(float v, int src) {
    int t = threadIdx.x, base = t & ~31; g_xf[t] = v; emu_wait(WAIT_WARP);
    float r = g_xf[base + (src & 31)]; emu_wait(WAIT_WARP); return r; }
inline int __shfl_impl(int v, int src) {
    int t = threadIdx.x, base = t & ~31; g_xi[t] = v; emu_wait(WAIT_WARP);
    int r = g_xi[base + (src & 31)]; emu_wait(WAIT_WARP); return r; }
template <class T> T __shfl_xor_sync(unsigned, T v, int m) { return __shfl_impl(v, (int)(threadIdx.x & 31) ^ m); }
template <class T> T __shfl_sync(unsigned, T v, int s) { return __shfl_impl(v, s); }
inline float __fmul_rn(float a, float b) { volatile float r = a * b; return r; }
inline float __fadd_rn(float a, float b) { volatile float r = a + b; return r; }
inline float __fsub_rn(float a, float b) { volatile float r = a - b; return r; }
inline float __int_as_float(int i) { float f; memcpy(&f, &i, 4); return f; }

extern "C" inline void emu_entry() { (*g_body)(); (*g_fibers)[g_cur].state = DONE; emu_switch(&(*g_fibers)[g_cur].sp, g_sched_sp); abort(); }

template <class F> void launch(D3 grid, D3 block, F f) {
    gridDim = grid; blockDim = block;
    int nt = block.x;
    std::function<void()> body = f; g_body = &body;
    std::vector<Fiber> fibers(nt); g_fibers = &fibers;
    static std::vector<char*> pool;
    while ((int)pool.size() < nt) pool.push_back((char*)malloc(128 * 1024));
    for (int t = 0; t < nt; t++) { fibers[t].stack = pool[t]; fibers[t].size = 128 * 1024; }
    for (unsigned bz = 0; bz < grid.z; bz++) for (unsigned by = 0; by < grid.y; by++) for (unsigned bx = 0; bx < grid.x; bx++) {
        blockIdx.x = bx; blockIdx.y = by; blockIdx.z = bz;
        for (int t = 0; t < nt; t++) {
            Fiber& fb = fibers[t]; fb.state = RUN;
            uintptr_t top = ((uintptr_t)(fb.stack + fb.size)) & ~(uintptr_t)15;
            void** sp = (void**)top;
            *--sp = nullptr;                 // alignment slot: entry sees rsp % 16 == 8 as after a call
            *--sp = (void*)&emu_entry;       // return address for the first switch
            for (int k = 0; k < 6; k++) *--sp = nullptr;  // rbp rbx r12 r13 r14 r15
            fb.sp = sp;
        }
        for (;;) {
            bool ran = false;
            for (int t = 0; t < nt; t++) if (fibers[t].state == RUN) { g_cur = t; threadIdx.x = t; emu_switch(&g_sched_sp, fibers[t].sp); ran = true; }
            bool released = false, alldone = true, allblock = true;
            for (int t = 0; t < nt; t++) { if (fibers[t].state != DONE) alldone = false; if (fibers[t].state == WAIT_WARP || fibers[t].state == RUN) allblock = false; }
            if (alldone) break;
            for (int w = 0; w < (nt + 31) / 32; w++) {
                bool all = true, any = false;
                for (int t = w * 32; t < std::min(nt, w * 32 + 32); t++) { if (fibers[t].state == WAIT_WARP) any = true; else if (fibers[t].state != DONE) all = false; }
                if (any && !all) { bool bad = false; for (int t = w * 32; t < std::min(nt, w * 32 + 32); t++) if (fibers[t].state == DONE) bad = true; if (bad) { fprintf(stderr, "shuffle with exited lanes\n"); abort(); } }
                if (any && all) { for (int t = w * 32; t < std::min(nt, w * 32 + 32); t++) if (fibers[t].state == WAIT_WARP) fibers[t].state = RUN; released = true; }
            }
            if (!released && allblock) {
                bool anyblock = false; for (auto& fb : fibers) if (fb.state == WAIT_BLOCK) anyblock = true;
                bool anydone = false; for (auto& fb : fibers) if (fb.state == DONE) anydone = true;
                if (anyblock && anydone) { fprintf(stderr, "__syncthreads with exited threads\n"); abort(); }
                for (auto& fb : fibers) if (fb.state == WAIT_BLOCK) fb.state = RUN;
                released = true;
            }
            if (!released && !ran) { fprintf(stderr, "deadlock\n"); abort(); }
        }
    }
}
