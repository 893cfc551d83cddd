package dev.llmbench.reference;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.weights.RandomInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding with the KV cache must give the logits of a full recomputation at every step: this catches
 * cache indexing, position (learned or rotary) and causal-mask errors, which a one-pass forward hides. ChatGLM's
 * positions and mask depend on the prompt's length: its recomputation says which tokens were the prompt.
 */
class KvCacheConsistencyTest {
    private static final int BATCH = 3;
    private static final int PROMPT = 37;
    private static final int STEPS = 8;
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> models() {
        return Stream.of(TinyConfigs.gpt(), TinyConfigs.opt(false), TinyConfigs.opt(true), TinyConfigs.llama(),
                TinyConfigs.gptNext()).map(c -> Arguments.of(c.name(), c));
    }

    /** The models above, ChatGLM and GLM-10B, whose prompt is read at once (its context attends both ways). */
    static Stream<Arguments> modelsAndChatglm() {
        return Stream.concat(models(), Stream.of(Arguments.of("tiny_chatglm", TinyConfigs.chatglm()),
                Arguments.of("tiny_glm", TinyConfigs.glm())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelsAndChatglm")
    void cachedStepsEqualFullRecomputation(String name, ModelConfig config) {
        ReferenceModel model = new ReferenceModel(config, RandomInit.generate(config, 2024));
        int[][] prompts = Prompts.random(BATCH, PROMPT, config.vocabSize(), 7);
        int[][] sequences = Arrays.stream(prompts).map(p -> Arrays.copyOf(p, PROMPT + STEPS)).toArray(int[][]::new);

        Session session = model.newSession(BATCH, PROMPT + STEPS);
        float[][] logits = session.forward(prompts);
        for (int step = 0; step < STEPS; step++) {
            int[][] next = new int[BATCH][1];
            for (int b = 0; b < BATCH; b++) {
                int length = PROMPT + step;
                float[] full = model.logitsNoCache(Arrays.copyOf(sequences[b], length), PROMPT);
                double error = Compare.relativeError(logits[b], full);
                assertTrue(error <= TOLERANCE, "step " + step + " sequence " + b + ": relative error " + error);
                next[b][0] = ReferenceModel.argmax(logits[b]);
                sequences[b][length] = next[b][0];
            }
            logits = session.forward(next);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void promptInChunksEqualsPromptAtOnce(String name, ModelConfig config) {
        ReferenceModel model = new ReferenceModel(config, RandomInit.generate(config, 99));
        int[][] prompt = Prompts.random(1, PROMPT, config.vocabSize(), 3);
        Session chunked = model.newSession(1, PROMPT);
        chunked.forward(new int[][] {Arrays.copyOfRange(prompt[0], 0, 20)});
        chunked.forward(new int[][] {Arrays.copyOfRange(prompt[0], 20, 21)});
        float[] logits = chunked.forward(new int[][] {Arrays.copyOfRange(prompt[0], 21, PROMPT)})[0];
        double error = Compare.relativeError(logits, model.logitsNoCache(prompt[0]));
        assertTrue(error <= TOLERANCE, "relative error " + error);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void generateMatchesTheStepwiseArgmaxAndVaries(String name, ModelConfig config) {
        ReferenceModel model = new ReferenceModel(config, RandomInit.generate(config, 2024));
        int[][] prompts = Prompts.random(BATCH, PROMPT, config.vocabSize(), 7);
        GenerateResult result = model.generate(prompts, STEPS);
        boolean varies = false;
        for (int b = 0; b < BATCH; b++) {
            int[] sequence = Arrays.copyOf(prompts[b], PROMPT + STEPS - 1);
            for (int step = 0; step < STEPS; step++) {
                int expected = ReferenceModel.argmax(model.logitsNoCache(Arrays.copyOf(sequence, PROMPT + step)));
                assertTrue(expected == result.tokens()[b][step], "sequence " + b + " step " + step);
                if (step + 1 < STEPS) sequence[PROMPT + step] = expected;
                varies |= result.tokens()[b][step] != result.tokens()[b][0];
            }
            assertArrayEquals(model.logitsNoCache(prompts[b]), result.firstLogits()[b], 1e-5f);
        }
        assertTrue(varies, "random weights give the same token at every step: logits are degenerate");
    }
}
