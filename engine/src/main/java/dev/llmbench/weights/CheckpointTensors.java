package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The tensors of a Hugging Face checkpoint, read by their Hugging Face names with the shape each must have. In a
 * {@link PackedCheckpoint} (AWQ, GPTQ) a linear's NAME.weight is read from the packed NAME.qweight, .qzeros and
 * .scales as the (out, in) weight they hold, so every family's mapping reads such a checkpoint unchanged.
 */
public final class CheckpointTensors {
    private final SafetensorsReader reader;
    private final Path checkpoint;
    private final PackedCheckpoint packed; // null: a dense checkpoint

    public CheckpointTensors(SafetensorsReader reader, Path checkpoint) {
        this(reader, checkpoint, null);
    }

    public CheckpointTensors(SafetensorsReader reader, Path checkpoint, PackedCheckpoint packed) {
        this.reader = reader;
        this.checkpoint = checkpoint;
        this.packed = packed;
    }

    public boolean has(String name) {
        return reader.contains(name) || packedWeight(name) != null;
    }

    /** NAME of a packed linear's NAME.weight, or null. */
    private String packedWeight(String name) {
        if (packed == null || !name.endsWith(".weight")) return null;
        String prefix = name.substring(0, name.length() - ".weight".length());
        return packed.holds(reader, prefix) ? prefix : null;
    }

    /** Tensor {@code name}, which must exist with shape {@code expected}. */
    public HostTensor read(String name, int... expected) {
        String prefix = packedWeight(name);
        if (prefix != null && !reader.contains(name)) return packed.read(reader, prefix, expected);
        if (!reader.contains(name)) {
            throw new LlmbenchException("checkpoint " + checkpoint + " has no tensor '" + name + "'");
        }
        int[] actual = reader.shape(name);
        if (!Arrays.equals(actual, expected)) {
            throw new LlmbenchException("tensor '" + name + "' of checkpoint " + checkpoint + " has shape "
                    + Arrays.toString(actual) + ", expected " + Arrays.toString(expected));
        }
        return reader.read(name);
    }
}
