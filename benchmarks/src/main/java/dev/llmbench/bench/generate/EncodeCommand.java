package dev.llmbench.bench.generate;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.command.Command;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;
import dev.llmbench.runtime.EncoderEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code encode (--checkpoint DIR | --model NAME) --input-ids "1,2,3;4,5" [--dtype D] [--mode M] [--seed S]
 * [--hidden-out FILE.npy] [--pooled-out FILE.npy]}: one forward pass of an encoder (BERT, RoBERTa) on the GPU, the encoder's
 * {@code generate}. Sequences may differ in length: the shorter are padded at the end (padding is not
 * attended). Prints one line per sequence (its length and the L2 norm of its last hidden states) and writes
 * the last hidden states, (batch, longest length, hidden) float32, padding rows included, to --hidden-out, and
 * the pooled output (BERT's pooler: tanh of a dense layer over each sequence's first token), (batch, hidden)
 * float32, to --pooled-out.
 */
public final class EncodeCommand implements Command {
    private static final String USAGE = "encode (--checkpoint DIR | --model NAME) --input-ids \"1,2,3;4,5\""
            + " [--dtype float32|float16|bfloat16] [--mode plugin|ootb-except-mha|ootb] [--seed S] [--hidden-out FILE.npy]"
            + " [--pooled-out FILE.npy]";
    private static final CommandArgs ARGS = new CommandArgs("encode", USAGE);
    private static final long DEFAULT_SEED = 20261201L;

    private final Runnable gpuPreflight;

    public EncodeCommand(Runnable gpuPreflight) {
        this.gpuPreflight = gpuPreflight;
    }

    @Override
    public String name() {
        return "encode";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        Options o = Options.parse(args);
        int[][] sequences = ARGS.tokenIds(o.inputIds, false);
        CommandArgs.Model model = CommandArgs.model(o.checkpoint, o.model, o.seed == null ? DEFAULT_SEED : o.seed,
                ModelRegistry::get);
        ModelConfig config = model.config();
        if (!config.arch().encoder()) {
            throw ARGS.error(config.name() + " is a decoder; use generate");
        }
        config.requireTokens(sequences);
        if (o.pooledOut != null && !config.arch().pooler()) {
            throw ARGS.error(config.name() + " has no pooler (its checkpoint holds no pooler.dense weights): drop --pooled-out");
        }
        int longest = 0;
        for (int[] s : sequences) longest = Math.max(longest, s.length);
        int[][] padded = new int[sequences.length][longest];
        int[] lengths = new int[sequences.length];
        for (int b = 0; b < sequences.length; b++) {
            System.arraycopy(sequences[b], 0, padded[b], 0, sequences[b].length);
            lengths[b] = sequences[b].length;
        }
        EncoderEngine.Spec spec = new EncoderEngine.Spec(config, o.dtype, o.mode, sequences.length, longest, model.weights(), 0,
                false); // one pass: capturing it would cost more than it saves
        spec.validate();
        gpuPreflight.run(); // user errors above come first; a missing GPU is reported before the build
        float[][] hidden;
        float[][] pooled = null;
        double millis;
        try (EncoderEngine engine = EncoderEngine.build(spec)) {
            hidden = engine.encode(padded, lengths);
            millis = engine.lastMillis();
            if (o.pooledOut != null) pooled = engine.pooled();
        }
        int width = config.hiddenSize();
        for (int b = 0; b < hidden.length; b++) {
            double sum = 0;
            for (int i = 0; i < lengths[b] * width; i++) sum += (double) hidden[b][i] * hidden[b][i];
            out.printf("sequence %d: %d tokens, |hidden| %.6g%n", b, lengths[b], Math.sqrt(sum));
        }
        out.printf("# encoded %d sequences of up to %d tokens in %.3f ms (GPU)%n", hidden.length, longest, millis);
        if (o.hiddenOut != null) {
            float[] all = new float[hidden.length * longest * width];
            for (int b = 0; b < hidden.length; b++) System.arraycopy(hidden[b], 0, all, b * longest * width, longest * width);
            write(o.hiddenOut, all, hidden.length, longest, width);
        }
        if (pooled != null) {
            float[] all = new float[pooled.length * width];
            for (int b = 0; b < pooled.length; b++) System.arraycopy(pooled[b], 0, all, b * width, width);
            write(o.pooledOut, all, pooled.length, width);
        }
        return 0;
    }

    private static void write(String file, float[] values, int... shape) {
        try {
            NpyWriter.writeFloat32(Path.of(file), values, shape);
        } catch (IOException e) {
            throw new LlmbenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static final class Options {
        String checkpoint;
        String model;
        String inputIds;
        Precision dtype = Precision.FLOAT16;
        Mode mode = Mode.PLUGIN;
        Long seed;
        String hiddenOut;
        String pooledOut;

        static Options parse(List<String> args) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                switch (flag) {
                    case "--checkpoint" -> o.checkpoint = ARGS.value(args, ++i, flag);
                    case "--model", "-m" -> o.model = ARGS.value(args, ++i, flag);
                    case "--input-ids" -> o.inputIds = ARGS.value(args, ++i, flag);
                    case "--dtype" -> o.dtype = Precision.parse(ARGS.value(args, ++i, flag));
                    case "--mode" -> o.mode = Mode.parse(ARGS.value(args, ++i, flag));
                    case "--seed" -> o.seed = ARGS.wholeNumber(flag, ARGS.value(args, ++i, flag));
                    case "--hidden-out" -> o.hiddenOut = ARGS.value(args, ++i, flag);
                    case "--pooled-out" -> o.pooledOut = ARGS.value(args, ++i, flag);
                    default -> throw ARGS.unknown(flag);
                }
            }
            if ((o.checkpoint == null) == (o.model == null)) {
                throw ARGS.error("give exactly one of --checkpoint DIR and --model NAME; usage: " + USAGE);
            }
            if (o.inputIds == null) throw ARGS.error("--input-ids is required; usage: " + USAGE);
            if (o.seed != null && o.checkpoint != null) {
                throw ARGS.error("--seed draws random weights for --model; a checkpoint has its own");
            }
            if (o.hiddenOut != null) ARGS.requireWritable("--hidden-out", o.hiddenOut);
            if (o.pooledOut != null) ARGS.requireWritable("--pooled-out", o.pooledOut);
            return o;
        }
    }
}
