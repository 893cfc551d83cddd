package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceMemory;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Shard;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.DecoderEngine;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.TensorParallelEngine;
import dev.llmbench.runtime.WeightSource;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tensor parallelism through NCCL ({@link TensorParallelEngine}: a thread and an engine per GPU, the all-reduces NCCL
 * collectives captured in each rank's step graph). On one GPU: world size 1 through a real communicator, its two
 * all-reduces a layer captured in the step graph, gives the whole engine's tokens and logits. Where this host shows two GPUs,
 * world size 2 against the whole engine within 1e-5. A world size beyond the GPUs fails with one line before any
 * allocation.
 */
@GpuTest
class TensorParallelEngineTest {

    private static EngineSpec spec(Path dir, Golden golden, Mode mode, int worldSize) throws Exception {
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        return new EngineSpec(checkpoint.config(), Precision.FLOAT32, mode, golden.prompts().length, golden.prompts()[0].length,
                golden.outputLen(), new WeightSource.Host(checkpoint.weights()), true, 0, new Shard(0, worldSize));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"gpt2, ootb-except-mha", "gpt2, plugin", "llama_gqa, ootb-except-mha", "llama_gqa, plugin"})
    void worldSizeOneThroughNcclIsTheWholeEngine(String name, String modeId) throws Exception {
        Path dir = Goldens.directory(name);
        Golden golden = Golden.read(dir);
        Mode mode = Mode.parse(modeId);
        EngineSpec spec = spec(dir, golden, mode, 1);
        try (DecoderEngine whole = DecoderEngine.build(spec); TensorParallelEngine nccl = TensorParallelEngine.build(spec)) {
            whole.contextPhase(golden.prompts());
            nccl.contextPhase(golden.prompts());
            double apart = Compare.relativeError(nccl.logits(), whole.logits());
            // bit for bit where nothing is timed at build; plugin mode times its algorithms on each engine
            assertTrue(mode == Mode.PLUGIN ? apart <= 1e-6 : apart == 0, name + ": logits apart by " + apart);
            assertArrayEquals(whole.generate(golden.prompts()).tokens(), nccl.generate(golden.prompts()).tokens());
            // NCCL enqueues no work for one rank's in-place sum (the step graphs have as many nodes), but every layer's two
            // all-reduces are in the step that was captured and replayed above
            double[] reduces = nccl.breakdown(golden.prompts()).step().families().get("allreduce");
            assertNotNull(reduces, "no all-reduce in the generation step");
            assertEquals(2 * spec.config().numLayers(), (int) reduces[1], "all-reduces in one generation step");
        }
    }

    @ParameterizedTest(name = "{0} over 2 GPUs")
    @CsvSource({"gpt2", "llama_gqa", "falcon_mqa", "mixtral"})
    void twoGpusComputeTheWholeModel(String name) throws Exception {
        Assumptions.assumeTrue(Device.count() >= 2, "this host shows one GPU: the multi-GPU issue runs this");
        Path dir = Goldens.directory(name);
        Golden golden = Golden.read(dir);
        EngineSpec whole = spec(dir, golden, Mode.PLUGIN, 1);
        try (DecoderEngine one = DecoderEngine.build(whole); Decoder two = Decoder.build(spec(dir, golden, Mode.PLUGIN, 2))) {
            one.contextPhase(golden.prompts());
            two.contextPhase(golden.prompts());
            double error = Compare.relativeError(two.logits(), one.logits());
            assertTrue(error <= 1e-5, name + " over 2 GPUs: relative error " + error);
            assertArrayEquals(one.generate(golden.prompts()).tokens(), two.generate(golden.prompts()).tokens());
        }
    }

    @Test
    void aWorldSizeBeyondTheGpusFailsBeforeAnyAllocation() {
        int visible = Device.count();
        int size = Integer.highestOneBit(visible) * 2; // splits llama_7b's 32 heads for up to 16 visible GPUs
        EngineSpec spec = new EngineSpec(ModelRegistry.requireSupported("llama_7b"), Precision.FLOAT16, Mode.PLUGIN, 1, 8, 4,
                new WeightSource.Random(1), true, 0, new Shard(0, size));
        long before = DeviceMemory.inUse();
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> Decoder.build(spec));
        assertTrue(e.getMessage().startsWith("world size " + size + " needs " + size + " GPUs in this process; this host shows "
                + visible), e.getMessage());
        assertEquals(before, DeviceMemory.inUse());
    }
}
