package org.gmmseg.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.gmmseg.segmentation.batch.BatchEngine;

import org.gmmseg.cli.options.InputPathConverter;

import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

/** Builds the gmmseg {@link CommandLine}, the same way for {@link Main} and for tests. */
public final class CommandLines {
    /** The subcommands, in the order the usage help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(SegmentCommand.class, ApplyCommand.class,
            FitCommand.class, InfoCommand.class, HelpCommand.class);
    /** The subcommands that can run alone, by name; not help, which shows the help of its siblings. */
    private static final Map<String, Class<?>> ALONE = Map.of(SegmentCommand.NAME, SegmentCommand.class,
            ApplyCommand.NAME, ApplyCommand.class, FitCommand.NAME, FitCommand.class,
            InfoCommand.NAME, InfoCommand.class);

    private CommandLines() {
    }

    /** The command line for these arguments, writing to {@code System.out} and {@code System.err}. */
    public static CommandLine forArguments(String... args) {
        Charset charset = Charset.defaultCharset();
        return forArguments(args, new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true));
    }

    /**
     * The command line for running these arguments. When the first names a subcommand (other than
     * help), only that one is registered: picocli builds the model of every registered command by
     * reflection at every start, and for the four others that took about 40 ms of CPU ({@code gmmseg
     * info}: 0.26 to 0.24 s). Otherwise all are, for the top command's usage help, its suggestions
     * and {@code help}.
     */
    public static CommandLine forArguments(String[] args, PrintWriter out, PrintWriter err) {
        Class<?> subcommand = args.length > 0 ? ALONE.get(args[0]) : null;
        if (subcommand != null) {
            return configure(new CommandLine(new GmmSegCommand()).addSubcommand(subcommand), out, err);
        }
        return create(out, err);
    }

    /**
     * The command line with every subcommand, writing results to {@code out} and errors, warnings
     * and progress to {@code err}, with gmmseg's error handling and {@link ExitCodes}.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new GmmSegCommand());
        SUBCOMMANDS.forEach(commandLine::addSubcommand);
        return configure(commandLine, out, err);
    }

    /**
     * The command line of another front end that runs gmmseg's commands on an engine of its own
     * (e.g. {@code gmmseg-spark} on a cluster): every subcommand with the options, checks,
     * messages, report and exit codes of gmmseg's, under another name.
     *
     * @param name the top command's name, which prefixes error messages
     * @param mixins further options of a subcommand, by its name (e.g. where to run); may give none
     */
    public static CommandLine create(String name, BatchEngine engine, Function<String, List<Object>> mixins,
            PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new GmmSegCommand());
        commandLine.setCommandName(name);
        for (Object subcommand : List.of(new SegmentCommand(engine), new ApplyCommand(engine), new FitCommand(engine),
                new InfoCommand(), new HelpCommand())) {
            CommandLine sub = new CommandLine(subcommand);
            int n = 0;
            for (Object mixin : mixins.apply(sub.getCommandName())) {
                sub.addMixin("engine" + n++, mixin);
            }
            commandLine.addSubcommand(sub);
        }
        return configure(commandLine, out, err);
    }

    private static CommandLine configure(CommandLine commandLine, PrintWriter out, PrintWriter err) {
        ErrorHandler handler = new ErrorHandler();
        // these setters apply to every subcommand registered so far, i.e. all of them; the handler
        // returns the exit codes of ExitCodes
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(handler);
        commandLine.setParameterExceptionHandler(handler);
        // a file name the locale cannot represent fails alone rather than stopping the run; another
        // front end may register its own (e.g. Hadoop URIs), which then replaces this one
        commandLine.registerConverter(Path.class, new InputPathConverter());
        return commandLine;
    }
}
