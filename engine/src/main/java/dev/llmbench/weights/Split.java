package dev.llmbench.weights;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;

import java.util.Arrays;

/**
 * How a weight tensor is cut across tensor-parallel ranks (Megatron's column- and row-parallel linears),
 * and the one place that knows which rows and columns a rank holds. Linear weights are (out, in); a mixture's
 * stacked expert weights, (E, out, in), are cut the same way in every expert's matrix.
 * <ul>
 *   <li>{@link #WHOLE}: every rank holds all of it (norms, embeddings, the LM head, and the biases of
 *       row-parallel layers, which are added once, after the all-reduce).</li>
 *   <li>{@link #QKV_HEADS}: the fused QKV rows of the rank's query heads, then of its key/value heads.</li>
 *   <li>{@link #ROWS}: a column-parallel linear's block of output rows (non-gated MLP up).</li>
 *   <li>{@link #GATE_UP_ROWS}: SwiGLU's up projection: the rank's block of gate rows, then the same block of up rows.</li>
 *   <li>{@link #COLUMNS}: a row-parallel linear's block of input columns (attention out, MLP down): each rank
 *       computes a partial sum of the whole output, and the all-reduce adds them.</li>
 * </ul>
 */
public enum Split {
    WHOLE, QKV_HEADS, ROWS, GATE_UP_ROWS, COLUMNS;

    /** The rank's shape of a tensor whose whole shape is {@code whole}. */
    public int[] shape(int[] whole, ModelConfig c, Shard s) {
        int[] shape = whole.clone();
        int rows = whole.length == 1 ? 0 : whole.length - 2; // a matrix's out dimension (a bias's only one)
        switch (this) {
            case WHOLE -> { }
            case QKV_HEADS -> shape[rows] = (s.heads(c) + 2 * s.kvHeads(c)) * c.headDim();
            case ROWS, GATE_UP_ROWS -> shape[rows] = whole[rows] / s.size();
            case COLUMNS -> shape[whole.length - 1] = whole[whole.length - 1] / s.size();
        }
        return shape;
    }

    /** The rank's part of {@code whole} (a tensor of the canonical layout), under the same name. */
    public HostTensor slice(HostTensor whole, ModelConfig c, Shard s) {
        int[] shape = whole.shape();
        if (shape.length == 3 && this != WHOLE) return sliceEachMatrix(whole, c, s);
        int cols = shape.length == 2 ? shape[1] : 1;
        return switch (this) {
            case WHOLE -> whole;
            case QKV_HEADS -> {
                int d = c.headDim();
                int q = s.heads(c) * d;
                int kv = s.kvHeads(c) * d;
                int kStart = c.numHeads() * d + s.firstKvHead(c) * d;
                int vStart = (c.numHeads() + c.numKvHeads()) * d + s.firstKvHead(c) * d;
                yield rows(whole, cols, new int[][] {{s.rank() * q, q}, {kStart, kv}, {vStart, kv}});
            }
            case ROWS -> {
                int block = shape[0] / s.size();
                yield rows(whole, cols, new int[][] {{s.rank() * block, block}});
            }
            case GATE_UP_ROWS -> {
                int half = shape[0] / 2;
                int block = half / s.size();
                yield rows(whole, cols, new int[][] {{s.rank() * block, block}, {half + s.rank() * block, block}});
            }
            case COLUMNS -> {
                int block = cols / s.size();
                float[] out = new float[shape[0] * block];
                for (int r = 0; r < shape[0]; r++) {
                    System.arraycopy(whole.data(), r * cols + s.rank() * block, out, r * block, block);
                }
                yield new HostTensor(whole.name(), new int[] {shape[0], block}, out);
            }
        };
    }

    /** Each (out, in) matrix of a stacked (E, out, in) tensor cut as a matrix, stacked again. */
    private HostTensor sliceEachMatrix(HostTensor whole, ModelConfig c, Shard s) {
        int[] shape = whole.shape();
        int matrix = shape[1] * shape[2];
        float[] out = null;
        int[] part = null;
        for (int e = 0; e < shape[0]; e++) {
            float[] one = Arrays.copyOfRange(whole.data(), e * matrix, (e + 1) * matrix);
            HostTensor cut = slice(new HostTensor(whole.name(), new int[] {shape[1], shape[2]}, one), c, s);
            part = cut.shape();
            if (out == null) out = new float[shape[0] * part[0] * part[1]];
            System.arraycopy(cut.data(), 0, out, e * part[0] * part[1], part[0] * part[1]);
        }
        return new HostTensor(whole.name(), new int[] {shape[0], part[0], part[1]}, out);
    }

    /** The row ranges {start, count} of a (rows, cols) or (rows) tensor, stacked in order. */
    private static HostTensor rows(HostTensor whole, int cols, int[][] ranges) {
        int total = Arrays.stream(ranges).mapToInt(r -> r[1]).sum();
        float[] out = new float[total * cols];
        int at = 0;
        for (int[] range : ranges) {
            System.arraycopy(whole.data(), range[0] * cols, out, at, range[1] * cols);
            at += range[1] * cols;
        }
        int[] shape = whole.shape().length == 2 ? new int[] {total, cols} : new int[] {total};
        return new HostTensor(whole.name(), shape, out);
    }
}
