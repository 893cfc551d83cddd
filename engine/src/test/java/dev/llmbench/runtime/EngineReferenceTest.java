package dev.llmbench.runtime;

import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.HalfFloats;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.reference.Compare;
import dev.llmbench.reference.ReferenceModel;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.RandomInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The GPU engine against the CPU reference on tiny models with odd shapes (hidden 96, 6 heads with
 * 2 KV heads for LLaMA, batch 3, prompt 37; ChatGLM-6B v1's 2D rotary, prefix attention and GLM residual too): the same random weights (the GPU's init kernel reproduces
 * RandomInit; for fp16/bf16 the reference gets them rounded as the engine holds them), fresh random
 * prompts. fp32 must match the reference's logits within 1e-4 and its greedy tokens exactly; fp16 the
 * first-step logits within 2e-2 and bf16 (8 significant bits) within 4e-2. Every mode is held to the same
 * bar. (Against the Hugging Face goldens, GoldenEngineTest holds both half precisions to 2e-2.)
 */
@GpuTest
class EngineReferenceTest {
    private static final int BATCH = 3;
    private static final int PROMPT = 37;
    private static final int OUTPUT = 9;
    private static final long WEIGHT_SEED = 4242;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelConfig c : List.of(TinyConfigs.gpt(), TinyConfigs.opt(false), TinyConfigs.opt(true), TinyConfigs.llama(),
                TinyConfigs.gptNext(), TinyConfigs.chatglm())) {
            for (Precision p : Precision.values()) {
                for (Mode m : Mode.values()) out.add(Arguments.of(c.name(), c, p, m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("cases")
    void engineMatchesTheCpuReference(String name, ModelConfig config, Precision precision, Mode mode) {
        long seed = Random.freshSeed();
        int[][] prompts = prompts(config, seed);
        // The engine holds the weights rounded to its precision: the reference gets the same rounded values,
        // so the comparison measures the engine's arithmetic, not the rounding of its inputs.
        HostWeights weights = roundedTo(RandomInit.generate(config, WEIGHT_SEED), precision);
        var reference = new ReferenceModel(config, weights).generate(prompts, OUTPUT);
        EngineSpec spec = new EngineSpec(config, precision, mode, BATCH, PROMPT, OUTPUT, new WeightSource.Random(WEIGHT_SEED),
                true, 0, Shard.WHOLE);
        try (DecoderEngine engine = DecoderEngine.build(spec)) {
            engine.contextPhase(prompts);
            float[] logits = engine.logits();
            int vocab = config.vocabSize();
            float[][] rows = new float[BATCH][];
            for (int b = 0; b < BATCH; b++) rows[b] = java.util.Arrays.copyOfRange(logits, b * vocab, (b + 1) * vocab);
            double error = Compare.relativeError(rows, reference.firstLogits());
            double limit = switch (precision) {
                case FLOAT32 -> 1e-4;
                case FLOAT16 -> 2e-2;
                // bf16 keeps 8 significant bits to fp16's 11: the same computation rounds 8x coarser. On
                // these tiny random models (sharp attention) it lands at 0.9-2.7 % on an H100, fp16 at 0.1-0.3 %.
                case BFLOAT16 -> 4e-2;
            };
            assertTrue(error <= limit, "first-step logits: relative error " + error + " > " + limit + " (prompt seed " + seed + ")");
            if (precision == Precision.FLOAT32) {
                int[][] tokens = engine.generate(prompts).tokens();
                assertArrayEquals(reference.tokens(), tokens, "greedy tokens (prompt seed " + seed + ")");
            }
        }
    }

    /** Replaying the generation step from a CUDA graph gives exactly the tokens of launching it eagerly. */
    @Test
    void graphReplayEqualsEagerGeneration() {
        ModelConfig config = TinyConfigs.llama();
        int[][] prompts = prompts(config, Random.freshSeed());
        int[][][] tokens = new int[2][][];
        for (int graph = 0; graph < 2; graph++) {
            EngineSpec spec = new EngineSpec(config, Precision.FLOAT16, Mode.PLUGIN, BATCH, PROMPT, OUTPUT,
                    new WeightSource.Random(WEIGHT_SEED), graph == 1, 0, Shard.WHOLE);
            try (DecoderEngine engine = DecoderEngine.build(spec)) {
                tokens[graph] = engine.generate(prompts).tokens();
            }
        }
        assertArrayEquals(tokens[0], tokens[1]);
    }

    /** Two generates on one engine give the same tokens: nothing of the first leaks into the second. */
    @Test
    void repeatedGenerateIsDeterministic() {
        ModelConfig config = TinyConfigs.gpt();
        int[][] prompts = prompts(config, Random.freshSeed());
        EngineSpec spec = new EngineSpec(config, Precision.FLOAT32, Mode.PLUGIN, BATCH, PROMPT, OUTPUT,
                new WeightSource.Random(WEIGHT_SEED), true, 0, Shard.WHOLE);
        try (DecoderEngine engine = DecoderEngine.build(spec)) {
            int[][] first = engine.generate(prompts).tokens();
            engine.generate(prompts(config, Random.freshSeed()));
            assertArrayEquals(first, engine.generate(prompts).tokens());
        }
    }

    static HostWeights roundedTo(HostWeights weights, Precision precision) {
        if (precision == Precision.FLOAT32) return weights;
        DType type = Numerics.of(precision).weights().dense();
        List<HostTensor> rounded = new ArrayList<>();
        for (String name : weights.names()) {
            HostTensor t = weights.get(name);
            float[] data = t.data().clone();
            for (int i = 0; i < data.length; i++) data[i] = HalfFloats.roundTo(type, data[i]);
            rounded.add(new HostTensor(name, t.shape(), data));
        }
        return new HostWeights(weights.config(), rounded);
    }

    private static int[][] prompts(ModelConfig config, long seed) {
        int[][] p = new int[BATCH][];
        for (int b = 0; b < BATCH; b++) p[b] = Random.ints(PROMPT, config.vocabSize(), seed + b);
        return p;
    }
}
