package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;

import java.nio.file.Path;
import java.util.Arrays;

/** The tensors of a Hugging Face checkpoint, read by their Hugging Face names with the shape each must have. */
public final class CheckpointTensors {
    private final SafetensorsReader reader;
    private final Path checkpoint;

    public CheckpointTensors(SafetensorsReader reader, Path checkpoint) {
        this.reader = reader;
        this.checkpoint = checkpoint;
    }

    public boolean has(String name) {
        return reader.contains(name);
    }

    /** Tensor {@code name}, which must exist with shape {@code expected}. */
    public HostTensor read(String name, int... expected) {
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
