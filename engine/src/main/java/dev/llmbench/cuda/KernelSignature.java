package dev.llmbench.cuda;

/**
 * One entry point of a kernel image as its table declares it (kernels/src/main/cuda/NAME.kernels, read
 * through the generated IMAGE.signatures): the block size its launches use and what each argument slot
 * holds, which {@link KernelLaunch} checks as arguments are set.
 */
public final class KernelSignature {
    /** What an argument slot holds: each kind has its {@link KernelLaunch} setter. */
    public enum Kind {
        PTR("ptr", "a pointer"), I32("i32", "an int"), I64("i64", "a long long"), F32("f32", "a float");

        private final String code;
        private final String c;

        Kind(String code, String c) {
            this.code = code;
            this.c = c;
        }

        static Kind of(String code) {
            for (Kind k : values()) {
                if (k.code.equals(code)) return k;
            }
            throw new IllegalArgumentException("unknown argument kind `" + code + "` (ptr, i32, i64, f32)");
        }
    }

    private final String name;
    private final int block;
    private final Kind[] kinds;
    private final String[] args;

    KernelSignature(String name, int block, Kind[] kinds, String[] args) {
        this.name = name;
        this.block = block;
        this.kinds = kinds.clone();
        this.args = args.clone();
    }

    /** A line of IMAGE.signatures: {@code name block kind:arg ...}. */
    static KernelSignature parse(String line) {
        String[] words = line.strip().split("\\s+");
        if (words.length < 2) throw new IllegalArgumentException("expected `name block kind:arg ...`");
        int block = Integer.parseInt(words[1]);
        Kind[] kinds = new Kind[words.length - 2];
        String[] args = new String[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            String[] kindArg = words[i + 2].split(":", 2);
            if (kindArg.length != 2) throw new IllegalArgumentException("argument `" + words[i + 2] + "` is not kind:name");
            kinds[i] = Kind.of(kindArg[0]);
            args[i] = kindArg[1];
        }
        return new KernelSignature(words[0], block, kinds, args);
    }

    public String name() {
        return name;
    }

    /** The block size (threads) every launch of this kernel uses: also its {@code __launch_bounds__}. */
    public int block() {
        return block;
    }

    public int arity() {
        return kinds.length;
    }

    /**
     * Throws unless argument {@code index} exists and holds {@code kind}. Allocates nothing when it passes,
     * so setting arguments stays garbage-free.
     */
    void check(int index, Kind kind) {
        if (index < 0 || index >= kinds.length) {
            throw new IllegalArgumentException(name + " has " + kinds.length + " arguments: there is no argument " + index
                    + " to set to " + kind.c);
        }
        if (kinds[index] != kind) {
            throw new IllegalArgumentException(name + ": argument " + index + " (" + args[index] + ") is " + kinds[index].c
                    + ", set to " + kind.c);
        }
    }
}
