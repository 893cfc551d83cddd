package dev.llmbench.weights;

import java.util.Arrays;

/**
 * A named fp32 tensor in host memory, row-major. The record's equality is the arrays' identity; compare
 * contents with {@link Arrays#equals(float[], float[])}.
 */
public record HostTensor(String name, int[] shape, float[] data) {

    public HostTensor {
        if (numel(shape) != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape)
                    + " needs " + numel(shape) + " values, got " + data.length);
        }
    }

    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** This (rows, cols) matrix transposed to (cols, rows), under {@code newName}. */
    public HostTensor transposed(String newName) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("cannot transpose '" + name + "' of shape " + Arrays.toString(shape));
        }
        int rows = shape[0];
        int cols = shape[1];
        float[] t = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = data[r * cols + c];
            }
        }
        return new HostTensor(newName, new int[] {cols, rows}, t);
    }

    /** The parts stacked along their first dimension (their other dimensions must agree). */
    public static HostTensor concatRows(String name, HostTensor... parts) {
        int[] shape = parts[0].shape().clone();
        shape[0] = 0;
        int length = 0;
        for (HostTensor p : parts) {
            if (!Arrays.equals(Arrays.copyOfRange(p.shape(), 1, p.shape().length),
                    Arrays.copyOfRange(shape, 1, shape.length))) {
                throw new IllegalArgumentException("cannot stack '" + p.name() + "' of shape "
                        + Arrays.toString(p.shape()) + " under '" + parts[0].name() + "'");
            }
            shape[0] += p.shape()[0];
            length += p.data().length;
        }
        float[] data = new float[length];
        int offset = 0;
        for (HostTensor p : parts) {
            System.arraycopy(p.data(), 0, data, offset, p.data().length);
            offset += p.data().length;
        }
        return new HostTensor(name, shape, data);
    }

    /** The same data under another name (a tied LM head shares the embedding's array). */
    public HostTensor renamed(String newName) {
        return new HostTensor(newName, shape, data);
    }
}
