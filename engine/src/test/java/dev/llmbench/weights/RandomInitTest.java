package dev.llmbench.weights;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.TinyConfigs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RandomInitTest {

    @Test
    void uniformStaysInMinusOneToOneWithMeanZeroAndVarianceOneThird() {
        long seed = RandomInit.tensorSeed(7, "layers.0.qkv.weight");
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            float u = RandomInit.uniform(seed, i);
            sum += u;
            sumSq += u * u;
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        assertTrue(min >= -1f && max < 1f, "range [" + min + ", " + max + "]");
        assertTrue(min < -0.999f && max > 0.999f, "does not cover the range: [" + min + ", " + max + "]");
        assertEquals(0.0, sum / n, 0.01);
        assertEquals(1.0 / 3, sumSq / n, 0.01);
    }

    @Test
    void uniformIsAMultipleOfTwoToTheMinus23() {
        for (int i = 0; i < 1000; i++) {
            float u = RandomInit.uniform(12345, i);
            float scaled = u * 8388608f;
            assertEquals(Math.rint(scaled), scaled, 0.0, "element " + i + " = " + u);
        }
    }

    @Test
    void sameSeedSameWeightsAndOtherSeedOtherWeights() {
        ModelConfig c = TinyConfigs.llama();
        HostWeights a = RandomInit.generate(c, 42);
        HostWeights b = RandomInit.generate(c, 42);
        HostWeights other = RandomInit.generate(c, 43);
        for (String name : a.names()) {
            assertArrayEquals(a.data(name), b.data(name), name);
            assertFalse(java.util.Arrays.equals(a.data(name), other.data(name)), name + " ignores the seed");
        }
    }

    @Test
    void tensorsOfOneModelDiffer() {
        HostWeights w = RandomInit.generate(TinyConfigs.llama(), 1);
        assertNotEquals(w.data("layers.0.qkv.weight")[0], w.data("layers.1.qkv.weight")[0]);
        assertNotEquals(RandomInit.tensorSeed(1, "layers.0.qkv.weight"), RandomInit.tensorSeed(1, "layers.1.qkv.weight"));
    }

    @Test
    void valuesFollowTheSpecOfTheirTensor() {
        ModelConfig c = TinyConfigs.gpt();
        HostWeights w = RandomInit.generate(c, 3);
        for (WeightShape shape : WeightLayout.tensors(c)) {
            RandomInit.Spec spec = RandomInit.spec(c, shape.name(), shape.shape());
            float[] data = w.data(shape.name());
            double mean = 0;
            for (float v : data) {
                if (Math.abs(v - spec.offset()) > spec.scale()) fail(shape.name() + ": " + v + " outside " + spec);
                mean += v;
            }
            mean /= data.length;
            // The standard deviation of a mean of n uniforms is scale / sqrt(3n); allow 5 of them.
            assertEquals(spec.offset(), mean, 5 * spec.scale() / Math.sqrt(3.0 * data.length), shape.name());
        }
    }

    @Test
    void specScalesMatricesByFanInAndResidualWritersByDepth() {
        ModelConfig c = ModelRegistry.get("llama_70b");
        assertEquals(3 / Math.sqrt(8192), RandomInit.spec(c, "layers.5.qkv.weight", new int[] {10240, 8192}).scale(), 1e-8);
        assertEquals(Math.sqrt(3.0 / 8192), RandomInit.spec(c, "layers.5.mlp_up.weight", new int[] {57344, 8192}).scale(), 1e-8);
        assertEquals(Math.sqrt(3.0 / 28672) / Math.sqrt(160),
                RandomInit.spec(c, "layers.5.mlp_down.weight", new int[] {8192, 28672}).scale(), 1e-8);
        assertEquals(new RandomInit.Spec(0.1f, 1f), RandomInit.spec(c, "layers.5.attn_norm.weight", new int[] {8192}));
        assertEquals(1 / Math.sqrt(8192), RandomInit.spec(c, WeightLayout.EMBED, new int[] {32000, 8192}).scale(), 1e-8);
        assertEquals(Math.sqrt(3.0 / 8192), RandomInit.spec(c, WeightLayout.LM_HEAD, new int[] {32000, 8192}).scale(), 1e-8);
        ModelConfig tied = ModelRegistry.get("gpt_350m");
        assertEquals(RandomInit.spec(tied, WeightLayout.EMBED, new int[] {51200, 1024}),
                RandomInit.spec(tied, WeightLayout.LM_HEAD, new int[] {51200, 1024}));
    }

    @Test
    void tiedHeadSharesTheEmbeddingAndUntiedHeadDoesNot() {
        HostWeights gpt = RandomInit.generate(TinyConfigs.gpt(), 5);
        assertSame(gpt.data(WeightLayout.EMBED), gpt.data(WeightLayout.LM_HEAD));
        HostWeights llama = RandomInit.generate(TinyConfigs.llama(), 5);
        assertFalse(java.util.Arrays.equals(llama.data(WeightLayout.EMBED), llama.data(WeightLayout.LM_HEAD)));
    }
}
