package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** CPU: the limits of a generation shape are checked with messages that say which limit. */
class EngineSpecTest {
    private static final ModelConfig GPT = ModelRegistry.requireSupported("gpt_350m");

    private static EngineSpec spec(ModelConfig c, int batch, int in, int out) {
        return new EngineSpec(c, Precision.FLOAT16, Mode.PLUGIN, batch, in, out, new WeightSource.Random(1), true, 0, Shard.WHOLE);
    }

    @Test
    void withinTheLimitsIsValid() {
        spec(GPT, 64, 128, 20).validate();
    }

    @Test
    void eachLimitIsNamed() {
        assertEquals("input length 600 exceeds max input length 512 of gpt_350m",
                assertThrows(LlmbenchException.class, () -> spec(GPT, 1, 600, 20).validate()).getMessage());
        assertEquals("input + output length 812 exceeds max sequence length 712 of gpt_350m",
                assertThrows(LlmbenchException.class, () -> spec(GPT, 1, 512, 300).validate()).getMessage());
        assertTrue(assertThrows(LlmbenchException.class, () -> spec(GPT, 0, 60, 20).validate()).getMessage()
                .contains("must all be at least 1"));
    }

    @Test
    void overriddenLimitsAreTheOnesChecked() {
        spec(GPT.withLimits(512, 0, 0), 512, 60, 20).validate();
        assertThrows(LlmbenchException.class, () -> spec(GPT.withLimits(4, 0, 0), 8, 60, 20).validate());
    }

    @Test
    void theMemoryPlanCountsWeightsCacheAndWorkspace() {
        EngineSpec s = spec(GPT, 8, 128, 20);
        MemoryPlan plan = MemoryPlan.of(s, 132);
        long params = 0;
        for (var w : dev.llmbench.weights.WeightLayout.tensors(GPT)) {
            if (!w.name().equals(dev.llmbench.weights.WeightLayout.LM_HEAD)) params += w.numel();
        }
        assertTrue(plan.weightBytes() >= 2 * params && plan.weightBytes() < 2 * params + (1 << 20), "fp16 weights");
        long cache = 2L * 24 * 8 * 16 * 148 * 64 * 2;
        assertTrue(plan.kvCacheBytes() >= cache && plan.kvCacheBytes() < cache + (1 << 20), "KV cache");
        assertEquals(MemoryPlan.CUBLASLT_WORKSPACE, plan.workspaceBytes());
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> plan.requireFits(s, plan.total() - 1, "test GPU"));
        assertTrue(e.getMessage().contains("test GPU has"), e.getMessage());
    }

    /** A model too large for the GPU names the smallest world size whose every rank would fit. */
    @Test
    void aModelTooLargeNamesTheWorldSizeThatWouldFit() {
        ModelConfig gpt175 = ModelRegistry.requireSupported("gpt_175b");
        EngineSpec s = spec(gpt175, 1, 60, 20);
        MemoryPlan whole = MemoryPlan.of(s, 132);
        long free = whole.total() / 2 - (1L << 30); // half the model minus a GiB: two ranks do not fit, three do
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> whole.requireFits(s, free, "test GPU", 132));
        MemoryPlan third = MemoryPlan.of(s.rank(new Shard(0, 3), 0, false), 132);
        assertTrue(third.total() <= free, "a third of gpt_175b fits");
        assertTrue(e.getMessage().endsWith("but test GPU has " + dev.llmbench.cuda.Bytes.human(free) + " free; world size 3 would fit ("
                + dev.llmbench.cuda.Bytes.human(third.total()) + " a GPU and 1.00 GiB for NCCL: tensor parallelism over 3 such GPUs),"
                + " a smaller batch or shorter sequences"), e.getMessage());
        // a third that fits only without NCCL's buffers beside it: world size 3 is not named
        long tight = third.total() + MemoryPlan.NCCL_RESERVE / 2;
        LlmbenchException beyond = assertThrows(LlmbenchException.class, () -> whole.requireFits(s, tight, "test GPU", 132));
        assertFalse(beyond.getMessage().contains("world size 3 would fit"), beyond.getMessage());
        // a rank over NCCL keeps the reserve free, and the world size it names counts the reserve once
        EngineSpec rank0 = s.rank(new Shard(0, 2), 0, false);
        MemoryPlan half = MemoryPlan.of(rank0, 132);
        long roomForThree = third.total() + MemoryPlan.NCCL_RESERVE;
        LlmbenchException reserved = assertThrows(LlmbenchException.class,
                () -> half.requireFits(rank0, roomForThree, "test GPU", 132, MemoryPlan.NCCL_RESERVE));
        assertTrue(reserved.getMessage().contains("has " + dev.llmbench.cuda.Bytes.human(roomForThree) + " free (1.00 GiB of it"
                + " kept for NCCL); world size 3 would fit"), reserved.getMessage());
        LlmbenchException none = assertThrows(LlmbenchException.class, () -> whole.requireFits(s, 1L << 20, "test GPU", 132));
        assertTrue(none.getMessage().contains("it does not fit even over 64 such GPUs (tensor parallelism)"), none.getMessage());
    }

    /** A rank's spec is the whole model's with the rank, device and graph choice given; nothing else moves. */
    @Test
    void aRanksSpecKeepsTheTrialAndTakesItsShard() {
        EngineSpec whole = new EngineSpec(GPT, Precision.BFLOAT16, Mode.OOTB, 8, 60, 20, new WeightSource.Random(3), true, 0,
                new Shard(0, 4));
        EngineSpec rank = whole.rank(new Shard(2, 4), 2, false);
        assertEquals(new EngineSpec(GPT, Precision.BFLOAT16, Mode.OOTB, 8, 60, 20, new WeightSource.Random(3), false, 2,
                new Shard(2, 4)), rank);
    }

    /** A group over processes names its ranks and devices; a negative first rank or device, or no GPU, is refused. */
    @Test
    void aGroupOverProcessesHoldsAtLeastOneRank() {
        NcclGroup g = new NcclGroup.OverProcesses(new byte[] {1, 2}, 4, 2, 2);
        assertEquals(4, g.firstRank());
        assertEquals(2, g.localGpus(8));
        assertEquals(2, g.firstDevice());
        NcclGroup all = new NcclGroup.ThisProcess();
        assertEquals(8, all.localGpus(8));
        assertEquals(0, all.firstRank());
        assertThrows(IllegalArgumentException.class, () -> new NcclGroup.OverProcesses(new byte[] {1}, -1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new NcclGroup.OverProcesses(new byte[] {1}, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NcclGroup.OverProcesses(new byte[] {1}, 0, 2, -1));
    }

    /**
     * The weight-only kernels read x in runs of 16 inputs: a quantized weight whose rows are not a multiple of 16 inputs
     * long (here the MLP's down projection, of a whole model or of a tensor-parallel rank) is refused before any GPU
     * work, naming the weight; the same model unquantized is valid.
     */
    @Test
    void weightOnlyQuantizationNeedsRowsOfSixteenInputs() {
        ModelConfig mlp168 = new ConfigBuilder("tiny_gpt_168", Family.GPT).shape(2, 6, 0, 96, 101, 64, 168).limits(4, 64, 64).build();
        EngineSpec int8 = new EngineSpec(mlp168, Precision.FLOAT16, Mode.PLUGIN, 1, 8, 4, new WeightSource.Random(1), true, 0,
                Shard.WHOLE, Quantization.INT8_WEIGHT_ONLY);
        String message = assertThrows(LlmbenchException.class, int8::validate).getMessage();
        assertTrue(message.contains("needs rows of a multiple of 16 inputs, not 168") && message.contains("mlp"), message);
        spec(mlp168, 1, 8, 4).validate();

        ModelConfig mlp240 = new ConfigBuilder("tiny_gpt_240", Family.GPT).shape(2, 6, 0, 96, 101, 64, 240).limits(4, 64, 64).build();
        EngineSpec whole = new EngineSpec(mlp240, Precision.FLOAT16, Mode.PLUGIN, 1, 8, 4, new WeightSource.Random(1), true, 0,
                Shard.WHOLE, Quantization.INT4_WEIGHT_ONLY);
        whole.validate();
        EngineSpec half = whole.rank(new Shard(1, 2), 0, false); // a rank's down projection reads 120 inputs
        String rankMessage = assertThrows(LlmbenchException.class, half::validate).getMessage();
        assertTrue(rankMessage.contains("not 120"), rankMessage);
        whole.rank(new Shard(1, 3), 0, false).validate(); // 80 inputs a rank
    }
}
