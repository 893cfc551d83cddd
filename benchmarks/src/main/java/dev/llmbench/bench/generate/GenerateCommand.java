package dev.llmbench.bench.generate;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.command.Command;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.runtime.DecoderEngine;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.GenerateResult;
import dev.llmbench.runtime.WeightSource;
import dev.llmbench.families.HfCheckpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code generate (--checkpoint DIR | --model NAME) --input-ids "1,2,3;4,5,6" --output-len N [--dtype D]
 * [--mode M] [--seed S] [--logits-out FILE.npy] [--breakdown]}: greedy generation on the GPU; prints each
 * sequence's new token ids on one line and optionally writes the logits that chose token 1 ([batch, vocab],
 * fp32). {@code --breakdown} adds the GPU time per op family of the context phase and of one step.
 * A registry model gets random weights (seed); a checkpoint folder is a Hugging Face model.
 */
public final class GenerateCommand implements Command {
    private static final String USAGE = "generate (--checkpoint DIR | --model NAME) --input-ids \"1,2,3;4,5,6\" --output-len N"
            + " [--dtype float32|float16|bfloat16] [--mode plugin|ootb-except-mha|ootb] [--seed S] [--logits-out FILE.npy] [--breakdown]";

    /** The random weights of a registry model when --seed is not given. */
    private static final long DEFAULT_SEED = 20261127L;

    private final Runnable gpuPreflight;

    public GenerateCommand(Runnable gpuPreflight) {
        this.gpuPreflight = gpuPreflight;
    }

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        Options o = Options.parse(args);
        int[][] prompts = parsePrompts(o.inputIds);
        ModelConfig config;
        WeightSource weights;
        if (o.checkpoint != null) {
            HfCheckpoint ckpt = HfCheckpoint.load(Path.of(o.checkpoint));
            config = ckpt.config();
            weights = new WeightSource.Host(ckpt.weights());
        } else {
            config = ModelRegistry.requireSupported(o.model);
            weights = new WeightSource.Random(o.seed == null ? DEFAULT_SEED : o.seed);
        }
        config.requireTokens(prompts);
        EngineSpec spec = new EngineSpec(config, o.dtype, o.mode, prompts.length, prompts[0].length, o.outputLen, weights,
                true, 0, Shard.WHOLE);
        spec.validate();
        gpuPreflight.run(); // user errors above come first; a missing GPU is reported before the build
        try (DecoderEngine engine = DecoderEngine.build(spec)) {
            if (o.logitsOut != null) {
                engine.contextPhase(prompts);
                writeLogits(Path.of(o.logitsOut), engine.logits(), prompts.length, config.vocabSize());
            }
            GenerateResult r = engine.generate(prompts);
            if (o.breakdown) {
                out.printf("# generate: ttft %.3f ms, generation %.3f ms (%d steps), total %.3f ms%n", r.ttftMillis(),
                        r.generationMillis(), o.outputLen - 1, r.totalMillis());
                out.print(engine.breakdown(prompts).table().replaceAll("(?m)^", "# "));
            }
            for (int[] seq : r.tokens()) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < seq.length; i++) line.append(i == 0 ? "" : " ").append(seq[i]);
                out.println(line);
            }
        }
        return 0;
    }

    private static void writeLogits(Path file, float[] logits, int batch, int vocab) {
        try {
            NpyWriter.writeFloat32(file, logits, batch, vocab);
        } catch (IOException e) {
            throw new LlmbenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * "1,2,3;4,5,6" → {{1,2,3},{4,5,6}}; prompts of one batch must have equal length. An empty prompt or
     * token id ("1,2;", "1,,2") is a typo, not something to skip. Prompts are counted from 0.
     */
    static int[][] parsePrompts(String text) {
        String[] rows = text.split(";", -1);
        List<int[]> prompts = new ArrayList<>();
        for (int row = 0; row < rows.length; row++) {
            if (rows[row].isBlank()) {
                throw new LlmbenchException("generate: --input-ids '" + text + "': prompt " + row + " is empty");
            }
            String[] ids = rows[row].split(",", -1);
            int[] p = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                p[i] = tokenId(ids[i].strip(), row, rows[row]);
            }
            if (!prompts.isEmpty() && p.length != prompts.get(0).length) {
                throw new LlmbenchException("generate: --input-ids: prompts in one batch must have equal length (prompt "
                        + row + " has " + p.length + " tokens, prompt 0 has " + prompts.get(0).length + ")");
            }
            prompts.add(p);
        }
        return prompts.toArray(int[][]::new);
    }

    private static int tokenId(String id, int row, String prompt) {
        if (id.isEmpty()) {
            throw new LlmbenchException(
                    "generate: --input-ids: prompt " + row + " ('" + prompt.strip() + "') has an empty token id");
        }
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new LlmbenchException("generate: --input-ids: '" + id + "' is not a token id (prompt " + row + ")");
        }
    }

    private static final class Options {
        String checkpoint;
        String model;
        String inputIds;
        Integer outputLen;
        Precision dtype = Precision.FLOAT16;
        Mode mode = Mode.PLUGIN;
        Long seed;
        String logitsOut;
        boolean breakdown;

        static Options parse(List<String> args) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                switch (flag) {
                    case "--breakdown" -> o.breakdown = true;
                    case "--checkpoint" -> o.checkpoint = value(args, ++i, flag);
                    case "--model", "-m" -> o.model = value(args, ++i, flag);
                    case "--input-ids" -> o.inputIds = value(args, ++i, flag);
                    case "--output-len" -> o.outputLen = atLeastOne(flag, value(args, ++i, flag));
                    case "--dtype" -> o.dtype = Precision.parse(value(args, ++i, flag));
                    case "--mode" -> o.mode = Mode.parse(value(args, ++i, flag));
                    case "--seed" -> o.seed = wholeNumber(flag, value(args, ++i, flag));
                    case "--logits-out" -> o.logitsOut = value(args, ++i, flag);
                    default -> throw new LlmbenchException("generate: " + (flag.startsWith("-")
                            ? "unknown option " : "unexpected argument ") + flag + "; usage: " + USAGE);
                }
            }
            if ((o.checkpoint == null) == (o.model == null)) {
                throw new LlmbenchException("generate: give exactly one of --checkpoint DIR and --model NAME; usage: " + USAGE);
            }
            if (o.inputIds == null) {
                throw new LlmbenchException("generate: --input-ids is required; usage: " + USAGE);
            }
            if (o.outputLen == null) {
                throw new LlmbenchException("generate: --output-len is required; usage: " + USAGE);
            }
            if (o.seed != null && o.checkpoint != null) {
                throw new LlmbenchException("generate: --seed draws random weights for --model; a checkpoint has its own");
            }
            if (o.logitsOut != null) {
                Path folder = Path.of(o.logitsOut).toAbsolutePath().getParent();
                if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
                    throw new LlmbenchException("generate: --logits-out " + o.logitsOut + ": no writable folder " + folder);
                }
            }
            return o;
        }

        /** The value after {@code flag}; an option in its place means the value was left out. */
        private static String value(List<String> args, int i, String flag) {
            if (i >= args.size() || args.get(i).startsWith("--")) {
                throw new LlmbenchException("generate: " + flag + " needs a value; usage: " + USAGE);
            }
            return args.get(i);
        }

        private static int atLeastOne(String flag, String v) {
            long n = wholeNumber(flag, v);
            if (n < 1) {
                throw new LlmbenchException("generate: " + flag + " must be at least 1, not " + n);
            }
            if (n > Integer.MAX_VALUE) {
                throw new LlmbenchException("generate: " + flag + " must be at most " + Integer.MAX_VALUE + ", not " + n);
            }
            return (int) n;
        }

        private static long wholeNumber(String flag, String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new LlmbenchException("generate: " + flag + " takes a whole number, not '" + v + "'");
            }
        }
    }
}
