package dev.llmbench.reference;

import dev.llmbench.model.Mode;
import dev.llmbench.model.Shard;
import dev.llmbench.model.Precision;
import dev.llmbench.runtime.DecoderEngine;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.WeightSource;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.LlmbenchException;
import dev.llmbench.families.Families;
import dev.llmbench.families.HfCheckpoint;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The GPU engine against Hugging Face: every golden checkpoint loaded through HfCheckpoint and run on the
 * GPU in each precision and mode. float32 must give the Hugging Face first-step logits within 1e-4 and
 * the same greedy tokens; float16 and bfloat16 the logits within max(2e-2, 1.25 × Hugging Face's own error in
 * that type on the same case) ({@link AccuracyLimit}).
 */
@GpuTest
class GoldenEngineTest {

    @TestFactory
    Stream<DynamicTest> engineMatchesHuggingFace() {
        List<Path> goldens = Goldens.directories();
        assertFalse(goldens.isEmpty(), "no golden fixtures under " + Goldens.ROOT + "/");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : goldens) {
            for (Precision p : Precision.values()) {
                for (Mode m : Mode.values()) {
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + " " + p.id() + " " + m.id, () -> check(dir, p, m)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path dir, Precision precision, Mode mode) throws Exception {
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        abortUnlessTheEngineRuns(golden, checkpoint);
        int batch = golden.prompts().length;
        EngineSpec spec = new EngineSpec(checkpoint.config(), precision, mode, batch, golden.prompts()[0].length,
                golden.outputLen(), new WeightSource.Host(checkpoint.weights()), true, 0, Shard.WHOLE);
        try (DecoderEngine engine = DecoderEngine.build(spec)) {
            float[][] rows = firstLogits(engine, golden, checkpoint.config().vocabSize());
            double error = Compare.relativeError(rows, golden.firstLogits());
            double limit = golden.engineLimit(precision);
            System.out.printf("[golden] %s %s %s: first-step logits relative error %.3g (limit %.3g)%n", golden.name(),
                    precision.id(), mode.id, error, limit);
            assertTrue(error <= limit, golden.name() + " " + precision.id() + ": relative error " + error + " > " + limit);
            if (precision == Precision.FLOAT32) {
                assertArrayEquals(golden.greedyTokens(), engine.generate(golden.prompts()).tokens(), golden.name() + " tokens");
            }
        }
    }

    /**
     * A family the reference reads before the engine implements it (GPT-J) is not run: the case aborts with the
     * engine's own reason, counted as not run rather than passed.
     */
    static void abortUnlessTheEngineRuns(Golden golden, HfCheckpoint checkpoint) {
        try {
            Families.requireImplemented(checkpoint.config());
        } catch (LlmbenchException notYet) {
            Assumptions.abort("the engine does not run " + golden.name() + " yet: " + notYet.getMessage());
        }
    }

    /** The context phase over the golden prompts: each sequence's first-step logits. */
    static float[][] firstLogits(DecoderEngine engine, Golden golden, int vocab) {
        engine.contextPhase(golden.prompts());
        float[] logits = engine.logits();
        int batch = golden.prompts().length;
        float[][] rows = new float[batch][vocab];
        for (int b = 0; b < batch; b++) System.arraycopy(logits, b * vocab, rows[b], 0, vocab);
        return rows;
    }
}
