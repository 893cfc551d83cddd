package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** cuBLASLt products against a double-precision Java product of the same (rounded) inputs. */
@GpuTest
class CublasLtTest {
    private static DeviceBuffer workspace;
    private static CublasLt lt;

    @BeforeAll
    static void open() {
        GpuFixture.device();
        workspace = DeviceBuffer.allocate("cublasLt workspace", DType.F32, 8 << 20);
        lt = new CublasLt(GpuFixture.stream(), workspace);
    }

    @AfterAll
    static void close() {
        if (lt != null) lt.close();
        if (workspace != null) workspace.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{1, 64, 128}, {37, 29, 53}, {3, 1000, 97}, {256, 1024, 768}};
        for (DType t : new DType[] {DType.F32, DType.F16, DType.BF16}) {
            for (int[] s : shapes) {
                for (int ta = 0; ta < 2; ta++) for (int tb = 0; tb < 2; tb++) out.add(Arguments.of(t, s[0], s[1], s[2], ta == 1, tb == 1));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} M={1} N={2} K={3} transA={4} transB={5}")
    @MethodSource("cases")
    void productMatchesJava(DType t, int m, int n, int k, boolean transA, boolean transB) {
        long seed = Random.freshSeed();
        float[] a = round(t, Random.floats(m * k, seed));
        float[] b = round(t, Random.floats(k * n, seed + 1));
        MatmulShape shape = new MatmulShape(t, transA, transB, m, n, k, transA ? m : k, transB ? k : n, n, 1, 0, 0, 0, Epilogue.NONE);
        float[] got = run(shape, a, b, null);
        float[] want = reference(a, b, null, m, n, k, transA, transB, Epilogue.NONE);
        assertTolerance(t, got, want, "seed " + seed + " " + shape.describe());
    }

    static Stream<Arguments> epilogues() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F32, DType.F16, DType.BF16}) {
            for (Epilogue e : new Epilogue[] {Epilogue.BIAS, Epilogue.RELU_BIAS, Epilogue.GELU_BIAS}) out.add(Arguments.of(t, e));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("epilogues")
    void linearWithEpilogueMatchesJava(DType t, Epilogue epilogue) {
        int m = 19, n = 200, k = 64;
        long seed = Random.freshSeed();
        float[] x = round(t, Random.floats(m * k, seed));
        float[] w = round(t, Random.floats(n * k, seed + 1));
        float[] bias = round(t, Random.floats(n, seed + 2));
        float[] got = run(MatmulShape.linear(t, m, n, k, epilogue), x, w, bias);
        float[] want = reference(x, w, bias, m, n, k, false, true, epilogue);
        assertTolerance(t, got, want, "seed " + seed);
    }

    private static float[] run(MatmulShape shape, float[] a, float[] b, float[] bias) {
        DType t = shape.type();
        try (DeviceBuffer da = DeviceBuffer.allocate("a", t, a.length); DeviceBuffer db = DeviceBuffer.allocate("b", t, b.length);
             DeviceBuffer dc = DeviceBuffer.allocate("c", t, (long) shape.m() * shape.n());
             DeviceBuffer dbias = bias == null ? null : DeviceBuffer.allocate("bias", t, bias.length)) {
            da.copyFromFloats(a);
            db.copyFromFloats(b);
            if (dbias != null) dbias.copyFromFloats(bias);
            dc.fillBytes(0xFF); // NaN poison: every element must be written
            lt.matmul(shape, da, db, dc, dbias);
            GpuFixture.stream().synchronize();
            return dc.toFloats();
        }
    }

    static float[] reference(float[] a, float[] b, float[] bias, int m, int n, int k, boolean transA, boolean transB, Epilogue e) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias[j];
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[p * m + i] : a[i * k + p];
                    double bv = transB ? b[j * k + p] : b[p * n + j];
                    s += av * bv;
                }
                if (e == Epilogue.RELU_BIAS || e == Epilogue.RELU) s = Math.max(0, s);
                if (e == Epilogue.GELU_BIAS || e == Epilogue.GELU) {
                    s = 0.5 * s * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (s + 0.044715 * s * s * s)));
                }
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    private static float[] round(DType t, float[] x) {
        for (int i = 0; i < x.length; i++) x[i] = HalfFloats.roundTo(t, x[i]);
        return x;
    }

    private static void assertTolerance(DType t, float[] got, float[] want, String what) {
        double err = Random.relativeError(got, want);
        double limit = t == DType.F32 ? 1e-5 : 1e-2;
        assertTrue(err <= limit, what + ": relative error " + err + " > " + limit);
    }
}
