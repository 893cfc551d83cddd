package dev.llmbench.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.llmbench.bench.compare.Direction.HIGHER_IS_BETTER;
import static dev.llmbench.bench.compare.Direction.LOWER_IS_BETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectionTest {

    @Test
    void primaryFollowsTheMode() {
        assertEquals(Optional.of(HIGHER_IS_BETTER), Direction.ofPrimary("thrpt", "ops/s"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofPrimary("avgt", "ms/op"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofPrimary("sample", "ms/op"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofPrimary("ss", "s/op"));
    }

    @Test
    void secondaryFollowsTheLabel() {
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofSecondary("ttft_ms"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofSecondary("generation_time_ms"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofSecondary("build_time_s"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofSecondary("gpu_peak_mem_gb"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofSecondary("nvml_energy_per_token_j"));
        assertEquals(Optional.of(LOWER_IS_BETTER), Direction.ofSecondary("nvml_mem_used_gb"));
        assertEquals(Optional.of(HIGHER_IS_BETTER), Direction.ofSecondary("generation_tokens_per_second"));
        assertEquals(Optional.of(HIGHER_IS_BETTER), Direction.ofSecondary("tokens_per_sec"));
    }

    @Test
    void metricsWithoutADirectionAreNotCompared() {
        assertEquals(Optional.empty(), Direction.ofSecondary("compute_cap"));
        assertEquals(Optional.empty(), Direction.ofSecondary("nvml_sm_clock_mhz"));
        // a run's GPU ceilings describe the GPU, not the code: never a regression
        assertEquals(Optional.empty(), Direction.ofSecondary("ceiling_copy_gbps"));
        assertEquals(Optional.empty(), Direction.ofSecondary("ceiling_gemm_tflops"));
        assertEquals(Optional.empty(), Direction.ofSecondary("sm_clock_mhz"));
        assertEquals(Optional.empty(), Direction.ofSecondary("nvml_power_w"));
    }
}
