package dev.llmbench.cuda;

import java.util.function.IntBinaryOperator;

/**
 * Where the weight-only kernels (weight_only.cuh; its header says why) find each code of a weight W (N, K): in mma
 * tiles of 16 rows and a chunk of inputs (64 for int4, 32 for int8), 512 bytes each, a lane's 16 bytes its A operands
 * of the chunk's k-tiles; the tiles padded with zero bytes past N rows and K inputs. The host packs a weight's codes
 * with {@link #pack}; random codes need no packing (any byte is valid codes).
 */
public final class WeightTiles {
    /** Rows of W a tile holds. */
    public static final int TILE_ROWS = 16;
    private static final int TILE_BYTES = 512;
    private static final int LANE_BYTES = 16;

    /** The code width: its chunk of inputs a tile holds. */
    public enum Bits {
        /** A byte a code, code + 128. */
        INT8(32),
        /** Two codes a byte, 0..15. */
        INT4(64);

        final int chunk;

        Bits(int chunk) {
            this.chunk = chunk;
        }
    }

    private WeightTiles() {
    }

    /** Bytes of the tiles of a weight (n, k). */
    public static long bytes(Bits bits, int n, int k) {
        return (long) rowTiles(n) * chunks(bits, k) * TILE_BYTES;
    }

    /**
     * The tiles of a weight (n, k) whose code at (row, col) is stored as {@code stored.applyAsInt(row, col)}: int8
     * 0..255 (the code + 128), int4 0..15.
     */
    public static byte[] pack(Bits bits, int n, int k, IntBinaryOperator stored) {
        long size = bytes(bits, n, k);
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("weight " + n + " x " + k + " is too large to pack at once");
        byte[] tiles = new byte[(int) size];
        int max = bits == Bits.INT8 ? 255 : 15;
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < k; col++) {
                int v = stored.applyAsInt(row, col);
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException("stored code " + v + " at (" + row + ", " + col + ") is outside 0.." + max);
                }
                int at = (int) offset(bits, n, k, row, col);
                if (bits == Bits.INT8) {
                    tiles[at] = (byte) v;
                } else {
                    tiles[at] |= (byte) (v << shift(row));
                }
            }
        }
        return tiles;
    }

    /** The stored value at (row, col) of tiles {@link #pack} made. */
    public static int unpack(Bits bits, byte[] tiles, int n, int k, int row, int col) {
        int b = tiles[(int) offset(bits, n, k, row, col)] & 0xFF;
        return bits == Bits.INT8 ? b : (b >> shift(row)) & 0xF;
    }

    /**
     * Byte of (row, col): tile (row / 16, col / chunk); lane 4 g + t with g = row % 8 and t the chunk's quarter the
     * input lies in; then, for k-tile j and the input's place q in its run of four (low k for q &lt; 2, high k
     * above, element h = q % 2 of the pair): int4 word j, nibble f + 4 h (f = row's half + 2 × high k); int8 word
     * 2 j + high k, byte 2 × row's half + h.
     */
    static long offset(Bits bits, int n, int k, int row, int col) {
        int rr = row % TILE_ROWS, g = rr % 8, upper = rr / 8;
        int kc = col % bits.chunk, quarter = bits.chunk / 4;
        int t = kc / quarter, rem = kc % quarter, j = rem / 4, q = rem % 4, highK = q / 2, h = q % 2;
        long lane = (((long) (row / TILE_ROWS) * chunks(bits, k) + col / bits.chunk) * 32 + 4 * g + t) * LANE_BYTES;
        if (bits == Bits.INT8) return lane + (2L * j + highK) * 4 + 2L * upper + h;
        int nibble = upper + 2 * highK + 4 * h;
        return lane + 4L * j + nibble / 2;
    }

    /** The bit shift of an int4 code of {@code row} in its byte: the nibble's parity, the row's half of the tile. */
    private static int shift(int row) {
        return 4 * ((row % TILE_ROWS) / 8);
    }

    private static int rowTiles(int n) {
        return (n + TILE_ROWS - 1) / TILE_ROWS;
    }

    private static int chunks(Bits bits, int k) {
        return (k + bits.chunk - 1) / bits.chunk;
    }
}
