import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two nvcc fatbins kernel by kernel (run by compare-fatbins.sh; see there). For each SASS image
 * (sm_XX) a function's code is its .text.NAME section, compared byte for byte, together with what the
 * driver reads beside it: register count, barrier count, the symbol (size, binding, other), the
 * .nv.info.NAME attributes and the function's attributes in .nv.info, .nv.constant0.NAME, the size of
 * .nv.shared.NAME and .nv.local.NAME, and the relocations of its code. Symbol indices (which shift when
 * other kernels are added or removed) are compared by the symbol's name. For the PTX (compute_XX,
 * zstd-compressed in the fatbin: decompressed with the zstd command) a function is its text from the
 * .entry/.func line to the closing brace, compared as text; where the texts differ, the report tells
 * whether they are equal once the numbers NVVM derives from the function's position in the module
 * ($L__BBk_ labels, __local_depotk) are taken out, and then once function-scope __shared__ variables
 * (_ZZ + declaring function + E + name) are called by their own name, wherever they are declared (in the
 * one kernel that uses one, or at module scope). The module-scope lines (globals,
 * declarations) count as one more function, "(module scope)", compared as a set: equal, or with
 * --removed / --subset, NEW's a subset of OLD's.
 */
public final class FatbinDiff {
    private static final int FATBIN_MAGIC = 0xBA55ED50;
    private static final int KIND_PTX = 1;
    private static final int KIND_ELF = 2;
    private static final String MODULE_SCOPE = "(module scope)";
    // EIATTR codes whose value starts with a symbol index (cuobjdump -elf names them).
    private static final Set<Integer> SYMBOL_ATTRS = Set.of(0x0a /* PARAM_CBANK */, 0x11 /* FRAME_SIZE */,
            0x12 /* MIN_STACK_SIZE */, 0x23 /* MAX_STACK_SIZE */, 0x2f /* REGCOUNT */);

    public static void main(String[] args) throws Exception {
        if (args.length < 2) usage();
        Set<String> removed = new TreeSet<>();
        boolean subset = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--subset")) subset = true;
            else if (args[i].equals("--removed") && i + 1 < args.length) removed.addAll(Arrays.asList(args[++i].split(",")));
            else usage();
        }
        Map<String, Map<String, String>> old = images(Path.of(args[0]));
        Map<String, Map<String, String>> neu = images(Path.of(args[1]));
        boolean ok = old.keySet().equals(neu.keySet());
        if (!ok) System.out.println("images differ: OLD " + old.keySet() + ", NEW " + neu.keySet());
        for (String image : old.keySet()) {
            if (!neu.containsKey(image)) continue;
            ok &= compare(image, old.get(image), neu.get(image), removed, subset);
        }
        System.out.println(ok ? "RESULT: identical" : "RESULT: DIFFERENT");
        System.exit(ok ? 0 : 1);
    }

    private static void usage() {
        System.err.println("usage: compare-fatbins.sh OLD NEW [--removed NAME,NAME...] [--subset]");
        System.exit(2);
    }

    /** Compares the functions of one image; prints one summary line and any differences. */
    private static boolean compare(String image, Map<String, String> old, Map<String, String> neu, Set<String> removed,
                                   boolean subset) {
        Set<String> onlyOld = new TreeSet<>(old.keySet());
        onlyOld.removeAll(neu.keySet());
        Set<String> onlyNew = new TreeSet<>(neu.keySet());
        onlyNew.removeAll(old.keySet());
        int same = 0;
        List<String> renumbered = new ArrayList<>(), renamed = new ArrayList<>(), differ = new ArrayList<>();
        for (String f : old.keySet()) {
            if (!neu.containsKey(f)) continue;
            String a = old.get(f), b = neu.get(f);
            if (f.equals(MODULE_SCOPE) && (subset || !removed.isEmpty())) {
                if (Set.of(a.split("\n")).containsAll(Set.of(b.split("\n")))) same++;
                else differ.add(f);
            } else if (a.equals(b)) same++;
            else if (renumber(a).equals(renumber(b))) renumbered.add(f);
            else if (rename(renumber(a)).equals(rename(renumber(b)))) renamed.add(f);
            else differ.add(f);
        }
        Set<String> stayed = new TreeSet<>(removed);
        stayed.retainAll(neu.keySet());
        boolean ok = differ.isEmpty() && onlyNew.isEmpty() && (subset || onlyOld.equals(removed));
        System.out.printf("%-11s %3d functions identical, %d differ%s%s%s%n", image, same + renumbered.size() + renamed.size(),
                differ.size(),
                onlyOld.isEmpty() ? "" : subset ? "; " + onlyOld.size() + " only in OLD"
                        : (onlyOld.equals(removed) ? "; left out as expected: " : "; ONLY in OLD: ") + String.join(" ", onlyOld),
                onlyNew.isEmpty() ? "" : "; ONLY in NEW: " + String.join(" ", onlyNew),
                stayed.isEmpty() || subset ? "" : "; expected left out, still there: " + String.join(" ", stayed));
        if (!renumbered.isEmpty()) {
            System.out.println("  of which " + renumbered.size() + " only after renumbering ($L__BBk_ labels, __local_depotk:"
                    + " k is the function's position in the module)");
        }
        for (String f : renamed) {
            System.out.println("  of which " + f + " only after renaming function-scope __shared__ variables too (_ZZ<function>E<var>)"
                    + " and ignoring whether they are declared in the function or at module scope:");
            printFirstDifference(renumber(old.get(f)), renumber(neu.get(f)));
        }
        for (String f : differ) {
            System.out.println("  DIFFERS: " + f);
            printFirstDifference(rename(renumber(old.get(f))), rename(renumber(neu.get(f))));
        }
        return ok;
    }

    private static final Pattern LABEL = Pattern.compile("\\$L__BB\\d+_"), DEPOT = Pattern.compile("__local_depot\\d+");
    private static final Pattern DEMOTED = Pattern.compile("_ZZ\\w*?E(\\d+)");
    private static final Pattern SHARED_DECLARATION = Pattern.compile(
            "(?m)^\\s*(//\\s*demoted variable|\\.shared\\s[^\\n]*shared:\\w+\\[\\d+\\];)?\\s*\\n");

    /** PTX with the module-position numbers of labels and local depots taken out. */
    private static String renumber(String ptx) {
        return DEPOT.matcher(LABEL.matcher(ptx).replaceAll("\\$L__BB#_")).replaceAll("__local_depot#");
    }

    /**
     * PTX with each function-scope __shared__ variable (_ZZ + its function + E + its own name) called by its
     * own name, and its declaration dropped: NVVM declares it inside the one kernel that uses it, or at module
     * scope when several do, so moving kernels between images moves the declaration.
     */
    private static String rename(String ptx) {
        Matcher m = DEMOTED.matcher(ptx);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find(at)) {
            int nameStart = m.end(), nameEnd = nameStart + Integer.parseInt(m.group(1));
            out.append(ptx, at, m.start()).append("shared:").append(ptx, nameStart, nameEnd);
            at = nameEnd;
        }
        // a variable used by one kernel only is declared in it ("// demoted variable"), one shared by several
        // at module scope; blank lines go too, as NVVM puts one after the register declarations only in the latter
        return SHARED_DECLARATION.matcher(out.append(ptx.substring(at))).replaceAll("");
    }

    private static void printFirstDifference(String a, String b) {
        String[] x = a.split("\n"), y = b.split("\n");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String l = i < x.length ? x[i] : "<end>", r = i < y.length ? y[i] : "<end>";
            if (!l.equals(r)) {
                if (l.startsWith("code ") && r.startsWith("code ")) {
                    int at = 5;
                    while (at < Math.min(l.length(), r.length()) && l.charAt(at) == r.charAt(at)) at++;
                    System.out.println("    code differs from byte " + (at - 5) / 2 + " (OLD " + (l.length() - 5) / 2 + " bytes, NEW "
                            + (r.length() - 5) / 2 + ")");
                    return;
                }
                System.out.println("    OLD: " + abbreviate(l));
                System.out.println("    NEW: " + abbreviate(r));
                return;
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    // ---- fatbin container ---------------------------------------------------------------------------

    /** image name (sm_90, compute_90) -> function name -> a canonical text of everything compared. */
    static Map<String, Map<String, String>> images(Path fatbin) throws IOException, InterruptedException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(fatbin)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != FATBIN_MAGIC) throw new IOException(fatbin + " is not a fatbin (magic " + Integer.toHexString(b.getInt(0)) + ")");
        int headerSize = Short.toUnsignedInt(b.getShort(6));
        long fatSize = b.getLong(8);
        Map<String, Map<String, String>> images = new TreeMap<>();
        long off = headerSize;
        while (off < headerSize + fatSize) {
            int p = (int) off;
            int kind = Short.toUnsignedInt(b.getShort(p));
            int entryHeader = b.getInt(p + 4);
            long padded = b.getLong(p + 8);
            int compressed = b.getInt(p + 0x10);
            int arch = b.getInt(p + 0x1c);
            int start = p + entryHeader;
            byte[] payload = Arrays.copyOfRange(b.array(), start, start + (compressed != 0 ? compressed : (int) padded));
            if (isZstd(payload)) payload = zstd(payload);
            if (kind == KIND_ELF) images.put("sm_" + arch, elfFunctions(payload));
            else if (kind == KIND_PTX) images.put("compute_" + arch, ptxFunctions(new String(payload, StandardCharsets.UTF_8)));
            else throw new IOException(fatbin + ": unknown entry kind " + kind + " at " + off);
            off += entryHeader + padded;
        }
        return images;
    }

    private static boolean isZstd(byte[] p) {
        return p.length >= 4 && (p[0] & 0xff) == 0x28 && (p[1] & 0xff) == 0xb5 && (p[2] & 0xff) == 0x2f && (p[3] & 0xff) == 0xfd;
    }

    private static byte[] zstd(byte[] data) throws IOException, InterruptedException {
        Process z = new ProcessBuilder("zstd", "-dc").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feed = new Thread(() -> {
            try (OutputStream in = z.getOutputStream()) {
                in.write(data);
            } catch (IOException ignored) {
                // zstd exited early: its exit status reports it
            }
        });
        feed.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream s = z.getInputStream()) {
            s.transferTo(out);
        }
        feed.join();
        if (z.waitFor() != 0) throw new IOException("zstd -dc failed");
        return out.toByteArray();
    }

    // ---- SASS (ELF cubin) ---------------------------------------------------------------------------

    record Section(String name, int type, long flags, long offset, long size, int link, int info, long entsize) {
    }

    record Symbol(String name, int info, int other, int shndx, long value, long size) {
    }

    static Map<String, String> elfFunctions(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
        int[] nameOff = new int[shnum];
        List<Section> raw = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            nameOff[i] = b.getInt(h);
            raw.add(new Section(null, b.getInt(h + 4), b.getLong(h + 8), b.getLong(h + 0x18), b.getLong(h + 0x20),
                    b.getInt(h + 0x28), b.getInt(h + 0x2c), b.getLong(h + 0x38)));
        }
        Section shstr = raw.get(shstrndx);
        List<Section> sections = new ArrayList<>();
        Map<String, Section> byName = new LinkedHashMap<>();
        for (int i = 0; i < shnum; i++) {
            Section s = raw.get(i);
            Section named = new Section(cstring(elf, shstr.offset() + nameOff[i]), s.type(), s.flags(), s.offset(), s.size(),
                    s.link(), s.info(), s.entsize());
            sections.add(named);
            byName.put(named.name(), named);
        }
        Section symtab = byName.get(".symtab");
        Section strtab = sections.get(symtab.link());
        List<Symbol> symbols = new ArrayList<>();
        for (long o = symtab.offset(); o < symtab.offset() + symtab.size(); o += 24) {
            int p = (int) o;
            symbols.add(new Symbol(cstring(elf, strtab.offset() + b.getInt(p)), b.get(p + 4) & 0xff, b.get(p + 5) & 0xff,
                    Short.toUnsignedInt(b.getShort(p + 6)), b.getLong(p + 8), b.getLong(p + 16)));
        }
        Map<String, List<String>> globalAttrs = new TreeMap<>();
        Section globalInfo = byName.get(".nv.info");
        if (globalInfo != null) {
            for (String[] a : attributes(b, globalInfo, symbols)) globalAttrs.computeIfAbsent(a[0], k -> new ArrayList<>()).add(a[1]);
        }

        Map<String, String> functions = new TreeMap<>();
        for (Section s : sections) {
            if (!s.name().startsWith(".text.")) continue;
            String f = s.name().substring(".text.".length());
            StringBuilder c = new StringBuilder();
            c.append("code ").append(hex(elf, s.offset(), s.size())).append('\n');
            c.append("registers ").append(s.info() >>> 24).append(" symbol ").append(symbols.get(s.info() & 0xffffff).name())
                    .append(" flags 0x").append(Long.toHexString(s.flags())).append('\n');
            for (Symbol sym : symbols) {
                if (sym.name().equals(f)) {
                    c.append("symbol info ").append(sym.info()).append(" other ").append(sym.other()).append(" size ")
                            .append(sym.size()).append(" value ").append(sym.value()).append('\n');
                }
            }
            Section info = byName.get(".nv.info." + f);
            if (info != null) {
                for (String[] a : attributes(b, info, symbols)) c.append("info ").append(a[1]).append('\n');
            }
            for (String a : globalAttrs.getOrDefault(f, List.of())) c.append("global info ").append(a).append('\n');
            Section constant = byName.get(".nv.constant0." + f);
            if (constant != null) c.append("constant0 ").append(hex(elf, constant.offset(), constant.size())).append('\n');
            for (String kind : List.of(".nv.shared.", ".nv.local.")) {
                Section n = byName.get(kind + f);
                if (n != null) c.append(kind).append(" size ").append(n.size()).append('\n');
            }
            for (String rel : List.of(".rel.text.", ".rela.text.")) {
                Section r = byName.get(rel + f);
                if (r == null) continue;
                for (long o = r.offset(); o < r.offset() + r.size(); o += r.entsize()) {
                    long info2 = b.getLong((int) o + 8);
                    c.append("reloc ").append(b.getLong((int) o)).append(" type ").append(info2 & 0xffffffffL).append(' ')
                            .append(symbols.get((int) (info2 >>> 32)).name());
                    if (r.entsize() == 24) c.append(" addend ").append(b.getLong((int) o + 16));
                    c.append('\n');
                }
            }
            functions.put(f, c.toString());
        }
        return functions;
    }

    /**
     * The EIATTR records of an .nv.info section as {function or "", text}: symbol indices replaced by the
     * symbol's name, and for .nv.info (global) keyed by the function the record is about.
     */
    private static List<String[]> attributes(ByteBuffer b, Section s, List<Symbol> symbols) {
        List<String[]> out = new ArrayList<>();
        int p = (int) s.offset(), end = (int) (s.offset() + s.size());
        while (p < end) {
            int format = b.get(p) & 0xff, attr = b.get(p + 1) & 0xff;
            p += 2;
            String about = "";
            StringBuilder t = new StringBuilder("attr 0x").append(Integer.toHexString(attr)).append(' ');
            switch (format) {
                case 1, 2, 3 -> { // no value, a byte, a 16-bit value: each record is 4 bytes
                    t.append(Short.toUnsignedInt(b.getShort(p)));
                    p += 2;
                }
                case 4 -> {
                    int size = Short.toUnsignedInt(b.getShort(p));
                    p += 2;
                    int from = p;
                    if (SYMBOL_ATTRS.contains(attr) && size >= 4) {
                        about = symbols.get(b.getInt(p)).name();
                        t.append("sym ").append(about).append(' ');
                        from += 4;
                    }
                    t.append(hex(b.array(), from, size - (from - p)));
                    p += size;
                }
                default -> throw new IllegalStateException("unknown EIATTR format " + format + " in " + s.name());
            }
            out.add(new String[] {about, t.toString()});
        }
        return out;
    }

    private static String cstring(byte[] data, long offset) {
        int start = (int) offset, end = start;
        while (data[end] != 0) end++;
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] data, long offset, long size) {
        StringBuilder sb = new StringBuilder();
        for (long i = offset; i < offset + size; i++) sb.append(String.format("%02x", data[(int) i]));
        return sb.toString();
    }

    // ---- PTX ----------------------------------------------------------------------------------------

    private static final Pattern PTX_FUNCTION = Pattern.compile(
            "^(?:\\.visible\\s+|\\.weak\\s+|\\.extern\\s+)?\\.(?:entry|func)\\s+(?:\\([^)]*\\)\\s*)?([A-Za-z_$][\\w$]*)");

    static Map<String, String> ptxFunctions(String ptx) {
        Map<String, String> functions = new TreeMap<>();
        Set<String> moduleScope = new TreeSet<>();
        String[] lines = ptx.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PTX_FUNCTION.matcher(lines[i]);
            if (m.find()) {
                // a definition runs from its header to the "}" line; a declaration ends in ";" before any "{"
                StringBuilder text = new StringBuilder();
                boolean definition = false;
                int j = i;
                for (; j < lines.length; j++) {
                    text.append(lines[j]).append('\n');
                    if (lines[j].strip().equals("{")) definition = true;
                    if (definition ? lines[j].equals("}") : lines[j].strip().endsWith(";")) break;
                }
                if (definition) functions.put(m.group(1), text.toString());
                else moduleScope.add(text.toString().replaceAll("\\s+", " ").strip());
                i = j;
            } else if (!lines[i].isBlank() && !lines[i].startsWith("//")) {
                moduleScope.add(lines[i].strip());
            }
        }
        functions.put(MODULE_SCOPE, String.join("\n", moduleScope));
        return functions;
    }
}
