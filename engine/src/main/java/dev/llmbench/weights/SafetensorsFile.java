package dev.llmbench.weights;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.LlmbenchException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code name -> {dtype, shape, data_offsets: [begin, end)}}, offsets relative to the data section), then
 * the data section. The header is read and checked when the file is opened; a tensor's bytes are memory-mapped
 * only when it is read, one tensor (in chunks of at most 1 GiB) at a time, so files beyond 2 GiB work.
 */
final class SafetensorsFile {
    /** The header JSON is at most this long in the format's reference implementation. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final long MAX_CHUNK_BYTES = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tensor's header entry; {@code begin} and {@code end} are absolute file offsets. */
    private record Entry(String dtype, int[] shape, long begin, long end) {
    }

    private final Path path;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path path, Map<String, Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    static SafetensorsFile open(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw corrupt(path, "file is truncated: " + size + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw corrupt(path, "header length " + headerLength + " is not plausible");
            }
            if (8 + headerLength > size) {
                throw corrupt(path, "file is truncated: header of " + headerLength + " bytes but only "
                        + (size - 8) + " bytes follow the length");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            return new SafetensorsFile(path, parseHeader(path, header.array(), 8 + headerLength, size));
        } catch (IOException e) {
            throw new LlmbenchException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    Set<String> names() {
        return entries.keySet();
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    int[] shape(String name) {
        return entry(name).shape().clone();
    }

    HostTensor read(String name) {
        Entry e = entry(name);
        SafetensorsDtype dtype = supportedDtype(name, e.dtype());
        long numel = HostTensor.numel(e.shape());
        if (numel > Integer.MAX_VALUE - 8) {
            throw new LlmbenchException("tensor '" + name + "' in " + path + " has " + numel
                    + " elements, more than a Java array holds");
        }
        float[] data = new float[(int) numel];
        long chunkElements = MAX_CHUNK_BYTES / dtype.bytes;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() < e.end()) {
                throw corrupt(path, "file is truncated: tensor '" + name + "' ends at byte " + e.end()
                        + " of " + channel.size());
            }
            for (long first = 0; first < numel; first += chunkElements) {
                int count = (int) Math.min(chunkElements, numel - first);
                MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY,
                        e.begin() + first * dtype.bytes, (long) count * dtype.bytes);
                bytes.order(ByteOrder.LITTLE_ENDIAN);
                dtype.decode(bytes, data, (int) first, count);
            }
        } catch (IOException ex) {
            throw new LlmbenchException("cannot read tensor '" + name + "' from " + path + ": " + ex.getMessage(), ex);
        }
        return new HostTensor(name, e.shape().clone(), data);
    }

    /** An int32 tensor's values (a packed int4 checkpoint's qweight, qzeros and g_idx), as they are. */
    int[] readInts(String name) {
        Entry e = entry(name);
        if (!e.dtype().equals("I32")) {
            throw new LlmbenchException("tensor '" + name + "' in " + path + " has dtype " + e.dtype() + ", expected I32");
        }
        long numel = HostTensor.numel(e.shape());
        if (numel * 4 > MAX_CHUNK_BYTES) {
            throw new LlmbenchException("tensor '" + name + "' in " + path + " has " + numel + " int32 values, more than 1 GiB");
        }
        int[] data = new int[(int) numel];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() < e.end()) {
                throw corrupt(path, "file is truncated: tensor '" + name + "' ends at byte " + e.end() + " of " + channel.size());
            }
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, e.begin(), numel * 4);
            bytes.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(data);
        } catch (IOException ex) {
            throw new LlmbenchException("cannot read tensor '" + name + "' from " + path + ": " + ex.getMessage(), ex);
        }
        return data;
    }

    /** The element type's name as the file gives it (F16, BF16, F32, I32, ...). */
    String dtype(String name) {
        return entry(name).dtype();
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new LlmbenchException("no tensor '" + name + "' in " + path);
        }
        return e;
    }

    private SafetensorsDtype supportedDtype(String name, String dtype) {
        try {
            return SafetensorsDtype.valueOf(dtype);
        } catch (IllegalArgumentException unknown) {
            throw new LlmbenchException("tensor '" + name + "' in " + path + " has dtype " + dtype
                    + "; only F32, F16 and BF16 are supported");
        }
    }

    private static Map<String, Entry> parseHeader(Path path, byte[] header, long dataStart, long fileSize) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (IOException e) {
            throw corrupt(path, "header is not valid JSON (" + firstLine(e) + ")");
        }
        if (root == null || !root.isObject()) {
            throw corrupt(path, "header is not a JSON object");
        }
        long dataBytes = fileSize - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("__metadata__")) continue;
            JsonNode node = field.getValue();
            JsonNode offsets = node.path("data_offsets");
            JsonNode shapeNode = node.path("shape");
            if (!node.path("dtype").isTextual() || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw corrupt(path, "header entry of '" + name + "' lacks dtype, shape or data_offsets");
            }
            int[] shape = new int[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!shapeNode.get(i).canConvertToInt() || shapeNode.get(i).asInt() < 0) {
                    throw corrupt(path, "tensor '" + name + "' has a bad shape " + shapeNode);
                }
                shape[i] = shapeNode.get(i).asInt();
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin) {
                throw corrupt(path, "tensor '" + name + "' has bad data_offsets " + offsets);
            }
            if (end > dataBytes) {
                throw corrupt(path, "file is truncated: tensor '" + name + "' ends at data byte " + end
                        + " but the data section has " + dataBytes + " bytes");
            }
            String dtype = node.get("dtype").asText();
            long expectedBytes = expectedBytes(dtype, shape);
            if (expectedBytes >= 0 && expectedBytes != end - begin) {
                throw corrupt(path, "tensor '" + name + "' of dtype " + dtype + " and shape " + Arrays.toString(shape)
                        + " needs " + expectedBytes + " bytes but its data_offsets span " + (end - begin));
            }
            entries.put(name, new Entry(dtype, shape, dataStart + begin, dataStart + end));
        }
        return entries;
    }

    /** Byte size of a tensor of a dtype we read; -1 for other dtypes, which are checked only if read. */
    private static long expectedBytes(String dtype, int[] shape) {
        for (SafetensorsDtype d : SafetensorsDtype.values()) {
            if (d.name().equals(dtype)) return HostTensor.numel(shape) * d.bytes;
        }
        return -1;
    }

    private static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position + dst.position());
            if (n < 0) throw new IOException("unexpected end of file");
        }
    }

    private static LlmbenchException corrupt(Path path, String what) {
        return new LlmbenchException("corrupt safetensors file " + path + ": " + what);
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
