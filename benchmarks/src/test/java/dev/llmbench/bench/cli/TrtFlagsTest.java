package dev.llmbench.bench.cli;

import dev.llmbench.LlmbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrtFlagsTest {

    private static TrtFlags.Translation translate(String... args) {
        return TrtFlags.translate(List.of(args)).orElseThrow(() -> new AssertionError("no translation"));
    }

    private static List<String> param(Options options, String name) {
        assertTrue(options.getParameter(name).hasValue(), "no param " + name);
        return List.copyOf(options.getParameter(name).get());
    }

    private static String error(String... args) {
        return assertThrows(LlmbenchException.class, () -> TrtFlags.translate(List.of(args))).getMessage();
    }

    @Test
    void translatesTheTensorRtLlmExample() {
        Options options = translate("-m", "gpt_350m", "--mode", "plugin", "--batch_size", "1;8;64",
                "--input_output_len", "60,20;128,20").options();

        assertEquals(List.of(TrtFlags.DECODER_GENERATE), options.getIncludes());
        assertEquals(List.of("gpt_350m"), param(options, "model"));
        assertEquals(List.of("plugin"), param(options, "mode"));
        assertEquals(List.of("1", "8", "64"), param(options, "batchSize"));
        assertEquals(List.of("60:20", "128:20"), param(options, "inputOutputLen"));
        assertFalse(options.getParameter("precision").hasValue(), "no --dtype: the benchmark's default");
    }

    @Test
    void translatesIterationsDurationDtypeAndLimits() {
        Options options = translate("--model=llama_7b", "--dtype", "bfloat16", "--warm_up", "0", "--num_runs", "7",
                "--duration", "30", "--max_batch_size", "16", "--max_input_len", "256", "--max_seq_len", "300").options();

        assertEquals(List.of("llama_7b"), param(options, "model"));
        assertEquals(List.of("bfloat16"), param(options, "precision"));
        assertEquals(0, options.getWarmupIterations().get());
        assertEquals(7, options.getMeasurementIterations().get());
        assertEquals(TimeValue.seconds(30), options.getMeasurementTime().get());
        assertEquals(List.of("16"), param(options, "maxBatchSize"));
        assertEquals(List.of("256"), param(options, "maxInputLen"));
        assertEquals(List.of("300"), param(options, "maxSeqLen"));
    }

    @Test
    void keepsJmhOptionsBesideOurFlags() {
        TrtFlags.Translation translation = translate("-prof", "gc", "-m", "gpt_350m", "-rf", "json", "-rff", "out.json",
                "-f", "2", "-p", "precision=float32", "--csv", "--enable_cuda_graph");
        Options options = translation.options();

        assertTrue(translation.csv());
        assertEquals("gc", options.getProfilers().get(0).getKlass());
        assertEquals(ResultFormatType.JSON, options.getResultFormat().get());
        assertEquals("out.json", options.getResult().get());
        assertEquals(2, options.getForkCount().get());
        assertEquals(List.of("float32"), param(options, "precision"));
        assertEquals(List.of("gpt_350m"), param(options, "model"));
    }

    @Test
    void ourFlagWinsOverTheSameJmhOption() {
        Options options = translate("-wi", "5", "--warm_up", "1", "-p", "batchSize=4", "--batch_size", "2").options();

        assertEquals(1, options.getWarmupIterations().get());
        assertEquals(List.of("2"), param(options, "batchSize"));
    }

    @Test
    void withoutOurFlagsTheArgumentsAreJmhsAlone() {
        assertTrue(TrtFlags.translate(List.of("-f", "1", "-p", "model=gpt_350m", "DecoderBenchmark")).isEmpty());
        assertTrue(TrtFlags.translate(List.of()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--num_beams", "--output_dir", "--kv_dtype", "--gpu_weights_percent",
            "--strongly_typed", "--top_k"})
    void rejectsUnsupportedTensorRtLlmFlagsByName(String flag) {
        assertEquals("flag " + flag + " is not supported yet", error("-m", "gpt_350m", flag, "2"));
        assertEquals("flag " + flag + " is not supported yet", error(flag + "=2"));
    }

    @Test
    void rejectsBadValuesWithOneClearLine() {
        assertEquals("--batch_size takes whole numbers >= 1, not 'eight'", error("--batch_size", "1;eight"));
        assertEquals("--batch_size takes whole numbers >= 1, not '0'", error("--batch_size", "0"));
        assertEquals("--input_output_len takes IN,OUT pairs separated by ';', not '60:20'",
                error("--input_output_len", "60:20"));
        assertEquals("--num_runs takes whole numbers >= 1, not '0'", error("--num_runs", "0"));
        assertEquals("unsupported dtype 'fp8': use float32, float16 or bfloat16", error("--dtype", "fp8"));
        assertTrue(error("-m", "gpt_350").startsWith("unknown model 'gpt_350'; did you mean gpt_350m"));
        assertEquals("flag -m needs a value: -m, --model NAME", error("-m"));
        assertEquals("flag --csv takes no value", error("--csv=yes"));
        assertEquals("flag --batch_size is given twice", error("--batch_size", "1", "--batch_size", "2"));
    }

    /** Values the engine can never run are refused while the flags are read, with the engine's own message. */
    @Test
    void modesAndModelsTheEngineLacksAreRefusedAtParseTime() {
        assertEquals("unknown mode 'turbo': use plugin, ootb-except-mha or ootb", error("-m", "gpt_350m", "--mode", "turbo"));
        assertEquals("family glm is not supported yet (model glm_10b)", error("-m", "glm_10b"));
        assertEquals("quantization int8_sq_per_tensor is not supported yet (model gpt_350m_sq_per_tensor); its unquantized"
                + " architecture runs as gpt_350m", error("-m", "gpt_350m_sq_per_tensor"));
        assertEquals(List.of("ootb-except-mha"), param(translate("--mode", "ootb-except-mha").options(), "mode"));
        assertEquals("quantization fp8 (weights fp8_e4m3 per tensor) is not implemented in the GPU engine yet",
                error("-m", "llama_7b", "--quantization", "fp8"));
        assertTrue(error("--quantization", "int3").startsWith("unknown quantization 'int3': use none, int8_weight_only, "));
        assertEquals("--quantization is a decoder's flag; bert_base is an encoder",
                error("-m", "bert_base", "--quantization", "int8_weight_only"));
    }

    @Test
    void worldSizeIsTheBenchmarksParameterAndMustSplitTheModel() {
        assertEquals(List.of("1"), param(translate("-m", "llama_7b", "--world_size", "1").options(), "worldSize"));
        assertEquals(List.of("8"), param(translate("-m", "gpt_175b", "--world_size", "8").options(), "worldSize"));
        assertEquals("gpt_350m cannot be split over 3 GPUs: 16 attention heads are not a multiple of 3",
                error("-m", "gpt_350m", "--world_size", "3"));
        assertEquals("--world_size is a decoder's flag; bert_base is an encoder", error("-m", "bert_base", "--world_size", "2"));
        assertEquals("--world_size takes whole numbers >= 1, not '0'", error("-m", "gpt_350m", "--world_size", "0"));
    }

    @Test
    void quantizationIsTheBenchmarksParameter() {
        assertEquals(List.of("int8_weight_only"),
                param(translate("-m", "llama_7b", "--quantization", "int8_weight_only").options(), "quantization"));
    }

    @Test
    void aBenchmarkPatternCannotJoinOurFlags() {
        assertEquals("TensorRT-LLM style flags run DecoderBenchmark.generate or EncoderBenchmark.encode, as the model is;"
                        + " drop the benchmark pattern contextPhase",
                error("-m", "gpt_350m", "contextPhase"));
    }

    @Test
    void anEncoderRunsTheEncoderBenchmarkOverItsInputLengths() {
        Options options = translate("-m", "bert_base", "--mode", "plugin", "--batch_size", "1;8;64", "--input_len", "128;512",
                "--dtype", "float32").options();
        assertEquals(List.of(TrtFlags.ENCODER_ENCODE), options.getIncludes());
        assertEquals(List.of("bert_base"), param(options, "model"));
        assertEquals(List.of("plugin"), param(options, "mode"));
        assertEquals(List.of("float32"), param(options, "precision"));
        assertEquals(List.of("1", "8", "64"), param(options, "batchSize"));
        assertEquals(List.of("128", "512"), param(options, "inputLen"));
    }

    @Test
    void anEncodersLimitsSkipWithAWarning() {
        TrtFlags.Translation t = translate("-m", "bert_large", "--batch_size", "8;128", "--input_len", "128;1024");
        assertEquals(List.of("8"), param(t.options(), "batchSize"));
        assertEquals(List.of("128"), param(t.options(), "inputLen"));
        assertEquals(2, t.skipped().size(), t.skipped().toString());
        assertTrue(t.skipped().get(0).startsWith("[WARNING] skipping batch_size 128: "), t.skipped().get(0));
        assertTrue(t.skipped().get(1).startsWith("[WARNING] skipping input_len 1024: "), t.skipped().get(1));
    }

    @Test
    void eachKindsLengthFlagIsRefusedForTheOther() {
        assertEquals("--input_output_len is a decoder's flag; bert_base is an encoder: give --input_len \"IN;IN\"",
                error("-m", "bert_base", "--input_output_len", "60,20"));
        assertEquals("--max_seq_len is a decoder's flag; roberta_base is an encoder", error("-m", "roberta_base", "--max_seq_len", "600"));
        assertEquals("--input_len is an encoder's flag; gpt_350m is a decoder: give --input_output_len \"IN,OUT;IN,OUT\"",
                error("-m", "gpt_350m", "--input_len", "128"));
        assertEquals("--input_len is an encoder's flag; gpt_350m is a decoder: give --input_output_len \"IN,OUT;IN,OUT\"",
                error("--input_len", "128"));
        assertEquals("--input_len takes whole numbers >= 1, not 'long'", error("-m", "bert_base", "--input_len", "long"));
    }

    @Test
    void badJmhOptionsAreUserErrors() {
        assertTrue(error("-m", "gpt_350m", "-wi", "many").startsWith("bad JMH option: "));
    }

    @Test
    void combinationsBeyondTheModelsLimitsAreSkippedWithAWarning() {
        TrtFlags.Translation t = translate("-m", "gpt_350m", "--batch_size", "1;512", "--input_output_len", "60,20;600,20;500,300");
        assertEquals(List.of("1"), param(t.options(), "batchSize"));
        assertEquals(List.of("60:20"), param(t.options(), "inputOutputLen"));
        assertEquals(List.of(
                "[WARNING] skipping batch_size 512: batch size 512 exceeds max batch size 256 of gpt_350m",
                "[WARNING] skipping input_output_len 600,20: input length 600 exceeds max input length 512 of gpt_350m",
                "[WARNING] skipping input_output_len 500,300: input + output length 800 exceeds max sequence length 712 of gpt_350m"),
                t.skipped());
    }

    /** The engine's own limits, learned positions included: what the flags keep, the engine builds. */
    @Test
    void pairsBeyondTheLearnedPositionsAreSkipped() {
        TrtFlags.Translation t = translate("-m", "gpt_350m", "--max_seq_len", "2048", "--input_output_len", "500,600;60,20");
        assertEquals(List.of("60:20"), param(t.options(), "inputOutputLen"));
        assertEquals(List.of("[WARNING] skipping input_output_len 500,600: input + output length 1100 exceeds the 1024 learned"
                + " positions of gpt_350m"), t.skipped());
    }

    @Test
    void overriddenLimitsDecideWhatIsSkipped() {
        TrtFlags.Translation t = translate("-m", "gpt_350m", "--batch_size", "512", "--max_batch_size", "1024");
        assertEquals(List.of("512"), param(t.options(), "batchSize"));
        assertTrue(t.skipped().isEmpty());
        assertTrue(error("-m", "gpt_350m", "--batch_size", "512").contains("nothing to run"));
    }
}
