package dev.llmbench.cuda;

import org.bytedeco.javacpp.BytePointer;

import java.nio.charset.StandardCharsets;

/**
 * C strings that CUDA, the driver and NVML write into a fixed buffer. The buffer is longer than the text:
 * what follows the first NUL is whatever the memory held, so it must never reach a name, a message or a
 * path (a device once showed as "NVIDIA H200" followed by garbage bytes).
 */
final class CString {
    private CString() {
    }

    /** The text of {@code buffer} up to its first NUL (all of it when there is none), trimmed. */
    static String decode(byte[] buffer) {
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) end++;
        return new String(buffer, 0, end, StandardCharsets.UTF_8).trim();
    }

    /** {@link #decode} of the first {@code capacity} bytes at {@code buffer}. */
    static String read(BytePointer buffer, int capacity) {
        byte[] bytes = new byte[capacity];
        buffer.position(0).get(bytes);
        return decode(bytes);
    }
}
