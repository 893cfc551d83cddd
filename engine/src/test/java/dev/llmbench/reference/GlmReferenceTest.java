package dev.llmbench.reference;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.RandomInit;
import dev.llmbench.weights.WeightLayout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * GLM-10B's learned tables are read at its positions (model.GlmPositions): for a prompt of 5 tokens, block position 2
 * is the first generated token's alone, and position 5 (the prompt's length) is where the prompt's last token and
 * every generated token sit.
 */
class GlmReferenceTest {
    private static final int[] PROMPT = {5, 17, 3, 42, 9};

    @Test
    void blockPositionTwoIsTheFirstGeneratedTokensAlone() {
        ModelConfig c = TinyConfigs.glm();
        HostWeights w = RandomInit.generate(c, 11);
        float[] promptLogits = new ReferenceModel(c, w).logitsNoCache(PROMPT);
        int[] withOne = Arrays.copyOf(PROMPT, PROMPT.length + 1);
        withOne[PROMPT.length] = 7;
        float[] stepLogits = new ReferenceModel(c, w).logitsNoCache(withOne, PROMPT.length);

        shiftRow(w.data(WeightLayout.BLOCK_EMBED), 2, c.hiddenSize());
        assertArrayEquals(promptLogits, new ReferenceModel(c, w).logitsNoCache(PROMPT), "no prompt token has block 2");
        assertFalse(Arrays.equals(stepLogits, new ReferenceModel(c, w).logitsNoCache(withOne, PROMPT.length)),
                "the first generated token has block 2");
    }

    @Test
    void thePromptsLastTokenSitsAtThePromptsLength() {
        ModelConfig c = TinyConfigs.glm();
        HostWeights w = RandomInit.generate(c, 12);
        float[] before = new ReferenceModel(c, w).logitsNoCache(PROMPT);
        shiftRow(w.data(WeightLayout.POS_EMBED), PROMPT.length - 1, c.hiddenSize()); // position 4: no token's
        assertArrayEquals(before, new ReferenceModel(c, w).logitsNoCache(PROMPT), "position 4 is unused: 3 then 5");
        shiftRow(w.data(WeightLayout.POS_EMBED), PROMPT.length, c.hiddenSize());
        assertFalse(Arrays.equals(before, new ReferenceModel(c, w).logitsNoCache(PROMPT)), "the last token reads position 5");
    }

    private static void shiftRow(float[] table, int row, int hidden) {
        for (int i = 0; i < hidden; i++) table[row * hidden + i] += 0.5f;
    }
}
