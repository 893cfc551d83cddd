package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.TinyConfigs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightLayoutTest {

    private static Map<String, int[]> shapes(ModelConfig c) {
        return WeightLayout.tensors(c).stream().collect(Collectors.toMap(WeightShape::name, WeightShape::shape));
    }

    @Test
    void llama70bHasGroupedQkvAndFusedGateUpAndNoBiases() {
        ModelConfig c = ModelRegistry.get("llama_70b");
        Map<String, int[]> s = shapes(c);
        assertArrayEquals(new int[] {(64 + 2 * 8) * 128, 8192}, s.get("layers.79.qkv.weight"));
        assertArrayEquals(new int[] {2 * 28672, 8192}, s.get("layers.0.mlp_up.weight"));
        assertArrayEquals(new int[] {8192, 28672}, s.get("layers.0.mlp_down.weight"));
        assertArrayEquals(new int[] {8192}, s.get("final_norm.weight"));
        assertFalse(s.containsKey("final_norm.bias"));
        assertFalse(s.containsKey("layers.0.qkv.bias"));
        assertFalse(s.containsKey(WeightLayout.POS_EMBED));
        // embed, 80 x (2 norms + 4 matrices), final norm, lm_head
        assertEquals(1 + 80 * 6 + 1 + 1, s.size());
    }

    @Test
    void optPositionTableIncludesTheOffsetRows() {
        Map<String, int[]> s = shapes(ModelRegistry.get("opt_2.7b"));
        assertArrayEquals(new int[] {2050, 2560}, s.get(WeightLayout.POS_EMBED));
        assertArrayEquals(new int[] {2560}, s.get("final_norm.bias"));
        assertArrayEquals(new int[] {3 * 2560}, s.get("layers.31.qkv.bias"));
    }

    @Test
    void postNormOptHasNoFinalNorm() {
        Map<String, int[]> s = shapes(ModelRegistry.get("opt_350m"));
        assertFalse(s.containsKey("final_norm.weight"));
        assertTrue(s.containsKey("layers.23.mlp_norm.bias"));
    }

    @Test
    void embedFirstAndLmHeadLast() {
        List<WeightShape> t = WeightLayout.tensors(ModelRegistry.get("gpt_350m"));
        assertEquals(WeightLayout.EMBED, t.get(0).name());
        assertEquals(WeightLayout.LM_HEAD, t.get(t.size() - 1).name());
    }

    @Test
    void hostWeightsRejectMissingMisshapedAndForeignTensors() {
        ModelConfig c = TinyConfigs.gpt();
        HostWeights good = RandomInit.generate(c, 1);
        List<HostTensor> tensors = new ArrayList<>();
        for (String name : good.names()) tensors.add(good.get(name));

        List<HostTensor> missing = new ArrayList<>(tensors);
        missing.removeIf(t -> t.name().equals("layers.1.mlp_up.bias"));
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> new HostWeights(c, missing));
        assertEquals("weights of tiny_gpt lack 'layers.1.mlp_up.bias'", e.getMessage());

        List<HostTensor> misshaped = new ArrayList<>(tensors);
        misshaped.replaceAll(t -> t.name().equals("layers.0.qkv.weight")
                ? new HostTensor(t.name(), new int[] {96, 288}, t.data()) : t);
        e = assertThrows(LlmbenchException.class, () -> new HostWeights(c, misshaped));
        assertEquals("weight 'layers.0.qkv.weight' of tiny_gpt has shape [96, 288], expected [288, 96]", e.getMessage());

        List<HostTensor> foreign = new ArrayList<>(tensors);
        foreign.add(new HostTensor("extra", new int[] {1}, new float[1]));
        e = assertThrows(LlmbenchException.class, () -> new HostWeights(c, foreign));
        assertTrue(e.getMessage().endsWith("outside the layout: extra"), e.getMessage());

        e = assertThrows(LlmbenchException.class, () -> good.get("layers.9.qkv.weight"));
        assertEquals("weights of tiny_gpt have no tensor 'layers.9.qkv.weight'", e.getMessage());
    }

    @Test
    void transposeAndConcatRowsMoveEveryElement() {
        HostTensor m = new HostTensor("m", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, m.transposed("t").data());
        assertArrayEquals(new int[] {3, 2}, m.transposed("t").shape());
        HostTensor row = new HostTensor("r", new int[] {1, 3}, new float[] {7, 8, 9});
        HostTensor both = HostTensor.concatRows("c", m, row);
        assertArrayEquals(new int[] {3, 3}, both.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, both.data());
        Function<Void, HostTensor> bad = v -> HostTensor.concatRows("c", m, m.transposed("t"));
        assertThrows(IllegalArgumentException.class, () -> bad.apply(null));
    }
}
