package dev.llmbench.bench.generate;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.command.Command;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.GenerateResult;
import dev.llmbench.runtime.WeightSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code generate (--checkpoint DIR | --model NAME) --input-ids "1,2,3;4,5,6" --output-len N [--dtype D]
 * [--mode M] [--quantization Q] [--seed S] [--logits-out FILE.npy] [--breakdown]}: greedy generation on the GPU; prints each
 * sequence's new token ids on one line and optionally writes the logits that chose token 1 ([batch, vocab],
 * fp32). {@code --breakdown} adds the GPU time per op family of the context phase and of one step.
 * A registry model gets random weights (seed); a checkpoint folder is a Hugging Face model.
 */
public final class GenerateCommand implements Command {
    private static final String USAGE = "generate (--checkpoint DIR | --model NAME) --input-ids \"1,2,3;4,5,6\" --output-len N"
            + " [--dtype float32|float16|bfloat16] [--mode plugin|ootb-except-mha|ootb] [--quantization Q]"
            + " [--world-size N] [--seed S] [--logits-out FILE.npy] [--breakdown]";

    private static final CommandArgs ARGS = new CommandArgs("generate", USAGE);

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
        CommandArgs.Model model = CommandArgs.model(o.checkpoint, o.model, o.seed == null ? DEFAULT_SEED : o.seed, name -> {
            if (ModelRegistry.get(name).arch().encoder()) throw ARGS.error(name + " is an encoder; use encode");
            return ModelRegistry.requireSupported(name);
        });
        ModelConfig config = model.config();
        WeightSource weights = model.weights();
        if (config.arch().encoder()) throw ARGS.error(config.name() + " is an encoder; use encode");
        config.requireTokens(prompts);
        // over several GPUs of this process (tensor parallelism): rank r on device r, the same tokens as one GPU's
        EngineSpec spec = new EngineSpec(config, o.dtype, o.mode, prompts.length, prompts[0].length, o.outputLen, weights,
                true, 0, new Shard(0, o.worldSize), o.quantization);
        spec.validate();
        gpuPreflight.run(); // user errors above come first; a missing GPU is reported before the build
        try (Decoder engine = Decoder.build(spec)) {
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

    static int[][] parsePrompts(String text) {
        return ARGS.tokenIds(text, true);
    }

    private static final class Options {
        String checkpoint;
        String model;
        String inputIds;
        Integer outputLen;
        Precision dtype = Precision.FLOAT16;
        Mode mode = Mode.PLUGIN;
        Quantization quantization = Quantization.NONE;
        Long seed;
        String logitsOut;
        boolean breakdown;
        int worldSize = 1;

        static Options parse(List<String> args) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                switch (flag) {
                    case "--breakdown" -> o.breakdown = true;
                    case "--checkpoint" -> o.checkpoint = ARGS.value(args, ++i, flag);
                    case "--model", "-m" -> o.model = ARGS.value(args, ++i, flag);
                    case "--input-ids" -> o.inputIds = ARGS.value(args, ++i, flag);
                    case "--output-len" -> o.outputLen = ARGS.atLeastOne(flag, ARGS.value(args, ++i, flag));
                    case "--dtype" -> o.dtype = Precision.parse(ARGS.value(args, ++i, flag));
                    case "--mode" -> o.mode = Mode.parse(ARGS.value(args, ++i, flag));
                    case "--quantization" -> o.quantization = Quantization.parse(ARGS.value(args, ++i, flag));
                    case "--seed" -> o.seed = ARGS.wholeNumber(flag, ARGS.value(args, ++i, flag));
                    case "--world-size" -> o.worldSize = ARGS.atLeastOne(flag, ARGS.value(args, ++i, flag));
                    case "--logits-out" -> o.logitsOut = ARGS.value(args, ++i, flag);
                    default -> throw ARGS.unknown(flag);
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
            if (o.logitsOut != null) ARGS.requireWritable("--logits-out", o.logitsOut);
            return o;
        }
    }
}
