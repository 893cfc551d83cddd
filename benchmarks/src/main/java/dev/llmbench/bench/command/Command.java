package dev.llmbench.bench.command;

import java.io.PrintStream;
import java.util.List;

/** A subcommand of the jar ({@code report}, {@code compare}, ...), chosen by its name as first argument. */
public interface Command {

    /** The first argument that selects this command. */
    String name();

    /** One line for the help: the name and its arguments, e.g. {@code report FILE.json [--csv]}. */
    String usage();

    /**
     * Runs the command on the arguments after its name and returns the process exit status. User errors
     * are thrown as {@link dev.llmbench.LlmbenchException}; the dispatcher prints them as one line.
     */
    int run(List<String> args, PrintStream out);
}
