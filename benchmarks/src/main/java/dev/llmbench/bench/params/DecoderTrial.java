package dev.llmbench.bench.params;

import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.model.Shard;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.WeightSource;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * One trial of the decoder benchmark from its parameters ({@link DecoderParam} ids and {@link #PROMPT_SEED}): the
 * engine it builds and the random prompts it feeds. The benchmark reads its {@code @Param} fields through here, and
 * so does every other process of a run over several nodes, from the trial rank 0 sends (the same prompts on every
 * rank: a tensor-parallel step needs the same tokens everywhere).
 */
public record DecoderTrial(EngineSpec spec, int[][] prompts) {
    /** The parameter carrying the prompts' random seed. */
    public static final String PROMPT_SEED = "promptSeed";
    /** The seed of the benchmark's random weights (the values do not change the speed). */
    public static final long WEIGHT_SEED = 20261127L;

    public static DecoderTrial of(Map<String, String> params) {
        InputOutputLen lengths = InputOutputLen.require(get(params, DecoderParam.INPUT_OUTPUT_LEN.id));
        ModelConfig config = ModelRegistry.requireSupported(get(params, DecoderParam.MODEL.id)).withLimits(
                number(params, DecoderParam.MAX_BATCH_SIZE), number(params, DecoderParam.MAX_INPUT_LEN),
                number(params, DecoderParam.MAX_SEQ_LEN));
        int batch = number(params, DecoderParam.BATCH_SIZE);
        EngineSpec spec = new EngineSpec(config, Precision.parse(get(params, DecoderParam.PRECISION.id)),
                Mode.parse(get(params, DecoderParam.MODE.id)), batch, lengths.input(), lengths.output(),
                new WeightSource.Random(WEIGHT_SEED), Boolean.parseBoolean(get(params, DecoderParam.CUDA_GRAPH.id)), 0,
                new Shard(0, number(params, DecoderParam.WORLD_SIZE)), Quantization.parse(get(params, DecoderParam.QUANTIZATION.id)));
        return new DecoderTrial(spec, prompts(config.vocabSize(), batch, lengths.input(), Long.parseLong(get(params, PROMPT_SEED))));
    }

    /** {@code batch} prompts of {@code length} ids drawn uniformly from the vocabulary. */
    public static int[][] prompts(int vocab, int batch, int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] p = new int[batch][length];
        for (int[] row : p) for (int i = 0; i < length; i++) row[i] = r.nextInt(vocab);
        return p;
    }

    private static String get(Map<String, String> params, String id) {
        String value = params.get(id);
        if (value == null) throw new IllegalArgumentException("the trial has no parameter " + id);
        return value;
    }

    private static int number(Map<String, String> params, DecoderParam p) {
        return Integer.parseInt(get(params, p.id).trim());
    }
}
