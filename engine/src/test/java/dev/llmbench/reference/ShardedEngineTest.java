package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Shard;
import dev.llmbench.runtime.DecoderEngine;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.ShardedEngine;
import dev.llmbench.runtime.WeightSource;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tensor parallelism on one GPU: every golden decoder split over 2, 3, 4 and 6 ranks wherever its heads and MLP
 * split ({@link ShardedEngine}: the ranks on one stream, the all-reduce a kernel over their buffers), against the
 * whole model's engine on the same GPU. float32, every mode: first-step logits within 1e-5 relative and the same
 * greedy tokens, and every rank's logits bit-identical to rank 0's. float16 and bfloat16 (plugin, the fewest ranks
 * that split): within the Hugging Face limit of the golden case. The fixtures cover multi-head, grouped and
 * multi-query attention with fewer key/value heads than ranks (llama_gqa over 6, falcon_mqa), ALiBi (each rank its
 * heads' slopes), parallel blocks, biases on the row-parallel layers (rank 0 adds them) and a mixture of experts
 * (every expert's MLP split, the router whole).
 */
@GpuTest
class ShardedEngineTest {
    private static final double TOLERANCE = 1e-5;
    private static final int[] RANKS = {2, 3, 4, 6};

    @TestFactory
    Stream<DynamicTest> ranksOnOneGpuComputeTheWholeModel() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : Goldens.directories()) {
            ModelConfig c = HfCheckpoint.load(dir).config();
            if (c.arch().encoder()) continue;
            List<Integer> splits = new ArrayList<>();
            for (int ranks : RANKS) if (splits(c, ranks)) splits.add(ranks);
            for (int ranks : splits) {
                for (Mode m : Mode.values()) {
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + " float32 " + m.id + " over " + ranks,
                            () -> againstWholeEngine(dir, m, ranks)));
                }
            }
            if (splits.isEmpty()) continue;
            for (Precision p : new Precision[] {Precision.FLOAT16, Precision.BFLOAT16}) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " " + p.id() + " plugin over " + splits.get(0),
                        () -> againstHuggingFace(dir, p, splits.get(0))));
            }
        }
        assertFalse(tests.isEmpty(), "no golden decoder splits over " + java.util.Arrays.toString(RANKS) + " ranks");
        return tests.stream();
    }

    private static boolean splits(ModelConfig c, int ranks) {
        try {
            new Shard(0, ranks).requireSplittable(c);
            return true;
        } catch (LlmbenchException no) {
            return false;
        }
    }

    private static EngineSpec spec(HfCheckpoint checkpoint, Golden golden, Precision precision, Mode mode) {
        return new EngineSpec(checkpoint.config(), precision, mode, golden.prompts().length, golden.prompts()[0].length,
                golden.outputLen(), new WeightSource.Host(checkpoint.weights()), true, 0, Shard.WHOLE);
    }

    private static void againstWholeEngine(Path dir, Mode mode, int ranks) throws Exception {
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        GoldenEngineTest.abortUnlessTheEngineRuns(golden, checkpoint);
        EngineSpec spec = spec(checkpoint, golden, Precision.FLOAT32, mode);
        int vocab = checkpoint.config().vocabSize();
        try (DecoderEngine whole = DecoderEngine.build(spec); ShardedEngine split = ShardedEngine.build(spec, ranks)) {
            float[][] expected = GoldenEngineTest.firstLogits(whole, golden, vocab);
            split.contextPhase(golden.prompts());
            float[] rank0 = split.logits(0);
            for (int r = 1; r < ranks; r++) {
                // the same residual stream into the same whole LM head, whose product no rank chooses by timing
                assertArrayEquals(rank0, split.logits(r), golden.name() + ": rank " + r + "'s logits differ from rank 0's");
            }
            double error = Compare.relativeError(rows(rank0, golden.prompts().length, vocab), expected);
            System.out.printf("[sharded-engine] %s float32 %s over %d ranks: first-step logits relative error %.3g%n",
                    golden.name(), mode.id, ranks, error);
            assertTrue(error <= TOLERANCE, golden.name() + " over " + ranks + ": relative error " + error);
            assertArrayEquals(whole.generate(golden.prompts()).tokens(), split.generate(golden.prompts()).tokens(),
                    golden.name() + " over " + ranks + ": greedy tokens");
        }
    }

    private static void againstHuggingFace(Path dir, Precision precision, int ranks) throws Exception {
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        GoldenEngineTest.abortUnlessTheEngineRuns(golden, checkpoint);
        try (ShardedEngine split = ShardedEngine.build(spec(checkpoint, golden, precision, Mode.PLUGIN), ranks)) {
            split.contextPhase(golden.prompts());
            float[][] rows = rows(split.logits(0), golden.prompts().length, checkpoint.config().vocabSize());
            double error = Compare.relativeError(rows, golden.firstLogits());
            double limit = golden.engineLimit(precision);
            System.out.printf("[sharded-engine] %s %s plugin over %d ranks: relative error %.3g against Hugging Face (limit %.3g)%n",
                    golden.name(), precision.id(), ranks, error, limit);
            assertTrue(error <= limit, golden.name() + " " + precision.id() + " over " + ranks + ": " + error + " > " + limit);
        }
    }

    private static float[][] rows(float[] logits, int batch, int vocab) {
        float[][] rows = new float[batch][vocab];
        for (int b = 0; b < batch; b++) System.arraycopy(logits, b * vocab, rows[b], 0, vocab);
        return rows;
    }
}
