package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.cuda.WeightTiles;
import dev.llmbench.layers.LayerContext;
import dev.llmbench.layers.Linear;
import dev.llmbench.layers.LinearWeight;
import dev.llmbench.layers.Norm;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.QuantizedWeight;
import dev.llmbench.weights.Quantizer;
import dev.llmbench.weights.RandomInit;
import dev.llmbench.weights.Split;
import dev.llmbench.weights.WeightLayout;
import dev.llmbench.weights.WeightShape;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The model's weights on the GPU, in the canonical layout of {@link WeightLayout}, in the engine's
 * {@link WeightFormat}: dense in the activations' type, or (weight-only) each quantizable weight
 * ({@link WeightLayout#isQuantizable}) as int8 codes beside one scale per output row, or as int4 codes two a byte
 * beside a scale and a zero point per row and group (codes in the kernels' tiles, {@link WeightTiles}), plus one dense
 * scratch the size of the largest such matrix for the products that dequantize. Random weights are generated on the
 * device (init_uniform: a 70B-parameter model in seconds, values identical to RandomInit's before rounding;
 * init_codes_i8 and a constant scale of range / 127, or init_codes_i4, zero 8 and range / 8, for codes); host weights
 * are uploaded, quantized on the host first (round to nearest, {@link Quantizer}) in a quantized format. A tensor-parallel rank holds its
 * {@link WeightLayout#tensors(ModelConfig, Shard) part}: host weights of the whole model are cut to it here; random
 * ones are generated at the rank's shapes from the same per-name seeds (values of their own, not slices of a whole
 * model's).
 */
final class DeviceWeights {
    private final Map<String, DeviceBuffer> buffers = new HashMap<>();
    private final Map<String, DeviceBuffer> scales = new HashMap<>();
    /** int4: the zero point (one byte, 0..15) of each scale. */
    private final Map<String, DeviceBuffer> zeros = new HashMap<>();
    private final WeightFormat format;
    private final Map<String, Split> splits = new HashMap<>();
    private final Map<String, int[]> wholeShapes = new HashMap<>();
    private final Shard shard;
    private final DeviceBuffer scratch;

    DeviceWeights(ModelConfig c, Shard shard, WeightFormat format, WeightSource source, Arena arena, Kernels kernels,
                  Stream stream) {
        requireStorable(format);
        this.format = format;
        this.shard = shard;
        if (source instanceof WeightSource.Host h && !h.weights().shard().equals(shard)) {
            if (!h.weights().shard().equals(Shard.WHOLE)) {
                throw new IllegalArgumentException("weights of rank " + h.weights().shard() + " given to rank " + shard);
            }
            source = new WeightSource.Host(h.weights().slice(shard)); // the whole model's, cut to this rank's
        }
        for (WeightShape w : WeightLayout.tensors(c)) wholeShapes.put(w.name(), w.shape()); // random ranges: the whole fan-in
        for (WeightShape w : WeightLayout.tensors(c, shard)) {
            splits.put(w.name(), w.split());
            if (WeightLayout.isTiedLmHead(c, w.name())) {
                buffers.put(w.name(), buffers.get(WeightLayout.EMBED));
                continue;
            }
            if (quantized(format, w)) {
                allocateQuantized(c, w, format, source, arena, kernels, stream);
                continue;
            }
            DeviceBuffer b = arena.allocate(w.name(), format.dense(), w.numel());
            if (source instanceof WeightSource.Random r) {
                RandomInit.Spec spec = RandomInit.spec(c, w.name(), wholeShapes.get(w.name()));
                kernels.initUniform(b, RandomInit.tensorSeed(r.seed(), w.name()), spec.scale(), spec.offset()).run(stream);
            } else if (source instanceof WeightSource.Host h) {
                upload(h.weights(), w, b);
            }
            buffers.put(w.name(), b);
        }
        long largest = largestQuantizedMatrix(c, shard, format);
        scratch = largest == 0 ? null : arena.allocate("dequantized weight scratch", format.dense(), largest);
        stream.synchronize();
    }

    /** The arena bytes {@link DeviceWeights} takes for {@code c}'s tensors on {@code shard} in {@code format}. */
    static long arenaBytes(ModelConfig c, Shard shard, WeightFormat format) {
        long bytes = 0;
        for (WeightShape w : WeightLayout.tensors(c, shard)) {
            if (WeightLayout.isTiedLmHead(c, w.name())) continue;
            bytes += quantized(format, w) ? quantizedFootprint(format, w) : Arena.footprint(format.dense(), w.numel());
        }
        long largest = largestQuantizedMatrix(c, shard, format);
        return largest == 0 ? bytes : bytes + Arena.footprint(format.dense(), largest);
    }

    /**
     * The formats the GPU stores: dense; int8 codes with a scale per output row; int4 codes with a scale per output
     * row, or per row and group of a multiple of 64 inputs (a chunk of weight_only.cuh's tiles lies in one group),
     * with or without zero points.
     */
    static void requireStorable(WeightFormat format) {
        boolean int8PerRow = format.codes() == WeightFormat.Codes.INT8 && format.scales() == WeightFormat.Scales.PER_CHANNEL
                && !format.zeroPoints();
        boolean int4 = format.codes() == WeightFormat.Codes.INT4 && (format.scales() == WeightFormat.Scales.PER_CHANNEL
                && !format.zeroPoints() || format.scales() == WeightFormat.Scales.PER_GROUP && format.groupSize() % 64 == 0);
        if (format.quantized() && !int8PerRow && !int4) {
            throw new LlmbenchException("weights " + format.describe() + " are not implemented in the GPU engine yet");
        }
    }

    /** Inputs per scale of a quantized weight with {@code in} inputs: all of them (per channel), or the format's group. */
    private static int group(WeightFormat format, int in) {
        return format.scales() == WeightFormat.Scales.PER_GROUP ? format.groupSize() : in;
    }

    /** Scales (and int4 zero points) of every matrix of {@code w}: one per output row and group. */
    private static long scaleCount(WeightFormat format, WeightShape w) {
        int in = w.shape()[w.shape().length - 1];
        return rows(w) * (in / group(format, in));
    }

    /**
     * Arena bytes of a quantized weight: its codes (a byte each for int8, two a byte for int4, in {@link WeightTiles},
     * padded to whole tiles), scales and zeros.
     */
    private static long quantizedFootprint(WeightFormat format, WeightShape w) {
        long codes = Arena.footprint(DType.I8, matrices(w) * tileBytes(format, w));
        if (format.codes() == WeightFormat.Codes.INT4) {
            return codes + Arena.footprint(format.dense(), scaleCount(format, w)) + Arena.footprint(DType.I8, scaleCount(format, w));
        }
        return codes + Arena.footprint(format.dense(), rows(w));
    }

    /** Bytes of one matrix (out × in) of {@code w}'s codes in {@link WeightTiles}. */
    private static long tileBytes(WeightFormat format, WeightShape w) {
        int[] s = w.shape();
        return WeightTiles.bytes(tileBits(format), s[s.length - 2], s[s.length - 1]);
    }

    private static WeightTiles.Bits tileBits(WeightFormat format) {
        return format.codes() == WeightFormat.Codes.INT4 ? WeightTiles.Bits.INT4 : WeightTiles.Bits.INT8;
    }

    /** Matrices (out × in) stacked in {@code w}: experts, or one. */
    private static int matrices(WeightShape w) {
        int[] s = w.shape();
        return (int) (w.numel() / ((long) s[s.length - 2] * s[s.length - 1]));
    }

    private static boolean quantized(WeightFormat format, WeightShape w) {
        return format.quantized() && WeightLayout.isQuantizable(w);
    }

    /** Output rows of every matrix of {@code w} together: one scale each. */
    private static long rows(WeightShape w) {
        int[] s = w.shape();
        return w.numel() / s[s.length - 1];
    }

    private static long largestQuantizedMatrix(ModelConfig c, Shard shard, WeightFormat format) {
        long largest = 0;
        for (WeightShape w : WeightLayout.tensors(c, shard)) {
            int[] s = w.shape();
            if (quantized(format, w)) largest = Math.max(largest, (long) s[s.length - 2] * s[s.length - 1]);
        }
        return largest;
    }

    private void allocateQuantized(ModelConfig c, WeightShape w, WeightFormat format, WeightSource source, Arena arena,
                                   Kernels kernels, Stream stream) {
        if (format.codes() == WeightFormat.Codes.INT4) {
            allocateInt4(c, w, format, source, arena, kernels, stream);
            return;
        }
        int[] s = w.shape();
        int out = s[s.length - 2], in = s[s.length - 1];
        requireWholeTilesK(w, in);
        long matrixBytes = tileBytes(format, w);
        DeviceBuffer codes = arena.allocate(w.name() + " codes", DType.I8, matrices(w) * matrixBytes);
        DeviceBuffer rowScales = arena.allocate(w.name() + " scales", format.dense(), rows(w));
        if (source instanceof WeightSource.Random r) {
            // codes × range / 127 spread over the dense weight's range [-range, range]
            float range = RandomInit.spec(c, w.name(), wholeShapes.get(w.name())).scale();
            kernels.initCodesI8(codes, RandomInit.tensorSeed(r.seed(), w.name())).run(stream);
            kernels.initUniform(rowScales, 0, 0f, range / 127f).run(stream);
        } else if (source instanceof WeightSource.Host h) {
            HostTensor t = hostTensor(h.weights(), w);
            for (int m = 0; m < matrices(w); m++) {
                float[] one = Arrays.copyOfRange(t.data(), m * out * in, (m + 1) * out * in);
                QuantizedWeight q = Quantizer.quantize(one, out, in, format);
                byte[] tiles = WeightTiles.pack(WeightTiles.Bits.INT8, out, in, (row, col) -> (int) q.codes()[row * in + col] + 128);
                codes.slice(w.name() + " codes " + m, m * matrixBytes, matrixBytes).copyFrom(tiles);
                rowScales.slice(w.name() + " scales " + m, (long) m * out, out).copyFromFloats(q.scales());
            }
        }
        buffers.put(w.name(), codes);
        scales.put(w.name(), rowScales);
    }

    /**
     * An int4 weight: codes two a byte in {@link WeightTiles}, a scale and a zero point per row and group; the formats
     * without zero points store code + 8 and zero 8. Random: codes 0..15 around zero 8, scale range / 8, so
     * (code − 8) × scale spreads over the dense weight's range.
     */
    private void allocateInt4(ModelConfig c, WeightShape w, WeightFormat format, WeightSource source, Arena arena, Kernels kernels,
                              Stream stream) {
        int[] s = w.shape();
        int out = s[s.length - 2], in = s[s.length - 1];
        long groups = in / group(format, in);
        requireWholeTilesK(w, in);
        long matrixBytes = tileBytes(format, w);
        DeviceBuffer codes = arena.allocate(w.name() + " codes", DType.I8, matrices(w) * matrixBytes);
        DeviceBuffer groupScales = arena.allocate(w.name() + " scales", format.dense(), scaleCount(format, w));
        DeviceBuffer groupZeros = arena.allocate(w.name() + " zeros", DType.I8, scaleCount(format, w));
        if (source instanceof WeightSource.Random r) {
            float range = RandomInit.spec(c, w.name(), wholeShapes.get(w.name())).scale();
            kernels.initCodesI4(codes, RandomInit.tensorSeed(r.seed(), w.name())).run(stream);
            kernels.initUniform(groupScales, 0, 0f, range / 8f).run(stream);
            stream.synchronize();
            groupZeros.fillBytes(8);
        } else if (source instanceof WeightSource.Host h) {
            HostTensor t = hostTensor(h.weights(), w);
            for (int m = 0; m < matrices(w); m++) {
                float[] one = Arrays.copyOfRange(t.data(), m * out * in, (m + 1) * out * in);
                QuantizedWeight q = Quantizer.quantize(one, out, in, format);
                int shift = q.zeros() == null ? 8 : 0; // symmetric codes -8..7 stored as 0..15 around zero 8
                byte[] packed = WeightTiles.pack(WeightTiles.Bits.INT4, out, in, (row, col) -> (int) q.codes()[row * in + col] + shift);
                byte[] zeroBytes = new byte[(int) (out * groups)];
                for (int i = 0; i < zeroBytes.length; i++) zeroBytes[i] = (byte) (q.zeros() == null ? 8 : q.zeros()[i]);
                codes.slice(w.name() + " codes " + m, m * matrixBytes, matrixBytes).copyFrom(packed);
                groupScales.slice(w.name() + " scales " + m, m * out * groups, out * groups).copyFromFloats(q.scales());
                groupZeros.slice(w.name() + " zeros " + m, m * out * groups, out * groups).copyFrom(zeroBytes);
            }
        }
        buffers.put(w.name(), codes);
        scales.put(w.name(), groupScales);
        zeros.put(w.name(), groupZeros);
    }

    /**
     * Why the GPU cannot hold rank {@code shard} of {@code c} in {@code format}, or null: the weight-only kernels read x
     * in runs of 16 inputs (weight_only.cuh), so a quantized weight's rows must be a multiple of 16 inputs long.
     */
    static String problemStoring(WeightFormat format, ModelConfig c, Shard shard) {
        for (WeightShape w : WeightLayout.tensors(c, shard)) {
            if (!quantized(format, w)) continue;
            String problem = tileProblem(w, w.shape()[w.shape().length - 1]);
            if (problem != null) return problem;
        }
        return null;
    }

    private static String tileProblem(WeightShape w, int in) {
        return in % 16 == 0 ? null : "weight-only quantization of " + w.name() + " needs rows of a multiple of 16 inputs, not " + in;
    }

    /** {@link #problemStoring}'s rule at allocation, for a weight that reached it unchecked. */
    private static void requireWholeTilesK(WeightShape w, int in) {
        String problem = tileProblem(w, in);
        if (problem != null) throw new LlmbenchException(problem);
    }

    private static HostTensor hostTensor(HostWeights weights, WeightShape w) {
        HostTensor t = weights.get(w.name());
        if (!Arrays.equals(t.shape(), w.shape())) {
            throw new LlmbenchException("weight " + w.name() + " has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(w.shape()));
        }
        return t;
    }

    private static void upload(HostWeights weights, WeightShape w, DeviceBuffer target) {
        target.copyFromFloats(hostTensor(weights, w).data());
    }

    /** A dense tensor. */
    DeviceBuffer get(String name) {
        DeviceBuffer b = buffers.get(name);
        if (b == null) throw new IllegalStateException("no weight " + name);
        if (scales.containsKey(name)) throw new IllegalStateException(name + " is quantized: read it through linear()");
        return b;
    }

    /** The tensor if the model has it (biases, learned positions, final norm), else null. */
    DeviceBuffer optional(String name) {
        return buffers.get(name);
    }

    /**
     * The linear layer NAME.weight (out × in) with NAME.bias where the model has it. A row-parallel layer's bias
     * (attention out, MLP down: each rank's product is a partial sum) is the whole layer's: rank 0 alone adds it, so
     * the all-reduce adds it once.
     */
    Linear linear(LayerContext ctx, String name, int out, int in) {
        boolean partialSum = splits.get(name + ".weight") == Split.COLUMNS && shard.size() > 1;
        DeviceBuffer bias = partialSum && shard.rank() != 0 ? null : optional(name + ".bias");
        return new Linear(ctx, weight(name + ".weight", 0, out, in), bias, out, in);
    }

    /** Expert {@code e}'s matrix (out × in) of the stacked expert weight NAME.weight (E, out, in); no bias. */
    Linear expert(LayerContext ctx, String name, int e, int out, int in) {
        return new Linear(ctx, weight(name + ".weight", e, out, in), null, out, in);
    }

    /** Matrix {@code m} (out × in) of the weight {@code name}, dense or quantized as it is stored. */
    private LinearWeight weight(String name, int m, int out, int in) {
        DeviceBuffer b = buffers.get(name);
        if (b == null) throw new IllegalStateException("no weight " + name);
        long size = (long) out * in;
        DeviceBuffer rowScales = scales.get(name);
        if (rowScales == null) {
            return new LinearWeight.Dense(b.elements() == size ? b : b.slice(name + " " + m, m * size, size));
        }
        long tiles = WeightTiles.bytes(tileBits(format), out, in);
        if (format.codes() == WeightFormat.Codes.INT4) {
            int group = group(format, in);
            long groupScales = (long) out * (in / group);
            return new LinearWeight.Int4Grouped(b.slice(name + " codes " + m, m * tiles, tiles),
                    rowScales.slice(name + " scales " + m, m * groupScales, groupScales),
                    zeros.get(name).slice(name + " zeros " + m, m * groupScales, groupScales), group, scratch);
        }
        return new LinearWeight.Int8PerChannel(b.slice(name + " codes " + m, m * tiles, tiles),
                rowScales.slice(name + " scales " + m, (long) m * out, out), scratch);
    }

    /** The norm NAME.weight with NAME.bias where the model has it (LayerNorm's beta; RMSNorm has none). */
    Norm norm(LayerContext ctx, String name) {
        return new Norm(ctx, get(name + ".weight"), optional(name + ".bias"));
    }
}
