package org.gmmseg.cli;

/** The exit codes of every gmmseg command (README.md, "Exit codes"). */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A bug: an unexpected exception. */
    public static final int INTERNAL_ERROR = 1;
    /** Invalid command line: unknown or missing options, bad values, contradictory options. */
    public static final int USAGE = 2;
    /** A batch command finished, but some of its inputs failed. */
    public static final int SOME_INPUTS_FAILED = 3;
    /**
     * The work itself failed: unreadable or invalid input data or model, a fit that failed, or an
     * output that could not be written (a model, a batch's report).
     */
    public static final int FIT_FAILED = 4;

    private ExitCodes() {
    }
}
