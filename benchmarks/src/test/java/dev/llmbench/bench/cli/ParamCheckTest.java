package dev.llmbench.bench.cli;

import dev.llmbench.bench.DecoderBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParamCheckTest {

    /** A renamed {@code @Param} field would otherwise go unchecked without a word. */
    @Test
    void checksExactlyTheDecoderBenchmarksParameters() {
        Set<String> params = Arrays.stream(DecoderBenchmark.class.getFields())
                .filter(f -> f.isAnnotationPresent(Param.class)).map(Field::getName).collect(Collectors.toSet());
        assertEquals(params, ParamCheck.CHECKS.keySet());
    }
}
