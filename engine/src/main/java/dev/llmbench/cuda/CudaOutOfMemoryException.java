package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;

/** Device memory could not be had: says how much was asked, how much is free, and of what total. */
public final class CudaOutOfMemoryException extends LlmbenchException {
    public CudaOutOfMemoryException(String what, long askedBytes, long freeBytes, long totalBytes) {
        super(String.format("out of GPU memory %s: asked %s, %s free of %s", what,
                Bytes.human(askedBytes), Bytes.human(freeBytes), Bytes.human(totalBytes)));
    }
}
