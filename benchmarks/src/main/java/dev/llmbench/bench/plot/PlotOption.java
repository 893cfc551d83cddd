package dev.llmbench.bench.plot;

import java.util.List;
import java.util.Optional;

/** The {@code --plot OUT} option of commands that otherwise only print: {@code --plot OUT} or {@code --plot=OUT}. */
public final class PlotOption {

    public static final String NAME = "--plot";
    /** How usage lines spell the option. */
    public static final String USAGE = NAME + " OUT.png|OUT.svg";

    private PlotOption() {
    }

    /** Removes the option and its value from {@code args} (a mutable list) and returns the file it names. */
    public static Optional<PlotFile> take(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith(NAME + "=")) {
                args.remove(i);
                return Optional.of(PlotFile.of(arg.substring(NAME.length() + 1)));
            }
            if (arg.equals(NAME)) {
                args.remove(i);
                String value = i < args.size() && !args.get(i).startsWith("--") ? args.remove(i) : null;
                return Optional.of(PlotFile.of(value));
            }
        }
        return Optional.empty();
    }
}
