// The one translation unit nvcc compiles into llmbench.fatbin: it includes every op-family file.
#include "common.cuh"
