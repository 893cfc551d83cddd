package dev.llmbench.bench.world;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message between rank 0 and another rank: a kind and named text fields, framed on the wire as a length
 * and UTF-8 text ({@code kind}, then one {@code key=value} line per field; values hold no line breaks).
 */
public record Message(String kind, Map<String, String> fields) {
    /** Larger frames are refused: a message names a trial or carries a 128-byte NCCL id, never more. */
    static final int MAX_BYTES = 1 << 20;

    public Message {
        fields = Map.copyOf(fields);
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey().contains("=") || (f.getKey() + f.getValue()).contains("\n")) {
                throw new IllegalArgumentException("field " + f.getKey() + ": no '=' in a key, no line break anywhere");
            }
        }
    }

    public static Message of(String kind, String... keyValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) fields.put(keyValues[i], keyValues[i + 1]);
        return new Message(kind, fields);
    }

    public String field(String key) {
        String v = fields.get(key);
        if (v == null) throw new IllegalStateException(kind + " has no field " + key);
        return v;
    }

    void write(DataOutputStream out) throws IOException {
        StringBuilder text = new StringBuilder(kind);
        for (Map.Entry<String, String> f : fields.entrySet()) text.append('\n').append(f.getKey()).append('=').append(f.getValue());
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        // length and text in one write: one segment on the wire (the sockets set TCP_NODELAY)
        out.write(java.nio.ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array());
        out.flush();
    }

    /** The next message; throws {@link java.io.EOFException} when the other side has closed. */
    static Message read(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_BYTES) throw new IOException("a frame of " + length + " bytes: not ours");
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq < 0) throw new IOException("a field line without '=': " + lines[i]);
            fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        return new Message(lines[0], fields);
    }
}
