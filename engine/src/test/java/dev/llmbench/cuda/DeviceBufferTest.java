package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

@GpuTest
class DeviceBufferTest {

    @Test
    void floatRoundTripIsExact() {
        GpuFixture.device();
        float[] host = Random.floats(1001, Random.freshSeed());
        try (DeviceBuffer b = DeviceBuffer.allocate("roundtrip", DType.F32, host.length)) {
            b.fillBytes(0xFF);
            b.copyFrom(host);
            assertArrayEquals(host, b.toFloats());
        }
    }

    @Test
    void intRoundTripIsExact() {
        GpuFixture.device();
        int[] host = Random.ints(777, Integer.MAX_VALUE, Random.freshSeed());
        try (DeviceBuffer b = DeviceBuffer.allocate("ints", DType.I32, host.length)) {
            b.copyFrom(host);
            assertArrayEquals(host, b.toInts());
        }
    }

    @Test
    void halfPrecisionRoundTripsRoundAsTheHostDoes() {
        GpuFixture.device();
        float[] host = Random.floats(513, Random.freshSeed());
        for (DType t : new DType[] {DType.F16, DType.BF16}) {
            try (DeviceBuffer b = DeviceBuffer.allocate("half", t, host.length)) {
                b.copyFromFloats(host);
                float[] back = b.toFloats();
                for (int i = 0; i < host.length; i++) {
                    assertEquals(HalfFloats.roundTo(t, host[i]), back[i], 0f, t + " element " + i);
                }
            }
        }
    }

    @Test
    void slicesAndArenaViewsAddressTheRightBytes() {
        GpuFixture.device();
        float[] host = Random.floats(300, Random.freshSeed());
        try (Arena arena = Arena.create("test arena", 1 << 20)) {
            DeviceBuffer first = arena.allocate("first", DType.F32, 100);
            DeviceBuffer second = arena.allocate("second", DType.F32, 300);
            assertEquals(0, (second.address() - first.address()) % Arena.ALIGNMENT);
            second.copyFrom(host);
            first.fillBytes(0xFF);
            float[] tail = second.slice("tail", 200, 100).toFloats();
            for (int i = 0; i < 100; i++) assertEquals(host[200 + i], tail[i], 0f);
            assertEquals(Arena.footprint(DType.F32, 100) + Arena.footprint(DType.F32, 300), arena.used());
        }
    }
}
