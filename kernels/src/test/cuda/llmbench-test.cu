/*
The translation unit of llmbench-test.fatbin: the kernels only the tests use (testing.cuh), kept out
of the production image llmbench.fatbin, with their entry points generated from testing.kernels like
those of llmbench.cu. Compiled for the same GPUs; shipped in the kernels test-jar.
*/
#include "common.cuh"
#include "testing.cuh"
#include "boundary.cuh"  // generated: target/generated/cuda/llmbench-test/
