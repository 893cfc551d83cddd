package dev.llmbench.bench.params;

import java.util.LinkedHashMap;
import java.util.Map;

/** A decoder trial's parameters as the benchmark writes them ({@link DecoderTrial#of} reads them), for tests. */
public final class TrialParams {
    private TrialParams() {
    }

    /** Every parameter of a trial; the model's own limits, and {@code seed} for the prompts. */
    public static Map<String, String> of(String model, String mode, String precision, String quantization, int batch,
                                         String inputOutputLen, boolean cudaGraph, int worldSize, long seed) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(DecoderParam.MODEL.id, model);
        p.put(DecoderParam.MODE.id, mode);
        p.put(DecoderParam.PRECISION.id, precision);
        p.put(DecoderParam.QUANTIZATION.id, quantization);
        p.put(DecoderParam.BATCH_SIZE.id, String.valueOf(batch));
        p.put(DecoderParam.INPUT_OUTPUT_LEN.id, inputOutputLen);
        p.put(DecoderParam.MAX_BATCH_SIZE.id, "0");
        p.put(DecoderParam.MAX_INPUT_LEN.id, "0");
        p.put(DecoderParam.MAX_SEQ_LEN.id, "0");
        p.put(DecoderParam.CUDA_GRAPH.id, String.valueOf(cudaGraph));
        p.put(DecoderParam.WORLD_SIZE.id, String.valueOf(worldSize));
        p.put(DecoderTrial.PROMPT_SEED, String.valueOf(seed));
        return p;
    }
}
