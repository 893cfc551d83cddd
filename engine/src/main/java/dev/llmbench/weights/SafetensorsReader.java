package dev.llmbench.weights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmbench.LlmbenchException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a safetensors checkpoint: a single file, or a directory holding either
 * {@code model.safetensors} or a sharded checkpoint ({@code model.safetensors.index.json}, whose
 * {@code weight_map} names the shard of each tensor). Tensors are read one at a time, converted to fp32.
 */
public final class SafetensorsReader {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path source;
    private final Map<String, SafetensorsFile> fileOf;

    private SafetensorsReader(Path source, Map<String, SafetensorsFile> fileOf) {
        this.source = source;
        this.fileOf = fileOf;
    }

    /** Opens a {@code .safetensors} file, or a checkpoint directory (sharded or not). */
    public static SafetensorsReader open(Path path) {
        if (Files.isDirectory(path)) {
            Path index = path.resolve(INDEX_FILE);
            if (Files.isRegularFile(index)) return openSharded(path, index);
            Path single = path.resolve(SINGLE_FILE);
            if (Files.isRegularFile(single)) return openSingle(single);
            throw new LlmbenchException(path + " holds neither " + SINGLE_FILE + " nor " + INDEX_FILE);
        }
        if (!Files.isRegularFile(path)) {
            throw new LlmbenchException("no such file: " + path);
        }
        return openSingle(path);
    }

    private static SafetensorsReader openSingle(Path file) {
        SafetensorsFile f = SafetensorsFile.open(file);
        Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
        for (String name : f.names()) fileOf.put(name, f);
        return new SafetensorsReader(file, fileOf);
    }

    private static SafetensorsReader openSharded(Path dir, Path index) {
        JsonNode weightMap = JsonFile.read(index).path("weight_map");
        if (!weightMap.isObject()) {
            throw new LlmbenchException(index + " has no weight_map object");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shardName = e.getValue().asText();
            SafetensorsFile shard = shards.computeIfAbsent(shardName, s -> SafetensorsFile.open(dir.resolve(s)));
            if (!shard.contains(e.getKey())) {
                throw new LlmbenchException(index + " maps '" + e.getKey() + "' to " + shardName + ", which lacks it");
            }
            fileOf.put(e.getKey(), shard);
        }
        return new SafetensorsReader(dir, fileOf);
    }

    /** The file or directory this reader was opened on. */
    public Path source() {
        return source;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(fileOf.keySet());
    }

    public boolean contains(String name) {
        return fileOf.containsKey(name);
    }

    public int[] shape(String name) {
        return file(name).shape(name);
    }

    /** Tensor {@code name} as fp32. */
    public HostTensor read(String name) {
        return file(name).read(name);
    }

    /** Int32 tensor {@code name} as it is. */
    public int[] readInts(String name) {
        return file(name).readInts(name);
    }

    /** Tensor {@code name}'s element type as the file gives it. */
    public String dtype(String name) {
        return file(name).dtype(name);
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile f = fileOf.get(name);
        if (f == null) {
            throw new LlmbenchException("no tensor '" + name + "' in " + source);
        }
        return f;
    }
}
