package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.runtime.WeightFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A LLaMA checkpoint whose linear weights are GPTQ or AWQ int4 (packed here in each format's published layout, from a
 * round-to-nearest quantization with zero points in groups of 32) loads through the ordinary LLaMA mapping: every
 * canonical weight is the packed one's (code − zero) × scale, the fused QKV and gate/up included, and the norms,
 * embedding and head stay the checkpoint's own.
 */
class PackedCheckpointTest {
    private static final int GROUP = 32;

    @TempDir
    Path dir;

    private final ModelConfig llama = TinyConfigs.llama();
    private final HostWeights dense = RandomInit.generate(llama, 3);

    /** Writes the checkpoint with its linears packed by {@code method}; returns each linear's weight as packed. */
    private Map<String, float[]> writePacked(String method, String quantizationConfig) {
        return writePacked(HfExport.llama(dense), method, quantizationConfig, false);
    }

    /**
     * Writes {@code export} with its linears (LLaMA's *_proj, GPT-2's Conv1D c_* weights) packed by {@code method};
     * returns each linear's (out, in) weight as packed. {@code conv1d}: the checkpoint stores them (in, out), and the
     * packer, as AutoGPTQ's, packs the (out, in) matrix.
     */
    private Map<String, float[]> writePacked(HfExport plain, String method, String quantizationConfig, boolean conv1d) {
        HfExport export = plain
                .withConfig(json -> json.replaceFirst("\\{", "{\"quantization_config\": " + quantizationConfig + ", "));
        SafetensorsWriter writer = new SafetensorsWriter();
        Map<String, float[]> expected = new HashMap<>();
        WeightFormat format = PackedInt4.format(DType.F32, GROUP);
        for (HostTensor stored : export.tensors) {
            boolean linear = conv1d ? stored.name().matches(".*\\.c_(attn|proj|fc)\\.weight") : stored.name().endsWith("_proj.weight");
            if (!linear) {
                writer.add(stored);
                continue;
            }
            HostTensor t = conv1d ? stored.transposed(stored.name()) : stored;
            int out = t.shape()[0], in = t.shape()[1];
            QuantizedWeight q = Quantizer.quantize(t.data(), out, in, format);
            expected.put(t.name(), q.dequantized());
            String prefix = t.name().substring(0, t.name().length() - ".weight".length());
            int groups = in / GROUP;
            float[] scales = new float[groups * out];
            for (int n = 0; n < out; n++) for (int g = 0; g < groups; g++) scales[g * out + n] = q.scales()[n * groups + g];
            writer.add(new HostTensor(prefix + ".scales", new int[] {groups, out}, scales));
            if (method.equals("gptq")) {
                int[] qweight = new int[in / 8 * out];
                for (int k = 0; k < in; k++) {
                    for (int n = 0; n < out; n++) qweight[(k / 8) * out + n] |= (int) q.codes()[n * in + k] << (4 * (k % 8));
                }
                int[] qzeros = new int[groups * out / 8];
                for (int g = 0; g < groups; g++) {
                    for (int n = 0; n < out; n++) qzeros[g * out / 8 + n / 8] |= (q.zeros()[n * groups + g] - 1 & 0xF) << (4 * (n % 8));
                }
                int[] gIdx = new int[in];
                for (int k = 0; k < in; k++) gIdx[k] = k / GROUP;
                writer.add(ints(prefix + ".qweight", qweight, in / 8, out)).add(ints(prefix + ".qzeros", qzeros, groups, out / 8))
                        .add(ints(prefix + ".g_idx", gIdx, in));
            } else {
                int[] order = PackedInt4.AWQ_ORDER;
                int[] qweight = new int[in * out / 8];
                for (int k = 0; k < in; k++) {
                    for (int j = 0; j < out / 8; j++) {
                        for (int i = 0; i < 8; i++) qweight[k * out / 8 + j] |= (int) q.codes()[(8 * j + order[i]) * in + k] << (4 * i);
                    }
                }
                int[] qzeros = new int[groups * out / 8];
                for (int g = 0; g < groups; g++) {
                    for (int j = 0; j < out / 8; j++) {
                        for (int i = 0; i < 8; i++) qzeros[g * out / 8 + j] |= q.zeros()[(8 * j + order[i]) * groups + g] << (4 * i);
                    }
                }
                writer.add(ints(prefix + ".qweight", qweight, in, out / 8)).add(ints(prefix + ".qzeros", qzeros, groups, out / 8));
            }
        }
        export.tensors.clear();
        export.write(dir); // config.json (and an empty tensor file, replaced below)
        writer.write(dir.resolve(SafetensorsReader.SINGLE_FILE));
        return expected;
    }

    private static SafetensorsWriter.Raw ints(String name, int[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return new SafetensorsWriter.Raw(name, "I32", shape, b.array());
    }

    private void assertLoadsAsPacked(Map<String, float[]> packed) {
        HostWeights w = HfCheckpoint.load(dir).weights();
        for (int l = 0; l < llama.numLayers(); l++) {
            String hf = "model.layers." + l + ".", p = WeightLayout.layer(l);
            assertArrayEquals(concat(packed.get(hf + "self_attn.q_proj.weight"), packed.get(hf + "self_attn.k_proj.weight"),
                    packed.get(hf + "self_attn.v_proj.weight")), w.data(p + "qkv.weight"), "layer " + l + " qkv");
            assertArrayEquals(packed.get(hf + "self_attn.o_proj.weight"), w.data(p + "attn_out.weight"), "layer " + l + " out");
            assertArrayEquals(concat(packed.get(hf + "mlp.gate_proj.weight"), packed.get(hf + "mlp.up_proj.weight")),
                    w.data(p + "mlp_up.weight"), "layer " + l + " gate/up");
            assertArrayEquals(packed.get(hf + "mlp.down_proj.weight"), w.data(p + "mlp_down.weight"), "layer " + l + " down");
            assertArrayEquals(dense.data(p + "attn_norm.weight"), w.data(p + "attn_norm.weight"), "layer " + l + " norm");
        }
        assertArrayEquals(dense.data(WeightLayout.EMBED), w.data(WeightLayout.EMBED));
        assertArrayEquals(dense.data(WeightLayout.LM_HEAD), w.data(WeightLayout.LM_HEAD));
    }

    private static float[] concat(float[]... parts) {
        List<Float> all = new ArrayList<>();
        for (float[] p : parts) for (float v : p) all.add(v);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    @Test
    void gptqLinearsLoadAsTheirPackedWeights() {
        assertLoadsAsPacked(writePacked("gptq", """
                {"quant_method": "gptq", "bits": 4, "group_size": 32, "desc_act": false, "sym": false, "checkpoint_format": "gptq"}"""));
    }

    @Test
    void awqLinearsLoadAsTheirPackedWeights() {
        assertLoadsAsPacked(writePacked("awq", """
                {"quant_method": "awq", "bits": 4, "group_size": 32, "zero_point": true, "version": "gemm"}"""));
    }

    /** GPT-2's Conv1D weights are stored (in, out); packed, they hold (out, in), and load as the family expects. */
    @Test
    void gptqConv1dWeightsOfGpt2LoadTransposedBack() {
        HostWeights gpt = RandomInit.generate(TinyConfigs.gpt(), 5);
        Map<String, float[]> packed = writePacked(HfExport.gpt2(gpt), "gptq", """
                {"quant_method": "gptq", "bits": 4, "group_size": 32, "desc_act": false, "checkpoint_format": "gptq"}""", true);
        HostWeights w = HfCheckpoint.load(dir).weights();
        for (int l = 0; l < gpt.config().numLayers(); l++) {
            String hf = "h." + l + ".", p = WeightLayout.layer(l);
            float[] qkv = packed.entrySet().stream().filter(e -> e.getKey().endsWith(hf + "attn.c_attn.weight")).findFirst()
                    .orElseThrow().getValue();
            assertArrayEquals(qkv, w.data(p + "qkv.weight"), "layer " + l + " qkv");
            float[] down = packed.entrySet().stream().filter(e -> e.getKey().endsWith(hf + "mlp.c_proj.weight")).findFirst()
                    .orElseThrow().getValue();
            assertArrayEquals(down, w.data(p + "mlp_down.weight"), "layer " + l + " down");
        }
    }

    @Test
    void formatsThatAreNotReadAreRefusedByName() {
        writePacked("gptq", """
                {"quant_method": "gptq", "bits": 4, "group_size": 32, "desc_act": true}""");
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertTrue(e.getMessage().endsWith("holds GPTQ with desc_act (act-order): reordered groups are not read"), e.getMessage());
        writePacked("gptq", """
                {"quant_method": "bitsandbytes", "bits": 4}""");
        e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertTrue(e.getMessage().endsWith("has quant_method 'bitsandbytes': only awq and gptq checkpoints are read"), e.getMessage());
        writePacked("awq", """
                {"quant_method": "awq", "bits": 3, "group_size": 32}""");
        e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertTrue(e.getMessage().endsWith("quantizes to 3 bits: only 4-bit awq checkpoints are read"), e.getMessage());
    }
}
