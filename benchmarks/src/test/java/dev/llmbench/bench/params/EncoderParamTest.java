package dev.llmbench.bench.params;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.EncoderBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class EncoderParamTest {

    @Test
    void namesExactlyTheEncoderBenchmarksParameters() {
        Set<String> ids = Arrays.stream(EncoderParam.values()).map(p -> p.id).collect(Collectors.toSet());
        Set<String> fields = Arrays.stream(EncoderBenchmark.class.getFields()).filter(f -> f.isAnnotationPresent(Param.class))
                .map(Field::getName).collect(Collectors.toSet());
        assertEquals(ids, fields);
    }

    @Test
    void theSharedNamesAreTheDecodersToo() {
        Set<String> decoder = Arrays.stream(DecoderParam.values()).map(p -> p.id).collect(Collectors.toSet());
        for (EncoderParam p : EncoderParam.values()) {
            assertEquals(p != EncoderParam.INPUT_LEN, decoder.contains(p.id), p.id);
        }
    }

    @Test
    void theDefaultsPassTheirOwnChecks() throws ReflectiveOperationException {
        for (EncoderParam p : EncoderParam.values()) {
            for (String value : EncoderBenchmark.class.getField(p.id).getAnnotation(Param.class).value()) p.check(value);
        }
    }

    @Test
    void aBadValueNamesTheParameter() {
        assertEquals("-p inputLen=0: inputLen takes whole numbers >= 1, not '0'",
                assertThrows(LlmbenchException.class, () -> EncoderParam.INPUT_LEN.check("0")).getMessage());
        assertEquals("-p model=gpt_350m: gpt_350m is a decoder, not an encoder",
                assertThrows(LlmbenchException.class, () -> EncoderParam.MODEL.check("gpt_350m")).getMessage());
        assertEquals("-p batchSize=0: batchSize takes whole numbers >= 1, not '0'",
                assertThrows(LlmbenchException.class, () -> EncoderParam.BATCH_SIZE.check("0")).getMessage());
        assertEquals("-p cudaGraph=yes: cudaGraph takes true or false, not 'yes'",
                assertThrows(LlmbenchException.class, () -> EncoderParam.CUDA_GRAPH.check("yes")).getMessage());
    }
}
