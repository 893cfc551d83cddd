package dev.llmbench.bench.params;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.DecoderBenchmark;
import dev.llmbench.bench.fixture.FakeDecoderBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class DecoderParamTest {

    /** A renamed {@code @Param} field would otherwise be missed by the flags, the checks and the report. */
    @Test
    void namesExactlyTheDecoderBenchmarksParameters() {
        Set<String> ids = Arrays.stream(DecoderParam.values()).map(p -> p.id).collect(Collectors.toSet());
        assertEquals(ids, paramFields(DecoderBenchmark.class));
        assertTrue(ids.containsAll(paramFields(FakeDecoderBenchmark.class)), "the CPU stand-in has a parameter of its own");
    }

    @Test
    void theDefaultsPassTheirOwnChecks() throws ReflectiveOperationException {
        for (DecoderParam p : DecoderParam.values()) {
            for (String value : DecoderBenchmark.class.getField(p.id).getAnnotation(Param.class).value()) p.check(value);
        }
    }

    @Test
    void aBadValueNamesTheParameter() {
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> DecoderParam.CUDA_GRAPH.check("yes"));
        assertEquals("-p cudaGraph=yes: cudaGraph takes true or false, not 'yes'", e.getMessage());
    }

    private static Set<String> paramFields(Class<?> benchmark) {
        return Arrays.stream(benchmark.getFields()).filter(f -> f.isAnnotationPresent(Param.class)).map(Field::getName)
                .collect(Collectors.toSet());
    }
}
