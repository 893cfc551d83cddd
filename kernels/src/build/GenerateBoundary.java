import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java/CUDA boundary of one kernel image, generated from its tables (one {@code *.kernels} file per
 * op family, beside the family's .cuh). Run by build-fatbin.sh before nvcc, with the JDK's source launcher:
 *
 * <pre>java GenerateBoundary.java HEADER_OUT SIGNATURES_OUT TABLE...</pre>
 *
 * writes
 * <ul>
 * <li>HEADER_OUT: every extern "C" __global__ entry point, each calling common.cuh's pdl_enter() (the programmatic
 *     launch's wait) and then its family's template (the image's .cu includes it after the op-family files);</li>
 * <li>SIGNATURES_OUT: one line per entry point, {@code name block kind:arg ...}, which the engine
 *     (dev.llmbench.cuda.KernelBoundary) reads beside the fatbin to refuse undeclared names, size
 *     argument blocks, check each argument's kind and take block sizes from.</li>
 * </ul>
 * Either file is rewritten only when its text changes, so nvcc's up-to-date check sees real changes only.
 *
 * <p>Table format (blank lines and {@code #} comments are ignored):
 * <pre>
 * kernel add_layernorm f32 f16 bf16
 *   block  256
 *   calls  add_layernorm_any&lt;floatX&gt;
 *   args   floatX* residual, const floatX* delta, floatX* out, const floatX* gamma, const floatX* beta,
 *   args   int N, int C, float eps
 * </pre>
 * <ul>
 * <li>{@code kernel NAME DTYPE...}: one entry point per dtype, NAME_f32 (float), NAME_f16 (__half),
 *     NAME_bf16 (__nv_bfloat16), in which {@code floatX} stands for that storage type; with no dtype,
 *     one entry point named NAME, where floatX may not appear. Two entries may share a NAME with
 *     different dtypes (attention_context: f32 calls another function under other launch bounds).</li>
 * <li>{@code block THREADS [min_blocks M] [no_launch_bounds]}: the block size every launch uses, also the
 *     kernel's {@code __launch_bounds__(THREADS[, M])} (M may be a macro of the family's .cuh);
 *     no_launch_bounds leaves the kernel without them.</li>
 * <li>{@code calls FUNCTION}: the __device__ function the entry point calls with its arguments in order.</li>
 * <li>{@code args}: the C parameters, {@code type name} separated by commas; repeated args lines join.
 *     Kinds for the engine: any pointer is ptr, int i32, long long and unsigned long long i64, float f32.</li>
 * </ul>
 */
public final class GenerateBoundary {
    private static final Map<String, String> STORAGE = Map.of("f32", "float", "f16", "__half", "bf16", "__nv_bfloat16");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern PARAM = Pattern.compile("(.*?)\\s*\\b([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern FLOATX = Pattern.compile("\\bfloatX\\b");

    record Arg(String type, String name, String kind) {
    }

    record Entry(String table, int line, String name, List<String> dtypes, int block, String minBlocks,
                 boolean launchBounds, String calls, List<Arg> args) {
    }

    static final class TableException extends Exception {
        TableException(String where, String message) {
            super(where + ": " + message);
        }
    }

    public static void main(String[] argv) throws IOException {
        if (argv.length < 3) {
            System.err.println("usage: java GenerateBoundary.java HEADER_OUT SIGNATURES_OUT TABLE...");
            System.exit(2);
        }
        List<Entry> entries = new ArrayList<>();
        try {
            for (int i = 2; i < argv.length; i++) {
                Path table = Path.of(argv[i]);
                entries.addAll(parse(table.getFileName().toString(), Files.readString(table, StandardCharsets.UTF_8)));
            }
            checkUnique(entries);
        } catch (TableException e) {
            System.err.println("[kernels] " + e.getMessage());
            System.exit(1);
        }
        writeIfChanged(Path.of(argv[0]), header(entries));
        writeIfChanged(Path.of(argv[1]), signatures(entries));
    }

    /** The entries of one table; {@code table} names it in error messages. */
    static List<Entry> parse(String table, String text) throws TableException {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Builder current = null;
        for (int i = 0; i < lines.length; i++) {
            String where = table + ":" + (i + 1);
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] words = line.split("\\s+", 2);
            String rest = words.length > 1 ? words[1].strip() : "";
            if (words[0].equals("kernel")) {
                if (current != null) entries.add(current.build());
                current = new Builder(table, i + 1, where, rest);
                continue;
            }
            if (current == null) throw new TableException(where, "expected `kernel NAME [DTYPE...]`, got `" + line + "`");
            switch (words[0]) {
                case "block" -> current.block(where, rest);
                case "calls" -> current.calls(where, rest);
                case "args" -> current.args(where, rest);
                default -> throw new TableException(where, "unknown key `" + words[0] + "` (kernel, block, calls, args)");
            }
        }
        if (current != null) entries.add(current.build());
        return entries;
    }

    private static final class Builder {
        private final String table;
        private final int line;
        private final String where;
        private final String name;
        private final List<String> dtypes = new ArrayList<>();
        private int block;
        private String minBlocks;
        private boolean launchBounds = true;
        private String calls;
        private final List<Arg> args = new ArrayList<>();

        Builder(String table, int line, String where, String spec) throws TableException {
            this.table = table;
            this.line = line;
            this.where = where;
            String[] words = spec.isEmpty() ? new String[0] : spec.split("\\s+");
            if (words.length == 0 || !NAME.matcher(words[0]).matches()) {
                throw new TableException(where, "kernel needs a lower-case NAME: `kernel NAME [f32] [f16] [bf16]`");
            }
            name = words[0];
            for (int i = 1; i < words.length; i++) {
                if (!STORAGE.containsKey(words[i])) throw new TableException(where, "unknown dtype `" + words[i] + "` (f32, f16, bf16)");
                if (dtypes.contains(words[i])) throw new TableException(where, "dtype " + words[i] + " given twice");
                dtypes.add(words[i]);
            }
        }

        void block(String at, String spec) throws TableException {
            if (block != 0) throw new TableException(at, name + ": block given twice");
            String[] words = spec.split("\\s+");
            try {
                block = Integer.parseInt(words[0]);
            } catch (NumberFormatException e) {
                block = -1;
            }
            if (block < 1 || block > 1024 || block % 32 != 0) {
                throw new TableException(at, name + ": block must be a multiple of 32 in 32..1024, got `" + words[0] + "`");
            }
            for (int i = 1; i < words.length; i++) {
                if (words[i].equals("no_launch_bounds")) {
                    launchBounds = false;
                } else if (words[i].equals("min_blocks") && i + 1 < words.length) {
                    minBlocks = words[++i];
                } else {
                    throw new TableException(at, name + ": `block THREADS [min_blocks M] [no_launch_bounds]`, got `" + spec + "`");
                }
            }
            if (!launchBounds && minBlocks != null) throw new TableException(at, name + ": min_blocks needs launch bounds");
        }

        void calls(String at, String spec) throws TableException {
            if (calls != null) throw new TableException(at, name + ": calls given twice");
            if (spec.isEmpty() || spec.contains("(")) throw new TableException(at, name + ": `calls FUNCTION` (no arguments)");
            calls = spec;
        }

        void args(String at, String spec) throws TableException {
            for (String param : spec.split(",")) {
                String p = param.strip();
                if (p.isEmpty()) continue;
                Matcher m = PARAM.matcher(p);
                if (!m.matches() || m.group(1).isEmpty()) throw new TableException(at, name + ": argument `" + p + "` is not `type name`");
                String type = m.group(1).replaceAll("\\s+", " ").replaceAll("\\s*\\*", "*");
                args.add(new Arg(type, m.group(2), kind(at, type)));
            }
        }

        private String kind(String at, String type) throws TableException {
            if (type.endsWith("*")) return "ptr";
            return switch (type) {
                case "int" -> "i32";
                case "long long", "unsigned long long" -> "i64";
                case "float" -> "f32";
                default -> throw new TableException(at, name + ": argument type `" + type
                        + "` has no kind (pointer, int, long long, unsigned long long, float)");
            };
        }

        Entry build() throws TableException {
            if (block == 0) throw new TableException(where, name + ": no `block`");
            if (calls == null) throw new TableException(where, name + ": no `calls`");
            if (args.isEmpty()) throw new TableException(where, name + ": no `args`");
            if (dtypes.isEmpty()) {
                boolean typed = FLOATX.matcher(calls).find() || args.stream().anyMatch(a -> FLOATX.matcher(a.type()).find());
                if (typed) throw new TableException(where, name + ": floatX used, but no dtype given");
            }
            List<String> seen = new ArrayList<>();
            for (Arg a : args) {
                if (seen.contains(a.name())) throw new TableException(where, name + ": argument " + a.name() + " given twice");
                seen.add(a.name());
            }
            return new Entry(table, line, name, List.copyOf(dtypes), block, minBlocks, launchBounds, calls, List.copyOf(args));
        }
    }

    /** The extern "C" name of an entry point: NAME_DTYPE, or NAME for an untyped entry. */
    static String function(Entry e, String dtype) {
        return dtype == null ? e.name() : e.name() + "_" + dtype;
    }

    /** The dtypes of an entry, or a single null for an untyped one. */
    static List<String> variants(Entry e) {
        List<String> v = new ArrayList<>(e.dtypes());
        if (v.isEmpty()) v.add(null);
        return v;
    }

    private static void checkUnique(List<Entry> entries) throws TableException {
        Map<String, Entry> byFunction = new HashMap<>();
        for (Entry e : entries) {
            for (String dtype : variants(e)) {
                Entry before = byFunction.putIfAbsent(function(e, dtype), e);
                if (before != null) {
                    throw new TableException(e.table() + ":" + e.line(), function(e, dtype) + " is also declared at "
                            + before.table() + ":" + before.line());
                }
            }
        }
    }

    private static String storage(String text, String dtype) {
        return dtype == null ? text : FLOATX.matcher(text).replaceAll(STORAGE.get(dtype));
    }

    static String header(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        out.append("// Generated by kernels/src/build/GenerateBoundary.java from the image's tables (*.kernels): do not edit.\n");
        out.append("// Every extern \"C\" entry point of the image; the op-family files hold what they call.\n");
        out.append("#pragma once\n");
        for (Entry e : entries) {
            out.append('\n').append("// ").append(e.name()).append(" (").append(e.table()).append(")\n");
            String bounds = !e.launchBounds() ? ""
                    : " __launch_bounds__(" + e.block() + (e.minBlocks() == null ? "" : ", " + e.minBlocks()) + ")";
            for (String dtype : variants(e)) {
                List<String> params = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (Arg a : e.args()) {
                    params.add(storage(a.type(), dtype) + " " + a.name());
                    names.add(a.name());
                }
                out.append("extern \"C\" __global__ void").append(bounds).append('\n');
                out.append(function(e, dtype)).append('(').append(String.join(", ", params)).append(") {\n");
                out.append("    pdl_enter();\n"); // common.cuh: the programmatic launch's wait, before any memory access
                out.append("    ").append(storage(e.calls(), dtype)).append('(').append(String.join(", ", names)).append(");\n");
                out.append("}\n");
            }
        }
        return out.toString();
    }

    /** The signatures' line that says the image's entry points wait for their predecessor (dev.llmbench.cuda.KernelBoundary). */
    static final String PROGRAMMATIC_LAUNCH = "programmatic-launch";

    static String signatures(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        out.append("# Generated by kernels/src/build/GenerateBoundary.java from the image's tables (*.kernels).\n");
        out.append("# One line per entry point: name, block size, then kind:name per argument (ptr, i32, i64, f32).\n");
        out.append("# Every entry point calls pdl_enter() first, so the image takes programmatic launches:\n");
        out.append(PROGRAMMATIC_LAUNCH).append('\n');
        for (Entry e : entries) {
            for (String dtype : variants(e)) {
                out.append(function(e, dtype)).append(' ').append(e.block());
                for (Arg a : e.args()) out.append(' ').append(a.kind()).append(':').append(a.name());
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void writeIfChanged(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) return;
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
