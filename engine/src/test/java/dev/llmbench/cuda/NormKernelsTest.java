package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * add_layernorm and add_rmsnorm (norms.cuh) against plain Java: the residual after the add (one fp32
 * add rounded to the type: exact) and the normalised output (statistics in double), with and without a
 * delta, written to a separate buffer or in place over the residual, through each of the kernels' paths: a warp
 * per row (2053 rows of C = 96, 1000, and 2048 16-bit), a block per row vectorised (37 rows; 4096, and 2048
 * fp32), and C = 9001 the scalar path for rows that are not whole 16-byte chunks or too wide to keep in
 * registers (C > 8192).
 */
@GpuTest
class NormKernelsTest {
    /** Rows of a case: a block per row; and, from Kernels' threshold (2048) on, a warp per row where C fits one. */
    private static final int FEW_ROWS = 37;
    private static final int MANY_ROWS = 2053;
    private static final float EPS = 1e-5f;

    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> rmsCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            // a warp per row up to 256 16-byte chunks (96, 1000, 2048 16-bit), a block per row beyond (4096; 2048 fp32),
            // the scalar path where the row is not whole chunks or too long for the registers (9001)
            for (int c : new int[] {96, 1000, 2048, 4096, 9001}) {
                for (boolean delta : new boolean[] {true, false}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        cases.add(Arguments.of(t, c, delta, inPlace, FEW_ROWS));
                        if (c <= 2048) cases.add(Arguments.of(t, c, delta, inPlace, MANY_ROWS));
                    }
                }
            }
        }
        return cases;
    }

    static List<Arguments> layerNormCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Arguments a : rmsCases()) {
            Object[] x = a.get();
            cases.add(Arguments.of(x[0], x[1], x[2], x[3], true, x[4]));
            cases.add(Arguments.of(x[0], x[1], x[2], x[3], false, x[4]));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} C={1} delta={2} inPlace={3} beta={4} N={5}")
    @MethodSource("layerNormCases")
    void addLayerNormMatchesJava(DType t, int c, boolean withDelta, boolean inPlace, boolean withBeta, int rows) {
        long seed = Random.freshSeed();
        String ctx = "add_layernorm " + t + " N=" + rows + " C=" + c + " delta=" + withDelta + " inPlace=" + inPlace
                + " beta=" + withBeta + " seed=" + seed;
        Inputs in = new Inputs(t, rows, c, seed);
        float[] r = in.residualAfterAdd(withDelta);
        float[] want = new float[rows * c];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < c; j++) sum += r[i * c + j];
            double mean = sum / c;
            double sq = 0;
            for (int j = 0; j < c; j++) {
                double d = r[i * c + j] - mean;
                sq += d * d;
            }
            double rstd = 1 / Math.sqrt(sq / c + EPS);
            for (int j = 0; j < c; j++) {
                double y = (r[i * c + j] - mean) * rstd * in.gamma[j] + (withBeta ? in.beta[j] : 0);
                want[i * c + j] = round(t, y);
            }
        }
        try (Buffers d = new Buffers(t, in, withDelta, inPlace)) {
            settle();
            k.addLayerNorm(d.residual, d.delta, d.out, d.gamma, withBeta ? d.beta : null, rows, c, EPS).run(stream);
            finish();
            d.check(t, r, want, in.residual, withDelta, inPlace, ctx);
        }
    }

    @ParameterizedTest(name = "{0} C={1} delta={2} inPlace={3} N={4}")
    @MethodSource("rmsCases")
    void addRmsNormMatchesJava(DType t, int c, boolean withDelta, boolean inPlace, int rows) {
        long seed = Random.freshSeed();
        String ctx = "add_rmsnorm " + t + " N=" + rows + " C=" + c + " delta=" + withDelta + " inPlace=" + inPlace
                + " seed=" + seed;
        Inputs in = new Inputs(t, rows, c, seed);
        float[] r = in.residualAfterAdd(withDelta);
        float[] want = new float[rows * c];
        for (int i = 0; i < rows; i++) {
            double sq = 0;
            for (int j = 0; j < c; j++) sq += (double) r[i * c + j] * r[i * c + j];
            double rinv = 1 / Math.sqrt(sq / c + EPS);
            for (int j = 0; j < c; j++) {
                float normalised = round(t, r[i * c + j] * rinv); // Hugging Face LLaMA: to the dtype before gamma
                want[i * c + j] = HalfFloats.roundTo(t, normalised * in.gamma[j]);
            }
        }
        try (Buffers d = new Buffers(t, in, withDelta, inPlace)) {
            settle();
            k.addRmsNorm(d.residual, d.delta, d.out, d.gamma, rows, c, EPS).run(stream);
            finish();
            d.check(t, r, want, in.residual, withDelta, inPlace, ctx);
        }
    }

    /** Host inputs, already rounded to the type. The residual has a non-zero mean so LayerNorm must remove it. */
    private static final class Inputs {
        final DType t;
        final float[] residual, delta, gamma, beta;

        Inputs(DType t, int rows, int c, long seed) {
            this.t = t;
            residual = stored(t, rows * c, seed, 2.0f, 0.3f);
            delta = stored(t, rows * c, seed + 1, 1.0f);
            gamma = stored(t, c, seed + 2, 0.5f, 1.0f);
            beta = stored(t, c, seed + 3, 0.5f);
        }

        /** r = round(residual + delta) (one fp32 add, one rounding), or the residual itself without delta. */
        float[] residualAfterAdd(boolean withDelta) {
            float[] r = residual.clone();
            if (withDelta) for (int i = 0; i < r.length; i++) r[i] = HalfFloats.roundTo(t, residual[i] + delta[i]);
            return r;
        }
    }

    /** The device side of one case; out is the residual buffer itself when in place. */
    private static final class Buffers implements AutoCloseable {
        DeviceBuffer residual, delta, out, gamma, beta;

        Buffers(DType t, Inputs in, boolean withDelta, boolean inPlace) {
            try {
                residual = upload("residual", t, in.residual);
                delta = withDelta ? upload("delta", t, in.delta) : null;
                out = inPlace ? residual : poisoned("out", t, in.residual.length);
                gamma = upload("gamma", t, in.gamma);
                beta = upload("beta", t, in.beta);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        void check(DType t, float[] wantResidual, float[] wantOut, float[] originalResidual, boolean withDelta,
                   boolean inPlace, String ctx) {
            if (inPlace) {
                assertClose(t, residual.toFloats(), wantOut, ctx + ": out (= residual)");
            } else {
                assertExact(residual.toFloats(), withDelta ? wantResidual : originalResidual, ctx + ": residual after the add");
                assertClose(t, out.toFloats(), wantOut, ctx + ": out");
            }
        }

        @Override
        public void close() {
            for (DeviceBuffer b : new DeviceBuffer[] {residual, delta, out == residual ? null : out, gamma, beta}) {
                if (b != null) b.close();
            }
        }
    }
}
