package org.gmmseg.cli;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stderr filter of the launchers {@code gmmseg} and {@code gmmseg-spark}: the JVM replaces the
 * launcher's shell, and a filter process, a child of the JVM, passes the JVM's stderr on without its
 * start-up notes. Whoever ran the launcher waits for the JVM's process only, so the JVM waits for
 * the filter before it exits.
 */
public final class LauncherStderr {
    /** Set to {@code true} by the launchers when stderr goes through their filter. */
    static final String FILTER_PROPERTY = "gmmseg.stderr.filter";
    /** The longest the JVM waits at exit for the filter to pass on the last of stderr. */
    private static final long FILTER_WAIT_SECONDS = 2;

    private LauncherStderr() {
    }

    /**
     * When run by a launcher, lets its filter pass on the last lines, often the error message:
     * closes {@code System.err} (the JVM's stderr then points at /dev/null, so the filter reads to
     * the end and exits) and waits for this process's children, at most two seconds. Call it just
     * before {@link System#exit}; otherwise it does nothing.
     */
    public static void awaitFilter() {
        if (!Boolean.getBoolean(FILTER_PROPERTY)) {
            return;
        }
        System.err.close();
        ProcessHandle.current().children().forEach(filter -> {
            try {
                filter.onExit().get(FILTER_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // exit all the same: the filter only passes text on
            }
        });
    }
}
