package dev.llmbench.cuda;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A name read from a fixed C buffer ends at its first NUL, whatever the rest of the buffer holds. */
class CStringTest {

    @Test
    void bytesAfterTheFirstNulAreNotPartOfTheText() {
        byte[] buffer = new byte[32];
        Arrays.fill(buffer, (byte) 0x7f);
        byte[] name = "NVIDIA H200".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, buffer, 0, name.length);
        buffer[name.length] = 0;
        buffer[name.length + 1] = (byte) 0xC3; // garbage after the terminator, as a reused buffer holds
        assertEquals("NVIDIA H200", CString.decode(buffer));
    }

    @Test
    void aBufferWithoutNulIsReadWhole() {
        assertEquals("0000:17:00.0", CString.decode("0000:17:00.0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anEmptyBufferIsTheEmptyString() {
        assertEquals("", CString.decode(new byte[8]));
    }
}
