package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tensor parallelism's algebra on every golden decoder, in the CPU reference: split over 2 and 4 ranks with an
 * all-reduce after each row-parallel product, the first-step logits stay within 1e-5 of the unsharded model's and
 * the greedy tokens are the same. The fixtures cover multi-head, grouped (fewer key/value heads than 4 ranks:
 * each rank keeps the one its heads read), multi-query, ALiBi (each rank its heads' slopes), partial and
 * interleaved rotary, parallel blocks, biases on the row-parallel layers (added once, after the sum) and a mixture
 * of experts (every expert split, the mixture's output summed). A model whose heads or MLP do not split evenly is
 * not run, with the reason.
 */
class ShardedReferenceTest {
    private static final double TOLERANCE = 1e-5;

    @TestFactory
    Stream<DynamicTest> splitOverRanksMatchesTheWholeModel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : Goldens.directories()) {
            for (int ranks : new int[] {2, 4}) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " over " + ranks, () -> check(dir, ranks)));
            }
        }
        return tests.stream();
    }

    private static void check(Path dir, int ranks) throws Exception {
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        ModelConfig c = checkpoint.config();
        try {
            new Shard(0, ranks).requireSplittable(c);
        } catch (LlmbenchException notSplit) {
            Assumptions.abort(notSplit.getMessage());
        }
        GenerateResult whole = new ReferenceModel(c, checkpoint.weights()).generate(golden.prompts(), golden.outputLen());
        GenerateResult split = ShardedReference.generate(c, checkpoint.weights(), ranks, golden.prompts(), golden.outputLen());
        double error = Compare.relativeError(split.firstLogits(), whole.firstLogits());
        System.out.printf("[sharded] %s over %d ranks: first-step logits relative error %.3g against the whole model%n",
                golden.name(), ranks, error);
        assertTrue(error <= TOLERANCE, golden.name() + " over " + ranks + ": " + error);
        assertArrayEquals(whole.tokens(), split.tokens(), golden.name() + " over " + ranks + ": greedy tokens");
    }
}
