package dev.llmbench.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tiled code layout the weight-only kernels read (weight_only.cuh's header), on the CPU. */
class WeightTilesTest {

    @Test
    void tilesArePaddedToSixteenRowsAndWholeChunks() {
        assertEquals(512L, WeightTiles.bytes(WeightTiles.Bits.INT4, 1, 16));
        assertEquals(2 * 2 * 512L, WeightTiles.bytes(WeightTiles.Bits.INT4, 17, 96));   // 2 row tiles, 1.5 chunks of 64
        assertEquals(2 * 3 * 512L, WeightTiles.bytes(WeightTiles.Bits.INT8, 32, 96));   // 3 chunks of 32
        assertEquals(4096L * 4096 / 2, WeightTiles.bytes(WeightTiles.Bits.INT4, 4096, 4096)); // no padding: the codes' own bytes
        assertEquals(4096L * 11008, WeightTiles.bytes(WeightTiles.Bits.INT8, 4096, 11008));
    }

    /** Every code has its own place inside the tiles and reads back as packed; the padding stays 0. */
    @ParameterizedTest
    @EnumSource(WeightTiles.Bits.class)
    void everyCodeHasItsOwnPlaceAndReadsBack(WeightTiles.Bits bits) {
        int n = 37, k = 208, max = bits == WeightTiles.Bits.INT8 ? 255 : 15;
        byte[] tiles = WeightTiles.pack(bits, n, k, (r, c) -> (r * 31 + c * 7) % (max + 1));
        Set<Long> places = new HashSet<>();
        int nonZero = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                long place = WeightTiles.offset(bits, n, k, r, c) * 2 + (bits == WeightTiles.Bits.INT4 ? (r % 16) / 8 : 0);
                assertTrue(places.add(place), "(" + r + ", " + c + ") shares its place");
                assertEquals((r * 31 + c * 7) % (max + 1), WeightTiles.unpack(bits, tiles, n, k, r, c), "(" + r + ", " + c + ")");
                if ((r * 31 + c * 7) % (max + 1) != 0) nonZero++;
            }
        }
        int stored = 0;
        for (byte b : tiles) stored += bits == WeightTiles.Bits.INT8 ? (b != 0 ? 1 : 0) : ((b & 0xF) != 0 ? 1 : 0) + ((b & 0xF0) != 0 ? 1 : 0);
        assertEquals(nonZero, stored, "only the codes' places hold bits");
    }

    /**
     * The places the kernel's comments give, worked by hand. int4 (row 9, col 64 + 16·2 + 4·3 + 2 + 1): tile (0, chunk 1),
     * g = 1, t = 2 (lane 6), k-tile j = 3, high k, h = 1, row half 1: nibble 1 + 2 + 4 = 7 of word 3, byte 3 of it, the
     * high nibble. int8 (row 12, col 32·2 + 8·3 + 4 + 1): tile (0, chunk 2), g = 4, t = 3 (lane 19), j = 1, low k, h = 1,
     * row half 1: word 2, byte 2 + 1.
     */
    @Test
    void placesAreTheMmaOperandsOfTheKernelsComments() {
        int n = 16, k = 256;
        assertEquals((1 * 32 + 6) * 16 + 4 * 3 + 3, WeightTiles.offset(WeightTiles.Bits.INT4, n, k, 9, 64 + 32 + 12 + 3));
        byte[] one = WeightTiles.pack(WeightTiles.Bits.INT4, n, k, (r, c) -> r == 9 && c == 64 + 32 + 12 + 3 ? 5 : 0);
        assertEquals(0x50, one[(1 * 32 + 6) * 16 + 4 * 3 + 3] & 0xFF, "the high nibble");
        assertEquals((2 * 32 + 19) * 16 + 2 * 4 + 3, WeightTiles.offset(WeightTiles.Bits.INT8, n, k, 12, 64 + 24 + 5));
    }

    @Test
    void aStoredValueOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WeightTiles.pack(WeightTiles.Bits.INT4, 16, 16, (r, c) -> 16));
        assertThrows(IllegalArgumentException.class, () -> WeightTiles.pack(WeightTiles.Bits.INT8, 16, 16, (r, c) -> -1));
    }
}
