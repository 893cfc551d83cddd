// A one-kernel image with SASS for sm_80 only and no PTX: on any other GPU generation the driver has
// no code to run, which is how the tests check the "GPU not supported by the fatbin" error path.
extern "C" __global__ void probe_noop(int* x) {
  if (x) x[threadIdx.x] += 1;
}
