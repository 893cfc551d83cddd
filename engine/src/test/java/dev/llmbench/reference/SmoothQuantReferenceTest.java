package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.runtime.Numerics;
import dev.llmbench.testing.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SmoothQuant's CPU reference: the smoothing is exact algebra, a W8A8 layer stays close to its fp32 product and
 * per-token activation scales beat one per tensor where a few tokens are loud; on every golden decoder the
 * three int8_sq values' distance from Hugging Face's fp32 logits is printed (information, not a limit), with
 * per token and channel no farther than per tensor.
 */
class SmoothQuantReferenceTest {
    private static final int OUT = 48, IN = 64, ROWS = 6;

    @Test
    void smoothingMovesScaleFromTheActivationsToTheWeightsWithoutChangingTheProduct() {
        long seed = Random.freshSeed();
        float[] x = Random.floats(ROWS * IN, seed), w = Random.floats(OUT * IN, seed + 1), amax = new float[IN];
        for (int j = 0; j < IN; j++) amax[j] = 0.1f + Math.abs(x[j]) * (j % 7 == 0 ? 40 : 1);
        float[] s = SmoothQuantReference.smoothing(w, OUT, IN, amax);
        float[] xs = x.clone(), ws = w.clone();
        for (int r = 0; r < ROWS; r++) for (int j = 0; j < IN; j++) xs[r * IN + j] /= s[j];
        for (int o = 0; o < OUT; o++) for (int j = 0; j < IN; j++) ws[o * IN + j] *= s[j];
        float[] want = new Linear(w, null, OUT, IN).apply(x, ROWS), got = new Linear(ws, null, OUT, IN).apply(xs, ROWS);
        assertTrue(Random.relativeError(got, want) < 1e-6, "seed " + seed);
        assertTrue(Arrays.stream(toDoubles(s)).allMatch(v -> v > 0 && Double.isFinite(v)), "seed " + seed);
    }

    @Test
    void aW8A8LayerIsCloseToItsProductAndPerTokenScalesBeatOnePerTensorOnLoudTokens() {
        long seed = Random.freshSeed();
        float[] x = Random.floats(ROWS * IN, seed), w = Random.floats(OUT * IN, seed + 1), bias = Random.floats(OUT, seed + 2);
        for (int j = 0; j < IN; j++) x[j] *= 30; // row 0 is loud: one scale for all rows wastes the others' bits
        float[] amax = new float[IN];
        for (int r = 0; r < ROWS; r++) for (int j = 0; j < IN; j++) amax[j] = Math.max(amax[j], Math.abs(x[r * IN + j]));
        float[] want = new Linear(w, bias, OUT, IN).apply(x, ROWS);
        double perToken = error(x, w, bias, amax, Quantization.INT8_SQ_PER_TOKEN_CHANNEL, want);
        double perTensor = error(x, w, bias, amax, Quantization.INT8_SQ_PER_TENSOR, want);
        assertTrue(perToken < 2e-2, "per token " + perToken + ", seed " + seed);
        assertTrue(perToken < perTensor, "per token " + perToken + " against per tensor " + perTensor + ", seed " + seed);
    }

    private static double error(float[] x, float[] w, float[] bias, float[] amax, Quantization q, float[] want) {
        Numerics n = Numerics.of(Precision.FLOAT16, q);
        boolean perToken = n.activationScales() == Numerics.ActivationScales.INT8_PER_TOKEN;
        float[] got = new SmoothQuantReference.W8A8(w, bias, OUT, IN, amax, n, perToken).apply(x, ROWS);
        // loud row excluded: per tensor is judged where its one scale costs the most
        return Random.relativeError(Arrays.copyOfRange(got, OUT, got.length), Arrays.copyOfRange(want, OUT, want.length));
    }

    @TestFactory
    Stream<DynamicTest> smoothQuantCostOnTheGoldenDecoders() {
        return Goldens.directories().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws Exception {
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        if (checkpoint.config().arch().experts().present()) {
            LlmbenchException e = assertThrows(LlmbenchException.class, () -> SmoothQuantReference.model(checkpoint.config(),
                    checkpoint.weights(), Numerics.of(Precision.FLOAT16, Quantization.INT8_SQ_PER_TENSOR)));
            Assumptions.abort(e.getMessage());
        }
        assertThrows(LlmbenchException.class, () -> SmoothQuantReference.model(checkpoint.config(), checkpoint.weights(),
                Numerics.of(Precision.FLOAT16, Quantization.INT8_WEIGHT_ONLY)), "weight-only is not SmoothQuant");
        Map<Quantization, Double> errors = new java.util.EnumMap<>(Quantization.class);
        for (Quantization q : new Quantization[] {Quantization.INT8_SQ_PER_TENSOR, Quantization.INT8_SQ_PER_TOKEN_CHANNEL,
                Quantization.INT8_SQ_PER_CHANNEL_OOTB}) {
            ReferenceModel model = SmoothQuantReference.model(checkpoint.config(), checkpoint.weights(),
                    Numerics.of(Precision.FLOAT16, q));
            errors.put(q, Compare.relativeError(model.generate(golden.prompts(), 1).firstLogits(), golden.firstLogits()));
        }
        System.out.printf("[quantized] %s SmoothQuant reference vs Hugging Face fp32: per tensor %.3g, per token and channel %.3g,"
                        + " per channel ootb %.3g%n", golden.name(), errors.get(Quantization.INT8_SQ_PER_TENSOR),
                errors.get(Quantization.INT8_SQ_PER_TOKEN_CHANNEL), errors.get(Quantization.INT8_SQ_PER_CHANNEL_OOTB));
        assertTrue(errors.get(Quantization.INT8_SQ_PER_TOKEN_CHANNEL) <= errors.get(Quantization.INT8_SQ_PER_TENSOR),
                golden.name() + ": " + errors);
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
