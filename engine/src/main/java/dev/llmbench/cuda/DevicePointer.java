package dev.llmbench.cuda;

import org.bytedeco.javacpp.Pointer;

/** A JavaCPP Pointer holding a raw device address (JavaCPP has no public constructor for that). */
final class DevicePointer extends Pointer {
    DevicePointer(long address) {
        this.address = address;
    }
}
