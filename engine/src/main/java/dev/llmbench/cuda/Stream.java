package dev.llmbench.cuda;

import org.bytedeco.cuda.cudart.CUstream_st;

import static org.bytedeco.cuda.global.cudart.*;

/** A non-blocking CUDA stream: an engine issues all its work on one. */
public final class Stream implements AutoCloseable {
    private final CUstream_st handle;
    private boolean closed;

    public Stream() {
        CudaLibraries.requireRuntime();
        handle = new CUstream_st();
        Cuda.check(cudaStreamCreateWithFlags(handle, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    }

    public CUstream_st handle() {
        return handle;
    }

    public void synchronize() {
        Cuda.check(cudaStreamSynchronize(handle), "cudaStreamSynchronize");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Cuda.check(cudaStreamDestroy(handle), "cudaStreamDestroy");
    }
}
