package org.gmmseg.cli.options;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** {@code --verbose}, mixed into every command: stack traces of errors and more detail on stderr. */
public final class VerboseOption {
    public static final String NAME = "--verbose";

    @Option(names = NAME, description = "Print details on stderr, and the stack trace of an error.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }

    /** True when {@code --verbose} was given to the top command or any subcommand on the line. */
    public static boolean given(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(NAME)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code --verbose} was given anywhere on the line of the command {@code spec} belongs to. */
    public static boolean given(CommandSpec spec) {
        ParseResult root = spec.root().commandLine().getParseResult();
        return root != null && given(root);
    }
}
