package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;

/**
 * One device allocation, sized at build time, handed out by bumping an offset: weights, KV cache,
 * workspace and activations of an engine all live here, so nothing is allocated in the generation loop
 * and closing the arena gives all of the engine's memory back. Allocations are 256-byte aligned (what
 * cuBLASLt and vectorised kernels want).
 */
public final class Arena implements AutoCloseable {
    public static final long ALIGNMENT = 256;

    private final String name;
    private final long capacity;
    private final long base;
    private long used;
    private long peak;
    private boolean closed;

    private Arena(String name, long capacity, long base) {
        this.name = name;
        this.capacity = capacity;
        this.base = base;
    }

    /** cudaMalloc of {@code capacity} bytes; out of memory says what was asked and what is free. */
    public static Arena create(String name, long capacity) {
        long rounded = Bytes.alignUp(Math.max(capacity, ALIGNMENT), ALIGNMENT);
        return new Arena(name, rounded, DeviceMemory.allocate(rounded, name));
    }

    /** Bytes an allocation of {@code elements} of {@code type} takes in an arena, alignment included. */
    public static long footprint(DType type, long elements) {
        return Bytes.alignUp(elements * type.bytes, ALIGNMENT);
    }

    public DeviceBuffer allocate(String bufferName, DType type, long elements) {
        if (closed) throw new IllegalStateException(name + " is closed");
        if (elements <= 0) throw new IllegalArgumentException(bufferName + ": elements must be > 0, got " + elements);
        long size = footprint(type, elements);
        if (used + size > capacity) {
            throw new LlmbenchException(String.format("%s exhausted: %s needs %s, %s of %s used", name, bufferName,
                    Bytes.human(size), Bytes.human(used), Bytes.human(capacity)));
        }
        DeviceBuffer b = new DeviceBuffer(bufferName, type, elements, base + used, false);
        used += size;
        peak = Math.max(peak, used);
        return b;
    }

    /** Current offset, to roll back scratch allocations with {@link #rewind(long)}. */
    public long mark() {
        return used;
    }

    /** Frees everything allocated after {@code mark} (those buffers must no longer be used). */
    public void rewind(long mark) {
        if (mark < 0 || mark > used) throw new IllegalArgumentException("bad arena mark " + mark);
        used = mark;
    }

    public long capacity() {
        return capacity;
    }

    public long used() {
        return used;
    }

    public long peak() {
        return peak;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        DeviceMemory.free(base, capacity);
    }
}
