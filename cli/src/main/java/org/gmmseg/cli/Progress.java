package org.gmmseg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, redrawn in place with a carriage return:
 * {@code segmenting [#########-----------] 3/8 images, about 0:42 left}, followed by what an
 * image is at ({@link #detail}), e.g. {@code  a.png: EM iteration 12/100, mean log-likelihood 3.41}.
 * With one item there is no bar, only that detail. The estimate is the mean time per finished item
 * so far times the items left. Redrawn at most every {@value #REDRAW_MILLIS} ms, and at the end. A
 * disabled bar draws nothing; {@link #println} prints in any case.
 *
 * <p>Thread-safe: workers call {@link #step()} and {@link #detail} concurrently.
 */
final class Progress implements AutoCloseable {
    static final int REDRAW_MILLIS = 200;
    private static final int WIDTH = 24;
    /** Longest line drawn: longer ones would wrap on a narrow terminal, and a wrapped line cannot be redrawn. */
    static final int MAX_LINE = 100;

    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final int total;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final long start;
    private int done;
    private String detail = "";
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;

    Progress(PrintWriter err, String label, int total, boolean enabled, LongSupplier nanoTime) {
        this(err, label, "images", total, enabled, nanoTime);
    }

    /** @param unit what is counted, plural: "images", "candidates" */
    Progress(PrintWriter err, String label, String unit, int total, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        if (enabled && total > 1) {
            draw(start);
        }
    }

    /**
     * The system property by which the launcher script {@code gmmseg} says whether stderr is a
     * terminal ({@code [ -t 2 ]}): {@code true} or {@code false}.
     */
    static final String STDERR_TTY_PROPERTY = "gmmseg.stderr.tty";

    /**
     * The bar of a batch command: shown only when stderr is a terminal (see
     * {@link #stderrIsTerminal(String, boolean)}) and {@code --quiet} was not given; with one item,
     * only its {@link #detail}.
     */
    static Progress of(PrintWriter err, String label, int total, boolean quiet) {
        return of(err, label, "images", total, quiet);
    }

    /** As {@link #of(PrintWriter, String, int, boolean)}, counting something else than images. */
    static Progress of(PrintWriter err, String label, String unit, int total, boolean quiet) {
        boolean enabled = !quiet
                && stderrIsTerminal(System.getProperty(STDERR_TTY_PROPERTY), System.console() != null);
        return new Progress(err, label, unit, total, enabled, System::nanoTime);
    }

    /**
     * Whether stderr is a terminal. The launcher's answer, the value of the property
     * {@value #STDERR_TTY_PROPERTY}, decides when it is {@code true} or {@code false} (in any
     * case). Without it (as with {@code java -jar}) the JVM's console stands in: on JDK 17
     * {@code System.console()} is there when stdin and stdout are terminals, which is the best
     * guess the JVM offers about stderr.
     *
     * @param property the property's value, or null when it is not set
     * @param consolePresent whether {@code System.console()} is not null
     */
    static boolean stderrIsTerminal(String property, boolean consolePresent) {
        if (property != null) {
            String value = property.trim();
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return consolePresent;
    }

    /** One more item done. */
    synchronized void step() {
        done++;
        if (done == total) {
            detail = ""; // nothing is being done any more
        }
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (done == total || due(now)) {
            draw(now);
        }
    }

    /**
     * What is being done now, shown after the bar, e.g. {@code a.png: EM iteration 12/100}; redrawn
     * at most every {@value #REDRAW_MILLIS} ms, so it can be called for every iteration.
     */
    synchronized void detail(String text) {
        detail = text;
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (due(now)) {
            draw(now);
        }
    }

    /** Whether the last drawing is old enough to draw again (or there was none). */
    private boolean due(long now) {
        return lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_MILLIS * 1_000_000L;
    }

    /** Prints a whole line, e.g. a {@code --verbose} detail, above the bar, which is then drawn again. */
    synchronized void println(String line) {
        if (enabled && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        err.println(line);
        if (enabled) {
            draw(nanoTime.getAsLong());
        } else {
            err.flush();
        }
    }

    /** Ends the line of the bar, so that what follows starts on a fresh line. */
    @Override
    public synchronized void close() {
        if (enabled && lastLength > 0) {
            err.println();
            err.flush();
            lastLength = 0;
        }
    }

    /** The text of the bar after {@code done} of the items, {@code elapsedNanos} after the start. */
    static String line(String label, int done, int total, long elapsedNanos) {
        return line(label, "images", done, total, elapsedNanos);
    }

    static String line(String label, String unit, int done, int total, long elapsedNanos) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        StringBuilder sb = new StringBuilder(label).append(" [");
        sb.append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        sb.append(done).append('/').append(total).append(' ').append(unit);
        if (done > 0 && done < total) {
            long left = elapsedNanos / done * (total - done);
            sb.append(", about ").append(duration(left)).append(" left");
        } else if (done == total) {
            sb.append(", ").append(duration(elapsedNanos));
        }
        return sb.toString();
    }

    /** m:ss, or h:mm:ss from an hour on, rounded up to a second. */
    static String duration(long nanos) {
        long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    private void draw(long now) {
        lastDraw = now;
        String bar = total > 1 ? line(label, unit, done, total, now - start) : "";
        String text = bar.isEmpty() ? detail : detail.isEmpty() ? bar : bar + "  " + detail;
        if (text.length() > MAX_LINE) {
            text = text.substring(0, MAX_LINE - 3) + "...";
        }
        if (text.isEmpty() && lastLength == 0) {
            return;
        }
        // pad over a longer previous line
        String pad = " ".repeat(Math.max(0, lastLength - text.length()));
        err.print("\r" + text + pad);
        err.flush();
        lastLength = text.length();
    }
}
