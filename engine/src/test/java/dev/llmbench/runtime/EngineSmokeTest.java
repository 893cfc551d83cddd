package dev.llmbench.runtime;

import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Shard;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The benchmark's headline models generate at the benchmark's shapes in fp16 with random weights: every
 * token is in the vocabulary and the first-step logits are finite. (Whether they are the right tokens is
 * the business of the reference and golden tests; random tied-embedding models often repeat their input
 * token, since the token's own embedding dominates the residual stream.)
 */
@GpuTest
class EngineSmokeTest {

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (String model : new String[] {"gpt_350m", "opt_350m", "llama_7b"}) {
            for (int batch : new int[] {1, 8, 64}) {
                for (int[] io : new int[][] {{60, 20}, {128, 20}}) out.add(Arguments.of(model, batch, io[0], io[1], Quantization.NONE));
            }
        }
        // int8 weight-only at full size: the GEMV at batch 1 and 8, dequantize-then-GEMM at 64 and in every context phase
        for (String model : new String[] {"gpt_350m", "llama_7b", "gpt_350m_moe"}) {
            for (int batch : new int[] {1, 8, 64}) {
                out.add(Arguments.of(model, batch, 128, 20, Quantization.INT8_WEIGHT_ONLY));
                out.add(Arguments.of(model, batch, 128, 20, Quantization.INT4_WEIGHT_ONLY_GPTQ)); // gemv_w4 and dequantize_w4
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} batch {1} in,out {2},{3} {4}")
    @MethodSource("shapes")
    void generatesFiniteLogitsAndValidTokens(String model, int batch, int in, int out, Quantization quantization) {
        EngineSpec spec = new EngineSpec(ModelRegistry.requireSupported(model), Precision.FLOAT16, Mode.PLUGIN, batch, in, out,
                new WeightSource.Random(7), true, 0, Shard.WHOLE, quantization);
        try (DecoderEngine engine = DecoderEngine.build(spec)) {
            int vocab = spec.config().vocabSize();
            int[][] prompts = new int[batch][];
            long seed = Random.freshSeed();
            for (int b = 0; b < batch; b++) prompts[b] = Random.ints(in, vocab, seed + b);
            engine.contextPhase(prompts);
            float[] logits = engine.logits();
            for (int i = 0; i < logits.length; i++) assertTrue(Float.isFinite(logits[i]), "logit " + i + " is " + logits[i]);
            GenerateResult r = engine.generate(prompts);
            assertEquals(batch, r.tokens().length);
            for (int[] seq : r.tokens()) {
                assertEquals(out, seq.length);
                for (int t : seq) assertTrue(t >= 0 && t < vocab, "token " + t);
            }
            assertTrue(r.ttftMillis() > 0 && r.generationMillis() > 0 && r.totalMillis() >= r.ttftMillis());
            System.out.printf("[smoke] %s fp16 %s batch %d in,out %d,%d: build %.2f s, ttft %.2f ms, generation %.2f ms, total %.2f ms%n",
                    model, quantization.id, batch, in, out, engine.buildSeconds(), r.ttftMillis(), r.generationMillis(), r.totalMillis());
        }
    }
}
