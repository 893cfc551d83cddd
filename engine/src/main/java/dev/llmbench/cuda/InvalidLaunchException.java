package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;

/** A launch shape the GPU would refuse, caught in Java before the launch. */
public final class InvalidLaunchException extends LlmbenchException {
    public InvalidLaunchException(String message) {
        super(message);
    }
}
