package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.HalfFloats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsReaderTest {
    @TempDir
    Path dir;

    private static HostTensor f32(String name, int rows, int cols) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) data[i] = (i - 3.25f) * 0.5f;
        return new HostTensor(name, new int[] {rows, cols}, data);
    }

    @Test
    void readsF32Tensors() {
        HostTensor a = f32("a", 3, 4);
        HostTensor b = f32("b.weight", 2, 5);
        Path file = dir.resolve("x.safetensors");
        new SafetensorsWriter().add(a).add(b).write(file);

        SafetensorsReader reader = SafetensorsReader.open(file);
        assertEquals(Set.of("a", "b.weight"), reader.names());
        assertArrayEquals(new int[] {2, 5}, reader.shape("b.weight"));
        assertArrayEquals(a.data(), reader.read("a").data());
        assertArrayEquals(b.data(), reader.read("b.weight").data());
    }

    @Test
    void widensF16IncludingSubnormalsInfinityAndNegativeZero() {
        Path file = dir.resolve("half.safetensors");
        // 1, -2, 0.5, 65504 (largest), 2^-24 (smallest subnormal), 2^-14 (smallest normal), +inf, -0
        int[] bits = {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x0400, 0x7C00, 0x8000};
        new SafetensorsWriter().add(new SafetensorsWriter.Raw("h", "F16", new int[] {8}, SafetensorsWriter.shorts(bits)))
                .write(file);
        float[] v = SafetensorsReader.open(file).read("h").data();
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, 0x1p-14f, Float.POSITIVE_INFINITY, -0f}, v);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[7]));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0x7E00)));
    }

    @Test
    void widensBf16() {
        Path file = dir.resolve("bf16.safetensors");
        // 1, -2, 3.140625 (0x4049), 1e-40-ish subnormal (0x0001 -> 2^-133)
        new SafetensorsWriter().add(new SafetensorsWriter.Raw("b", "BF16", new int[] {2, 2},
                SafetensorsWriter.shorts(0x3F80, 0xC000, 0x4049, 0x0001))).write(file);
        HostTensor t = SafetensorsReader.open(file).read("b");
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertArrayEquals(new float[] {1f, -2f, 3.140625f, 0x1p-133f}, t.data());
    }

    @Test
    void readsAShardedCheckpointThroughItsIndex() throws IOException {
        HostTensor a = f32("a", 2, 3);
        HostTensor b = f32("b", 4, 1);
        new SafetensorsWriter().add(a).write(dir.resolve("model-00001-of-00002.safetensors"));
        new SafetensorsWriter().add(b).write(dir.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(dir.resolve(SafetensorsReader.INDEX_FILE), """
                {"metadata": {"total_size": 40},
                 "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
                """);
        SafetensorsReader reader = SafetensorsReader.open(dir);
        assertEquals(Set.of("a", "b"), reader.names());
        assertArrayEquals(b.data(), reader.read("b").data());
        assertArrayEquals(a.data(), reader.read("a").data());
    }

    @Test
    void indexNamingATensorItsShardLacksIsAnError() throws IOException {
        new SafetensorsWriter().add(f32("a", 1, 1)).write(dir.resolve("s1.safetensors"));
        Files.writeString(dir.resolve(SafetensorsReader.INDEX_FILE), "{\"weight_map\": {\"zz\": \"s1.safetensors\"}}");
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> SafetensorsReader.open(dir));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }

    @Test
    void truncatedDataIsReportedAtOpen() throws IOException {
        Path file = dir.resolve("t.safetensors");
        byte[] bytes = new SafetensorsWriter().add(f32("w", 4, 4)).write(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().startsWith("corrupt safetensors file " + file + ": file is truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = dir.resolve("h.safetensors");
        byte[] bytes = new SafetensorsWriter().add(f32("w", 1, 1)).write(file);
        Files.write(file, Arrays.copyOf(bytes, 20));
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(file, Arrays.copyOf(bytes, 5));
        e = assertThrows(LlmbenchException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void garbageHeaderIsReported() throws IOException {
        Path file = dir.resolve("g.safetensors");
        byte[] bytes = new SafetensorsWriter().add(f32("w", 1, 1)).write(file);
        bytes[8] = '#';
        Files.write(file, bytes);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains("header is not valid JSON"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void offsetsDisagreeingWithTheShapeAreReported() {
        Path file = dir.resolve("o.safetensors");
        new SafetensorsWriter().add(new SafetensorsWriter.Raw("w", "F32", new int[] {3}, new byte[8])).write(file);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains("needs 12 bytes"), e.getMessage());
    }

    @Test
    void unsupportedDtypeFailsOnlyWhenRead() {
        Path file = dir.resolve("i.safetensors");
        new SafetensorsWriter().add(new SafetensorsWriter.Raw("mask", "I64", new int[] {1}, new byte[8]))
                .add(f32("w", 1, 2)).write(file);
        SafetensorsReader reader = SafetensorsReader.open(file);
        assertEquals(2, reader.read("w").data().length);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> reader.read("mask"));
        assertTrue(e.getMessage().contains("dtype I64"), e.getMessage());
        e = assertThrows(LlmbenchException.class, () -> reader.read("nope"));
        assertEquals("no tensor 'nope' in " + file, e.getMessage());
    }
}
