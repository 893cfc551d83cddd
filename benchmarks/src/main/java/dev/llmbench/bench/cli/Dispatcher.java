package dev.llmbench.bench.cli;

import dev.llmbench.bench.command.Command;
import dev.llmbench.LlmbenchException;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Routes the jar's arguments: a first argument that names a {@link Command} runs that command;
 * anything else is a JMH command line, possibly with TensorRT-LLM style flags. User errors
 * ({@link LlmbenchException}) become one {@code ERROR:} line and exit status 2.
 */
public final class Dispatcher {

    /** Exit status of a user error, apart from 1 (a regression found by compare, a failed run). */
    public static final int USER_ERROR = 2;

    private final List<Command> commands;
    private final Runnable gpuPreflight;

    /**
     * @param commands     the subcommands, in the order the help lists them
     * @param gpuPreflight runs before any benchmark starts (never for -h, the lists or the commands);
     *                     it throws {@link LlmbenchException} when no usable GPU is there
     */
    public Dispatcher(List<Command> commands, Runnable gpuPreflight) {
        this.commands = List.copyOf(commands);
        this.gpuPreflight = gpuPreflight;
    }

    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Optional<Command> command = args.isEmpty() ? Optional.empty() : command(args.get(0));
            if (command.isPresent()) {
                return command.get().run(args.subList(1, args.size()), out);
            }
            return new JmhLauncher(gpuPreflight, commands, out, err).run(args);
        } catch (LlmbenchException e) {
            out.flush();
            err.println("ERROR: " + e.getMessage());
            return USER_ERROR;
        }
    }

    private Optional<Command> command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
