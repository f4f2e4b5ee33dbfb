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

    /** Most threads: each is a real thread, and a typo such as 100000 would exhaust the system. */
    public static final int MAX_THREADS = 1024;

    /** @throws ParameterException when the count is below 1 or above {@link #MAX_THREADS} */
    public void validate() {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new ParameterException(mixee.commandLine(), "--threads must be between 1 and " + MAX_THREADS + ", got "
                    + threads);
        }
    }
}
