package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DeviceMemory;
import dev.llmbench.model.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Shapes and models the GPU cannot take fail with a message before anything large is allocated. */
@GpuTest
class EngineLimitsTest {

    @Test
    void aModelLargerThanTheGpuSaysWhatItNeedsAndWhatIsFree() {
        long before = DeviceMemory.inUse();
        EngineSpec spec = new EngineSpec(ModelRegistry.requireSupported("llama_70b"), Precision.FLOAT16, Mode.PLUGIN, 1, 60, 20,
                new WeightSource.Random(1), true, 0);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> DecoderEngine.build(spec));
        assertTrue(e.getMessage().contains("llama_70b") && e.getMessage().contains("needs") && e.getMessage().contains("free")
                && e.getMessage().contains("tensor parallelism"), e.getMessage());
        assertEquals(before, DeviceMemory.inUse(), "nothing stays allocated");
    }

    @Test
    void aBatchBeyondTheModelsLimitNamesTheLimit() {
        EngineSpec spec = new EngineSpec(ModelRegistry.requireSupported("gpt_350m"), Precision.FLOAT16, Mode.PLUGIN, 512, 60, 20,
                new WeightSource.Random(1), true, 0);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> DecoderEngine.build(spec));
        assertEquals("batch size 512 exceeds max batch size 256 of gpt_350m", e.getMessage());
    }
}
