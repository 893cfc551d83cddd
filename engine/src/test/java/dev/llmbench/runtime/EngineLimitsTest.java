package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Bytes;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.cuda.DeviceMemory;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Shard;
import dev.llmbench.model.Precision;
import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shapes and models the GPU cannot take fail with a message before anything large is allocated. */
@GpuTest
class EngineLimitsTest {

    @Test
    void aModelLargerThanTheGpuSaysWhatItNeedsAndWhatIsFree() {
        DeviceInfo gpu = GpuFixture.device().info();
        Optional<EngineSpec> tooBig = smallestSpecLargerThan(gpu);
        assumeTrue(tooBig.isPresent(), "every model of the registry fits the " + Bytes.human(gpu.totalMemory()) + " of " + gpu.name());
        EngineSpec spec = tooBig.get();
        long before = DeviceMemory.inUse();
        LlmbenchException e = buildFails(spec);
        String message = e.getMessage();
        assertTrue(message.contains(spec.config().name()) && message.contains("needs") && message.contains("free")
                && message.contains("tensor parallelism") && message.contains(gpu.name() + " has"), message);
        assertEquals(before, DeviceMemory.inUse(), "nothing stays allocated");
    }

    @Test
    void aBatchBeyondTheModelsLimitNamesTheLimit() {
        EngineSpec spec = spec("gpt_350m", Precision.FLOAT16, 512);
        assertEquals("batch size 512 exceeds max batch size 256 of gpt_350m", buildFails(spec).getMessage());
    }

    /**
     * The registry model and precision whose engine needs the least memory beyond all of this GPU's (so the
     * test means the same on an 80 GB and a 141 GB card); empty on a GPU that could hold any of them.
     */
    private static Optional<EngineSpec> smallestSpecLargerThan(DeviceInfo gpu) {
        return ModelRegistry.names().stream()
                .filter(EngineLimitsTest::runs)
                .flatMap(name -> Stream.of(Precision.values()).map(p -> spec(name, p, 1)))
                .filter(spec -> MemoryPlan.of(spec, gpu.smCount()).total() > gpu.totalMemory())
                .min(Comparator.comparingLong(spec -> MemoryPlan.of(spec, gpu.smCount()).total()));
    }

    private static boolean runs(String name) {
        try {
            ModelRegistry.requireSupported(name);
            return true;
        } catch (LlmbenchException notSupported) {
            return false;
        }
    }

    private static EngineSpec spec(String model, Precision precision, int batch) {
        return new EngineSpec(ModelRegistry.requireSupported(model), precision, Mode.PLUGIN, batch, 60, 20,
                new WeightSource.Random(1), true, 0, Shard.WHOLE);
    }

    /** The build's failure; an engine that builds after all is closed before the test fails. */
    private static LlmbenchException buildFails(EngineSpec spec) {
        try (DecoderEngine engine = DecoderEngine.build(spec)) {
            return fail("expected the build of " + spec.config().name() + " " + spec.precision().id() + " batch " + spec.batch()
                    + " to fail, but it built (" + Bytes.human(engine.memoryPlan().total()) + ")");
        } catch (LlmbenchException expected) {
            return expected;
        }
    }
}
