package dev.llmbench.cuda;

import org.bytedeco.cuda.cudart.CUevent_st;

import static org.bytedeco.cuda.global.cudart.*;

/** A CUDA event for timing GPU work on a stream. */
public final class Event implements AutoCloseable {
    private final CUevent_st handle;
    private final float[] elapsed = new float[1];
    private boolean closed;

    public Event() {
        CudaLibraries.requireRuntime();
        handle = new CUevent_st();
        Cuda.check(cudaEventCreateWithFlags(handle, cudaEventDefault), "cudaEventCreateWithFlags");
    }

    public void record(Stream stream) {
        Cuda.check(cudaEventRecord(handle, stream.handle()), "cudaEventRecord");
    }

    public void synchronize() {
        Cuda.check(cudaEventSynchronize(handle), "cudaEventSynchronize");
    }

    /** Milliseconds between {@code start} and this event; both must have completed. */
    public float elapsedMillisSince(Event start) {
        Cuda.check(cudaEventElapsedTime(elapsed, start.handle, handle), "cudaEventElapsedTime");
        return elapsed[0];
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Cuda.check(cudaEventDestroy(handle), "cudaEventDestroy");
    }
}
