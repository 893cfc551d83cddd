package dev.llmbench.reference;

import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.model.Shard;
import dev.llmbench.runtime.DecoderEngine;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.Numerics;
import dev.llmbench.runtime.WeightSource;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.Quantizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The GPU engine's weight-only paths (int8 per channel; int4 per channel, and GPTQ's groups of 128 with zero points
 * where a checkpoint's rows divide into them) against the CPU reference of the same quantized math: every golden
 * decoder checkpoint quantized at load (round to nearest, {@link Quantizer}), run on the GPU in float16 and
 * bfloat16 in every mode, and the reference run on the dequantized weights in fp32.
 * The first-step logits must agree within the standard's low-precision limit, max(2e-2, 1.25 × Hugging Face's own
 * error in that precision), Hugging Face's own run having no quantized counterpart: its error on the checkpoint
 * itself (the golden's, as GoldenEngineTest holds the dense engine to), or 1.25 × the dense engine's own error on
 * the same case (the same precision and mode over the dequantized weights, against the same reference) where that
 * is larger. It matters in bfloat16, whose activations alone cost 1.5-2.7e-2 on these small random checkpoints, one
 * rounding pattern to the next. The greedy first token must agree wherever the reference's top-two margin exceeds the limit
 * times the row's largest logit.
 */
@GpuTest
class QuantizedEngineTest {
    private static final double LIMIT = 2e-2;
    private static final Quantization[] WEIGHT_ONLY = {Quantization.INT8_WEIGHT_ONLY, Quantization.INT4_WEIGHT_ONLY,
            Quantization.INT4_WEIGHT_ONLY_GPTQ};

    @TestFactory
    Stream<DynamicTest> weightOnlyMatchesTheQuantizedReference() {
        List<Path> goldens = Goldens.directories();
        assertFalse(goldens.isEmpty(), "no golden decoder fixtures under " + Goldens.ROOT + "/");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : goldens) {
            for (Quantization q : WEIGHT_ONLY) {
                for (Precision p : new Precision[] {Precision.FLOAT16, Precision.BFLOAT16}) {
                    for (Mode m : Mode.values()) {
                        tests.add(DynamicTest.dynamicTest(dir.getFileName() + " " + q.id + " " + p.id() + " " + m.id,
                                () -> check(dir, q, p, m)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path dir, Quantization quantization, Precision precision, Mode mode) throws Exception {
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        GoldenEngineTest.abortUnlessTheEngineRuns(golden, checkpoint);
        String cannot = Numerics.of(precision, quantization).problemWith(checkpoint.config());
        org.junit.jupiter.api.Assumptions.assumeTrue(cannot == null, cannot); // groups of 128 on these small rows
        HostWeights dequantized = Quantizer.weightOnly(checkpoint.weights(), Numerics.of(precision, quantization).weights());
        float[][] want = new ReferenceModel(checkpoint.config(), dequantized).generate(golden.prompts(), 1).firstLogits();
        int batch = golden.prompts().length;
        EngineSpec dense = new EngineSpec(checkpoint.config(), precision, mode, batch, golden.prompts()[0].length,
                golden.outputLen(), new WeightSource.Host(dequantized), true, 0, Shard.WHOLE, Quantization.NONE);
        double denseError = Compare.relativeError(firstLogits(dense, golden), want);
        double limit = Math.max(golden.engineLimit(precision), Math.max(LIMIT, 1.25 * denseError));
        EngineSpec spec = new EngineSpec(checkpoint.config(), precision, mode, batch, golden.prompts()[0].length,
                golden.outputLen(), new WeightSource.Host(checkpoint.weights()), true, 0, Shard.WHOLE, quantization);
        float[][] got = firstLogits(spec, golden);
        double error = Compare.relativeError(got, want);
        System.out.printf("[quantized] %s %s %s %s: first-step logits relative error %.3g vs the quantized reference"
                + " (limit %.3g; Hugging Face's own limit %.3g; the dense engine on the dequantized weights %.3g)%n",
                golden.name(), quantization.id, precision.id(), mode.id, error, limit, golden.engineLimit(precision), denseError);
        assertTrue(error <= limit, golden.name() + " " + precision.id() + " " + mode.id + ": relative error " + error
                + " > " + limit);
        for (int b = 0; b < batch; b++) {
            int top = argmax(want[b]);
            if (margin(want[b], top) > limit * maxAbs(want[b])) {
                assertEquals(top, argmax(got[b]), golden.name() + " sequence " + b + ": greedy first token");
            }
        }
    }

    private static float[][] firstLogits(EngineSpec spec, Golden golden) {
        try (DecoderEngine engine = DecoderEngine.build(spec)) {
            return GoldenEngineTest.firstLogits(engine, golden, spec.config().vocabSize());
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static double margin(float[] v, int top) {
        double second = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) if (i != top) second = Math.max(second, v[i]);
        return v[top] - second;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }
}
