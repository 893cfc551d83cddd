package dev.llmbench;

/**
 * A failure the user can act on (bad input, missing library, no GPU, out of memory). Its message is the
 * one line the command-line tools print before exiting non-zero; it never needs a stack trace.
 */
public class LlmbenchException extends RuntimeException {
    public LlmbenchException(String message) {
        super(message);
    }

    public LlmbenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
