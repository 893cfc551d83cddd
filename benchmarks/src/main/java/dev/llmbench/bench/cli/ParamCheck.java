package dev.llmbench.bench.cli;

import dev.llmbench.bench.params.DecoderParam;
import dev.llmbench.bench.params.EncoderParam;
import org.openjdk.jmh.runner.options.Options;

import java.util.List;

/**
 * Checks every {@code -p} value of the decoder and encoder benchmarks' parameters before any GPU work, with the
 * engine's own messages: a value that can never run (an unknown mode, a model the engine lacks, a length
 * pair that is not {@code IN:OUT}) is the user's error, told once, not one failed trial per fork. Whether
 * a combination fits the model's limits is the trial's business (see {@code SkippedTrial}).
 */
final class ParamCheck {

    private ParamCheck() {
    }

    /** Throws the first value's problem, naming the parameter. */
    static void check(Options options) {
        for (DecoderParam param : DecoderParam.values()) {
            for (String value : options.getParameter(param.id).orElse(List.of())) {
                param.check(value);
            }
        }
        // The names the two share (model, mode, precision, batchSize) are checked above: a model of either kind
        // passes there, and a trial of the other kind's benchmark skips it.
        for (String value : options.getParameter(EncoderParam.INPUT_LEN.id).orElse(List.of())) {
            EncoderParam.INPUT_LEN.check(value);
        }
    }
}
