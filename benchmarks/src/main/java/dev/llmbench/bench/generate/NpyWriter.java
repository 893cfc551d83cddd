package dev.llmbench.bench.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a float32 array as a NumPy .npy file (format 1.0, little-endian, C order). */
public final class NpyWriter {
    private NpyWriter() {
    }

    public static void writeFloat32(Path file, float[] data, int... shape) throws IOException {
        long n = 1;
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            n *= d;
            dims.append(d).append(shape.length == 1 ? "," : ", ");
        }
        if (n != data.length) throw new IllegalArgumentException("shape holds " + n + " values, data " + data.length);
        String dimText = shape.length == 1 ? dims.toString() : dims.substring(0, dims.length() - 2);
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dimText + "), }";
        // magic (6) + version (2) + header length (2) + header + padding + '\n' is a multiple of 64
        int unpadded = 10 + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String padded = header + " ".repeat(padding) + "\n";
        ByteBuffer body = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(data);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(padded.length() & 0xff);
            out.write(padded.length() >> 8);
            out.write(padded.getBytes(StandardCharsets.US_ASCII));
            out.write(body.array());
        }
    }
}
