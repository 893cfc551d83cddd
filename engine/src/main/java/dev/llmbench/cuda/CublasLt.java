package dev.llmbench.cuda;

import org.bytedeco.cuda.cublas.cublasLtContext;
import org.bytedeco.cuda.cublas.cublasLtMatmulDescOpaque_t;
import org.bytedeco.cuda.cublas.cublasLtMatmulHeuristicResult_t;
import org.bytedeco.cuda.cublas.cublasLtMatmulPreferenceOpaque_t;
import org.bytedeco.cuda.cublas.cublasLtMatrixLayoutOpaque_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.util.HashMap;
import java.util.Map;

import static org.bytedeco.cuda.global.cublas.*;

/**
 * Matrix products through cuBLASLt, row-major as the engine stores tensors. cuBLASLt is column-major:
 * a row-major C = op(A)·op(B) is computed as the column-major C^T = op(B)^T · op(A)^T, i.e. B's buffer
 * is cuBLASLt's first operand. Accumulation is fp32 ({@code CUBLAS_COMPUTE_32F}; for fp32 inputs that is
 * true fp32, TF32 stays off). Descriptors and the heuristic's candidate algorithms are made once per
 * {@link MatmulShape} and cached (the first candidate is used until {@link #tune} measures them all);
 * a product in the hot loop only updates the bias pointer.
 */
public final class CublasLt implements AutoCloseable {
    /** Algorithms asked of the heuristic per shape; {@link #tune} times them all. */
    private static final int MAX_CANDIDATES = 8;
    private static final int TUNING_RUNS = 10;

    private final cublasLtContext handle = new cublasLtContext();
    private final Stream stream;
    private final DeviceBuffer workspace;
    private final Map<MatmulShape, Plan> plans = new HashMap<>();
    private final FloatPointer one = new FloatPointer(1).put(1f);
    private final FloatPointer zero = new FloatPointer(1).put(0f);
    private boolean closed;

    /** @param workspace scratch for cuBLASLt's algorithms (32 MiB covers Hopper's choices); may be null */
    public CublasLt(Stream stream, DeviceBuffer workspace) {
        CudaLibraries.requireCublas();
        this.stream = stream;
        this.workspace = workspace;
        check(cublasLtCreate(handle), "cublasLtCreate", null);
    }

    /** C = op(A)·op(B) (+ bias), see {@link MatmulShape}. Buffers must hold {@code shape.type()} elements. */
    public void matmul(MatmulShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, DeviceBuffer bias) {
        if (shape.epilogue().needsBias != (bias != null)) {
            throw new IllegalArgumentException(shape.describe() + ": epilogue " + shape.epilogue()
                    + (bias == null ? " needs a bias" : " takes no bias"));
        }
        Plan plan = plans.computeIfAbsent(shape, this::plan);
        if (bias != null) {
            plan.biasAddress.put(0, bias.address());
            check(cublasLtMatmulDescSetAttribute(plan.desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, plan.biasAddress, 8),
                    "cublasLtMatmulDescSetAttribute", shape.describe());
        }
        int status = cublasLtMatmul(handle, plan.desc, one, b.pointer(), plan.layoutB, a.pointer(), plan.layoutA, zero,
                c.pointer(), plan.layoutC, c.pointer(), plan.layoutC, plan.chosen.algo(),
                workspace == null ? null : workspace.pointer(), plan.chosen.workspaceSize(), stream.handle());
        check(status, "cublasLtMatmul", shape.describe());
    }

    /**
     * Times every algorithm the heuristic offered for this shape on these buffers (which must hold real
     * data) and keeps the one {@link #choose} picks: the heuristic's first choice is a guess, measured at build
     * it is a fact. Returns the chosen algorithm's mean time in milliseconds.
     */
    public double tune(MatmulShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, DeviceBuffer bias) {
        matmul(shape, a, b, c, bias); // creates the plan
        Plan plan = plans.get(shape);
        if (plan.tunedMillis >= 0) return plan.tunedMillis; // every layer of a model shares its shapes
        double[] millis = new double[plan.candidates];
        try (Event start = new Event(); Event end = new Event()) {
            for (int i = 0; i < plan.candidates; i++) {
                plan.chosen = plan.heuristics.getPointer(i);
                matmul(shape, a, b, c, bias); // warm-up
                start.record(stream);
                for (int r = 0; r < TUNING_RUNS; r++) matmul(shape, a, b, c, bias);
                end.record(stream);
                end.synchronize();
                millis[i] = end.elapsedMillisSince(start) / TUNING_RUNS;
            }
        }
        int chosen = choose(millis);
        plan.chosen = plan.heuristics.getPointer(chosen);
        plan.tunedMillis = millis[chosen];
        return millis[chosen];
    }

    /** How much faster a later candidate must time than the one kept to replace it (see {@link #choose}). */
    static final double TIE_MARGIN = 0.03;

    /**
     * Whether a candidate timed at build is faster than the one kept by more than {@link #TIE_MARGIN}: the one rule
     * for every build-time choice between timed implementations (cuBLASLt's algorithms; our GEMV against cuBLASLt),
     * so that timing noise does not pick between near-equals and builds of one commit run the same code.
     */
    public static boolean clearlyFaster(double candidateMillis, double keptMillis) {
        return candidateMillis < keptMillis * (1 - TIE_MARGIN);
    }

    /**
     * The candidate kept from the timings of the heuristic's candidates, in its order: the first, replaced by a
     * later one only where that one is more than {@link #TIE_MARGIN} faster. Taking the strictly fastest let
     * timing noise decide between algorithms within a percent of each other in isolation, and so differ from
     * build to build, though they differ inside a captured step (llama_7b at batch 8 on an H200: 422 or 454 graph
     * nodes a step and 101-107 ms a generate, from one commit); near-ties now go to the heuristic's order.
     */
    static int choose(double[] millis) {
        int kept = 0;
        for (int i = 1; i < millis.length; i++) {
            if (clearlyFaster(millis[i], millis[kept])) kept = i;
        }
        return kept;
    }

    /** The engine's linear layer: Y (M, N) = X (M, K) · W^T (+ bias), W stored (N, K). */
    public void linear(DeviceBuffer y, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, int m, int n, int k, Epilogue epilogue) {
        matmul(MatmulShape.linear(x.type(), m, n, k, epilogue), x, w, y, bias);
    }

    /** How many distinct shapes have a cached plan (build-time algorithm choice). */
    public int cachedPlans() {
        return plans.size();
    }

    private Plan plan(MatmulShape s) {
        int type = s.type().cudaDataType;
        Plan p = new Plan();
        PointerPointer<?> out = new PointerPointer<>(1);
        check(cublasLtMatmulDescCreate(out, CUBLAS_COMPUTE_32F, org.bytedeco.cuda.global.cudart.CUDA_R_32F),
                "cublasLtMatmulDescCreate", s.describe());
        p.desc = new cublasLtMatmulDescOpaque_t(out.get(0));
        // cuBLASLt's first operand is our B: stored row-major (K, N) = column-major (N, K), no transpose;
        // stored (N, K) when transB = column-major (K, N), transposed.
        setInt(p.desc, CUBLASLT_MATMUL_DESC_TRANSA, s.transB() ? CUBLAS_OP_T : CUBLAS_OP_N, s);
        setInt(p.desc, CUBLASLT_MATMUL_DESC_TRANSB, s.transA() ? CUBLAS_OP_T : CUBLAS_OP_N, s);
        setInt(p.desc, CUBLASLT_MATMUL_DESC_EPILOGUE, s.epilogue().code, s);
        if (s.epilogue().needsBias) {
            setInt(p.desc, CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE, type, s);
        }
        p.layoutB = layout(type, s.transB() ? s.k() : s.n(), s.transB() ? s.n() : s.k(), s.ldb(), s.batch(), s.strideB(), s);
        p.layoutA = layout(type, s.transA() ? s.m() : s.k(), s.transA() ? s.k() : s.m(), s.lda(), s.batch(), s.strideA(), s);
        p.layoutC = layout(type, s.n(), s.m(), s.ldc(), s.batch(), s.strideC(), s);

        PointerPointer<?> prefOut = new PointerPointer<>(1);
        check(cublasLtMatmulPreferenceCreate(prefOut), "cublasLtMatmulPreferenceCreate", s.describe());
        cublasLtMatmulPreferenceOpaque_t pref = new cublasLtMatmulPreferenceOpaque_t(prefOut.get(0));
        try (LongPointer wsBytes = new LongPointer(1).put(workspace == null ? 0 : workspace.bytes())) {
            check(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, wsBytes, 8),
                    "cublasLtMatmulPreferenceSetAttribute", s.describe());
        }
        p.heuristics = new cublasLtMatmulHeuristicResult_t(MAX_CANDIDATES);
        int[] found = new int[1];
        check(cublasLtMatmulAlgoGetHeuristic(handle, p.desc, p.layoutB, p.layoutA, p.layoutC, p.layoutC, pref,
                MAX_CANDIDATES, p.heuristics, found), "cublasLtMatmulAlgoGetHeuristic", s.describe());
        cublasLtMatmulPreferenceDestroy(pref);
        if (found[0] == 0) {
            throw new CudaException("cublasLtMatmulAlgoGetHeuristic", CUBLAS_STATUS_NOT_SUPPORTED,
                    "CUBLAS_STATUS_NOT_SUPPORTED", "no algorithm for this product", s.describe());
        }
        p.candidates = found[0];
        p.chosen = p.heuristics.getPointer(0);
        return p;
    }

    private static cublasLtMatrixLayoutOpaque_t layout(int type, long rows, long cols, long ld, int batch, long stride,
                                                       MatmulShape s) {
        PointerPointer<?> out = new PointerPointer<>(1);
        check(cublasLtMatrixLayoutCreate(out, type, rows, cols, ld), "cublasLtMatrixLayoutCreate", s.describe());
        cublasLtMatrixLayoutOpaque_t l = new cublasLtMatrixLayoutOpaque_t(out.get(0));
        if (batch > 1) {
            try (IntPointer count = new IntPointer(1).put(batch); LongPointer offset = new LongPointer(1).put(stride)) {
                check(cublasLtMatrixLayoutSetAttribute(l, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, count, 4),
                        "cublasLtMatrixLayoutSetAttribute", s.describe());
                check(cublasLtMatrixLayoutSetAttribute(l, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, offset, 8),
                        "cublasLtMatrixLayoutSetAttribute", s.describe());
            }
        }
        return l;
    }

    private static void setInt(cublasLtMatmulDescOpaque_t desc, int attribute, int value, MatmulShape s) {
        try (IntPointer v = new IntPointer(1).put(value)) {
            check(cublasLtMatmulDescSetAttribute(desc, attribute, v, 4), "cublasLtMatmulDescSetAttribute", s.describe());
        }
    }

    static void check(int status, String call, String context) {
        if (status != CUBLAS_STATUS_SUCCESS) {
            BytePointer name = cublasGetStatusName(status);
            BytePointer text = cublasGetStatusString(status);
            throw new CudaException(call, status, name == null ? "cublasStatus " + status : name.getString(),
                    text == null ? "unknown" : text.getString(), context);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Plan p : plans.values()) {
            cublasLtMatrixLayoutDestroy(p.layoutA);
            cublasLtMatrixLayoutDestroy(p.layoutB);
            cublasLtMatrixLayoutDestroy(p.layoutC);
            cublasLtMatmulDescDestroy(p.desc);
        }
        plans.clear();
        check(cublasLtDestroy(handle), "cublasLtDestroy", null);
    }

    private static final class Plan {
        cublasLtMatmulDescOpaque_t desc;
        cublasLtMatrixLayoutOpaque_t layoutA;
        cublasLtMatrixLayoutOpaque_t layoutB;
        cublasLtMatrixLayoutOpaque_t layoutC;
        /** The heuristic's candidates, best guess first; {@link #chosen} points at one of them. */
        cublasLtMatmulHeuristicResult_t heuristics;
        int candidates;
        cublasLtMatmulHeuristicResult_t chosen;
        /** Mean time of the chosen algorithm once {@link #tune} has run, else negative. */
        double tunedMillis = -1;
        final LongPointer biasAddress = new LongPointer(1);
    }
}
