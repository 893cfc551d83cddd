package dev.llmbench.bench.plot;

import dev.llmbench.LlmbenchException;

import java.nio.file.Path;

/**
 * Where {@code --plot} writes a picture and in which format. Made while the command line is parsed, so that
 * a wrong extension or a runtime that cannot draw is one line before any result is read.
 */
public record PlotFile(Path path, PlotFormat format) {

    /** The value of {@code --plot}; {@code null} when the option had none. */
    public static PlotFile of(String value) {
        if (value == null || value.isBlank()) {
            throw new LlmbenchException("--plot needs a file name ending in .png or .svg");
        }
        PlotFormat format = PlotFormat.ofFileName(value).orElseThrow(() -> new LlmbenchException(
                "--plot " + value + ": the extension picks the format, .png or .svg"));
        HeadlessAwt.require();
        return new PlotFile(Path.of(value), format);
    }
}
