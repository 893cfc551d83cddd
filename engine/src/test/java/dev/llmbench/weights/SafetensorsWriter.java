package dev.llmbench.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes safetensors files for tests: F32 tensors from {@link HostTensor}s, or raw bytes of any dtype. */
final class SafetensorsWriter {
    /** One tensor as it goes to the file. */
    record Raw(String name, String dtype, int[] shape, byte[] bytes) {
    }

    private final List<Raw> tensors = new ArrayList<>();

    SafetensorsWriter add(HostTensor t) {
        ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) b.putFloat(v);
        return add(new Raw(t.name(), "F32", t.shape(), b.array()));
    }

    SafetensorsWriter add(Raw raw) {
        tensors.add(raw);
        return this;
    }

    SafetensorsWriter addAll(Iterable<HostTensor> ts) {
        for (HostTensor t : ts) add(t);
        return this;
    }

    /** Writes the file and returns its bytes. */
    byte[] write(Path file) {
        ObjectNode header = new ObjectMapper().createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Raw t : tensors) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", t.dtype());
            for (int d : t.shape()) entry.withArray("shape").add(d);
            entry.putArray("data_offsets").add(data.size()).add(data.size() + t.bytes().length);
            data.writeBytes(t.bytes());
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data.toByteArray());
        try {
            Files.write(file, out.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.array();
    }

    /** Little-endian bytes of 16-bit values. */
    static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putShort((short) v);
        return b.array();
    }
}
