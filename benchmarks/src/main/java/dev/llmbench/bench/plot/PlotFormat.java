package dev.llmbench.bench.plot;

import java.util.Locale;
import java.util.Optional;

/** The picture formats {@code --plot} writes, chosen by the file's extension. */
public enum PlotFormat {
    PNG(".png"), SVG(".svg");

    private final String extension;

    PlotFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The format whose extension ends {@code fileName}, in any case; empty for any other name. */
    public static Optional<PlotFormat> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (PlotFormat format : values()) {
            if (lower.endsWith(format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
