package org.gmmseg.cli.options;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --threads N}: worker threads of every command that computes (results never depend on it). */
public final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: the number of processors, ${DEFAULT-VALUE} here); "
                    + "results do not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    /** The thread count, after {@link #validate()}. */
    public int threads() {
        return threads;
    }

    /** @throws ParameterException when the count is below 1 */
    public void validate() {
        if (threads < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be at least 1, got " + threads);
        }
    }
}
