package dev.llmbench.bench.generate;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.runtime.WeightSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The argument reading that {@code generate} and {@code encode} share: a flag's value, whole numbers, token-id
 * lists ("1,2,3;4,5,6") and output files, each error one line that names the command.
 */
final class CommandArgs {
    private final String command;
    private final String usage;

    CommandArgs(String command, String usage) {
        this.command = command;
        this.usage = usage;
    }

    LlmbenchException error(String what) {
        return new LlmbenchException(command + ": " + what);
    }

    LlmbenchException unknown(String flag) {
        return error((flag.startsWith("-") ? "unknown option " : "unexpected argument ") + flag + "; usage: " + usage);
    }

    /** A model and its weights. */
    record Model(ModelConfig config, WeightSource weights) {
    }

    /**
     * The model a command runs: a Hugging Face checkpoint folder with its weights, or a registry row (looked up
     * by {@code registry}, which may refuse it) with random weights drawn from {@code seed}.
     */
    static Model model(String checkpoint, String name, long seed, Function<String, ModelConfig> registry) {
        if (checkpoint != null) {
            HfCheckpoint ckpt = HfCheckpoint.load(Path.of(checkpoint));
            return new Model(ckpt.config(), new WeightSource.Host(ckpt.weights()));
        }
        return new Model(registry.apply(name), new WeightSource.Random(seed));
    }

    /** The value after {@code flag}; an option in its place means the value was left out. */
    String value(List<String> args, int i, String flag) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw error(flag + " needs a value; usage: " + usage);
        }
        return args.get(i);
    }

    int atLeastOne(String flag, String v) {
        long n = wholeNumber(flag, v);
        if (n < 1) throw error(flag + " must be at least 1, not " + n);
        if (n > Integer.MAX_VALUE) throw error(flag + " must be at most " + Integer.MAX_VALUE + ", not " + n);
        return (int) n;
    }

    long wholeNumber(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(flag + " takes a whole number, not '" + v + "'");
        }
    }

    /** A file to write: its folder must exist and be writable. */
    void requireWritable(String flag, String file) {
        Path folder = Path.of(file).toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw error(flag + " " + file + ": no writable folder " + folder);
        }
    }

    /**
     * "1,2,3;4,5,6" → {{1,2,3},{4,5,6}}, the prompts counted from 0; with {@code equalLengths} every prompt must
     * have the first one's length. An empty prompt or token id ("1,2;", "1,,2") is a typo, not something to skip.
     */
    int[][] tokenIds(String text, boolean equalLengths) {
        String[] rows = text.split(";", -1);
        List<int[]> prompts = new ArrayList<>();
        for (int row = 0; row < rows.length; row++) {
            if (rows[row].isBlank()) throw error("--input-ids '" + text + "': prompt " + row + " is empty");
            String[] ids = rows[row].split(",", -1);
            int[] p = new int[ids.length];
            for (int i = 0; i < ids.length; i++) p[i] = tokenId(ids[i].strip(), row, rows[row]);
            if (equalLengths && !prompts.isEmpty() && p.length != prompts.get(0).length) {
                throw error("--input-ids: prompts in one batch must have equal length (prompt " + row + " has " + p.length
                        + " tokens, prompt 0 has " + prompts.get(0).length + ")");
            }
            prompts.add(p);
        }
        return prompts.toArray(int[][]::new);
    }

    private int tokenId(String id, int row, String prompt) {
        if (id.isEmpty()) throw error("--input-ids: prompt " + row + " ('" + prompt.strip() + "') has an empty token id");
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw error("--input-ids: '" + id + "' is not a token id (prompt " + row + ")");
        }
    }
}
