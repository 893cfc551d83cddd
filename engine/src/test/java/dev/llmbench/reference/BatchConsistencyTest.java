package dev.llmbench.reference;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.weights.RandomInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A batch must be its sequences run one by one: nothing leaks between the sequences of a batch. */
class BatchConsistencyTest {

    static Stream<Arguments> models() {
        return Stream.of(TinyConfigs.gpt(), TinyConfigs.opt(true), TinyConfigs.llama())
                .map(c -> Arguments.of(c.name(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void batchEqualsSequencesAlone(String name, ModelConfig config) {
        ReferenceModel model = new ReferenceModel(config, RandomInit.generate(config, 5));
        int[][] prompts = Prompts.random(3, 11, config.vocabSize(), 40);
        GenerateResult batch = model.generate(prompts, 6);
        for (int b = 0; b < prompts.length; b++) {
            GenerateResult alone = model.generate(new int[][] {prompts[b]}, 6);
            assertArrayEquals(alone.tokens()[0], batch.tokens()[b], "tokens of sequence " + b);
            assertArrayEquals(alone.firstLogits()[0], batch.firstLogits()[b], "logits of sequence " + b);
        }
        assertFalse(java.util.Arrays.equals(batch.firstLogits()[0], batch.firstLogits()[1]),
                "different prompts gave the same logits");
    }
}
