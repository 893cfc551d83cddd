package dev.llmbench.reference;

/**
 * Keys and values of every processed token, per layer and sequence: rows of KV * D floats (all key/value
 * heads of one position), one row per position up to maxSeq.
 */
final class KvCache {
    private final float[][][] keys;   // [layer][sequence][position * rowWidth + ...]
    private final float[][][] values;

    KvCache(int layers, int batch, int maxSeq, int rowWidth) {
        keys = new float[layers][batch][maxSeq * rowWidth];
        values = new float[layers][batch][maxSeq * rowWidth];
    }

    float[] keys(int layer, int sequence) {
        return keys[layer][sequence];
    }

    float[] values(int layer, int sequence) {
        return values[layer][sequence];
    }
}
