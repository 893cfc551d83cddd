package dev.llmbench.bench.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmbench.LlmbenchException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What a run's JSON says about where it ran, beside JMH's own fields: an {@code "llmbench"} object in every result
 * with the commit the suite was built from ({@code -dirty} when its tree had uncommitted changes), the GPU, the CUDA
 * version its driver supports, the CUDA runtime's, and the ceilings the run measured. The suite writes it into the
 * result file at the end of a run ({@link #annotate}); {@code compare} warns when two files ran on different GPUs or
 * drivers ({@link #differences}).
 */
public record RunDescription(Map<String, String> fields) {
    public static final String KEY = "llmbench";
    private static final String BUILD_INFO = "/dev/llmbench/bench/build.properties";
    /** The fields that make two runs' numbers incomparable when they differ. */
    private static final List<String> MACHINE = List.of("gpu", "driver_cuda");

    public RunDescription {
        fields = Map.copyOf(fields);
    }

    /** This build's commit and what the run's trials recorded (run properties: gpu, driver_cuda, ...). */
    public static RunDescription of(Properties run) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("commit", commit());
        for (String key : List.of("gpu", "driver_cuda", "runtime_cuda", "copy_gbps", "gemm_tflops")) {
            String v = run.getProperty(key);
            if (v != null) f.put(key, v);
        }
        return new RunDescription(f);
    }

    /** The commit this build came from (build.properties, written by the build), or "unknown". */
    public static String commit() {
        try (InputStream in = RunDescription.class.getResourceAsStream(BUILD_INFO)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("commit", "unknown").strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Adds this description to every result of the JMH JSON file {@code file}: written beside it, then moved over it, so
     * a failure leaves the file as JMH wrote it.
     */
    public void annotate(Path file) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            JsonNode root = mapper.readTree(file.toFile());
            if (!(root instanceof ArrayNode results)) return; // not JMH's JSON: left as it is
            for (JsonNode result : results) {
                if (result instanceof ObjectNode o) {
                    ObjectNode d = o.putObject(KEY);
                    fields.forEach(d::put);
                }
            }
            FileReplacement.replace(file, tmp -> mapper.writeValue(tmp.toFile(), root));
        } catch (IOException e) {
            throw new LlmbenchException("cannot add the run's description to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The description in a JMH JSON file's first result; empty for files written before there was one. */
    public static Optional<RunDescription> read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JsonNode d = root.isArray() && root.size() > 0 ? root.get(0).get(KEY) : null;
            if (d == null || !d.isObject()) return Optional.empty();
            Map<String, String> f = new LinkedHashMap<>();
            d.fields().forEachRemaining(e -> f.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new RunDescription(f));
        } catch (IOException e) {
            return Optional.empty(); // JmhJsonReader reports unreadable files
        }
    }

    /** "gpu NVIDIA H100 80GB HBM3 against NVIDIA H200", one per machine field both name and differ on. */
    public List<String> differences(RunDescription other) {
        List<String> out = new ArrayList<>();
        for (String key : MACHINE) {
            String a = fields.get(key), b = other.fields.get(key);
            if (a != null && b != null && !Objects.equals(a, b)) out.add(key + " " + a + " against " + b);
        }
        return out;
    }
}
