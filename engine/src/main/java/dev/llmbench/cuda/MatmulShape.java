package dev.llmbench.cuda;

/**
 * A row-major product C (M, N) = op(A) · op(B) (+ bias[N]), repeated {@code batch} times at the given
 * element strides. A is stored (M, K), or (K, M) when {@code transA}; B is stored (K, N), or (N, K) when
 * {@code transB}. Leading dimensions are those of the stored row-major matrices.
 */
public record MatmulShape(DType type, boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc,
                          int batch, long strideA, long strideB, long strideC, Epilogue epilogue) {

    public MatmulShape {
        if (m <= 0 || n <= 0 || k <= 0 || batch <= 0) {
            throw new IllegalArgumentException("matmul sizes must be positive: " + describe(m, n, k, batch));
        }
        if (lda < (transA ? m : k) || ldb < (transB ? k : n) || ldc < n) {
            throw new IllegalArgumentException("leading dimension too small for " + describe(m, n, k, batch));
        }
    }

    /** The engine's linear layer: Y (M, N) = X (M, K) · W^T with W stored (N, K), as Hugging Face stores Linear weights. */
    public static MatmulShape linear(DType type, int m, int n, int k, Epilogue epilogue) {
        return new MatmulShape(type, false, true, m, n, k, k, k, n, 1, 0, 0, 0, epilogue);
    }

    private static String describe(int m, int n, int k, int batch) {
        return "M=" + m + " N=" + n + " K=" + k + " batch=" + batch;
    }

    public String describe() {
        return String.format("%s matmul M=%d N=%d K=%d%s%s%s%s", type, m, n, k, transA ? " A^T" : "", transB ? " B^T" : "",
                batch > 1 ? " batch=" + batch : "", epilogue == Epilogue.NONE ? "" : " epilogue=" + epilogue);
    }
}
