package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.RandomInit;
import dev.llmbench.weights.WeightLayout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The prompt's context is read both ways: a later context token reaches an earlier token's layer-1 keys. */
    @Test
    void theContextIsReadBothWays() {
        ModelConfig c = TinyConfigs.glm();
        ReferenceModel model = new ReferenceModel(c, RandomInit.generate(c, 13));
        int[] other = PROMPT.clone();
        other[3] = 77; // the context's last token (the prompt's last, index 4, opens the generated block)
        float[] first = layerOneKeysOfTokenZero(model, PROMPT), second = layerOneKeysOfTokenZero(model, other);
        assertFalse(Arrays.equals(first, second), "token 0 attends to token 3 in layer 0");
        int[] last = PROMPT.clone();
        last[4] = 77; // the block's first token: no context token sees it
        assertArrayEquals(first, layerOneKeysOfTokenZero(model, last));
    }

    /** A prompt as long as the tables: its last token reads position maxPositions, the tables' last row. */
    @Test
    void aPromptAsLongAsTheTablesReadsTheirLastRow() {
        ModelConfig c = TinyConfigs.glm();
        int max = c.arch().positions().maxPositions();
        int[] prompt = new int[max];
        for (int i = 0; i < max; i++) prompt[i] = (i * 7) % c.vocabSize();
        float[] logits = new ReferenceModel(c, RandomInit.generate(c, 14)).logitsNoCache(prompt);
        assertFalse(Float.isNaN(logits[0]));
        int[] tooLong = Arrays.copyOf(prompt, max + 1);
        assertThrows(LlmbenchException.class,
                () -> new ReferenceModel(c, RandomInit.generate(c, 14)).newSession(1, max + 1).forward(new int[][] {tooLong}));
    }

    /** Lengths past the tables are refused before a run: the prompt's length and the output's are positions. */
    @Test
    void lengthsPastTheTablesAreRefused() {
        ModelConfig c = new ConfigBuilder("wide_glm", Family.GLM)
                .shape(2, 6, 0, 96, 101, 64, 160).limits(4, 100, 200)
                .positions(PositionEmbedding.LEARNED_2D, 0).build();
        assertTrue(c.lengthsBeyondLimits(64, 64).isEmpty());
        assertTrue(c.lengthsBeyondLimits(65, 10).orElseThrow().contains("64 positions"), c.lengthsBeyondLimits(65, 10).get());
        assertTrue(c.lengthsBeyondLimits(10, 65).isPresent());
    }

    private static float[] layerOneKeysOfTokenZero(ReferenceModel model, int[] prompt) {
        KvCache cache = new KvCache(model.config().numLayers(), 1, prompt.length, model.kvWidth());
        model.forward(prompt, 0, prompt.length, cache, 0);
        return Arrays.copyOf(cache.keys(1, 0), model.kvWidth());
    }

    private static void shiftRow(float[] table, int row, int hidden) {
        for (int i = 0; i < hidden; i++) table[row * hidden + i] += 0.5f;
    }
}
