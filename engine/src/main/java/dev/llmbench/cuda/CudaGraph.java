package dev.llmbench.cuda;

import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.javacpp.SizeTPointer;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * Work captured once from a stream and replayed with one launch: the generation step is recorded like
 * this so a step costs one host call instead of hundreds of kernel launches. Values that change between
 * replays (positions, lengths) must live in device memory the captured kernels read.
 */
public final class CudaGraph implements AutoCloseable {
    private final CUgraph_st graph;
    private final CUgraphExec_st exec;
    private boolean closed;

    private CudaGraph(CUgraph_st graph, CUgraphExec_st exec) {
        this.graph = graph;
        this.exec = exec;
    }

    /** Records what {@code work} issues on {@code stream} (nothing runs) and instantiates it. */
    public static CudaGraph capture(Stream stream, Runnable work) {
        Cuda.check(cudaStreamBeginCapture(stream.handle(), cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
        CUgraph_st graph = new CUgraph_st();
        try {
            work.run();
        } catch (RuntimeException e) {
            cudaStreamEndCapture(stream.handle(), graph); // leave capture mode; the partial graph is dropped
            if (!graph.isNull()) cudaGraphDestroy(graph);
            cudaGetLastError();
            throw e;
        }
        Cuda.check(cudaStreamEndCapture(stream.handle(), graph), "cudaStreamEndCapture");
        CUgraphExec_st exec = new CUgraphExec_st();
        Cuda.check(cudaGraphInstantiate(exec, graph, 0L), "cudaGraphInstantiate");
        return new CudaGraph(graph, exec);
    }

    /** Nodes of the captured graph: each kernel launch, copy and memset it replays. */
    public long nodeCount() {
        try (SizeTPointer count = new SizeTPointer(1)) {
            Cuda.check(cudaGraphGetNodes(graph, null, count), "cudaGraphGetNodes");
            return count.get();
        }
    }

    public void replay(Stream stream) {
        Cuda.check(cudaGraphLaunch(exec, stream.handle()), "cudaGraphLaunch");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Cuda.check(cudaGraphExecDestroy(exec), "cudaGraphExecDestroy");
        Cuda.check(cudaGraphDestroy(graph), "cudaGraphDestroy");
    }
}
