package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theLineShowsDoneOverTotalAndTheTimeLeft() {
        assertEquals("segmenting [------------------------] 0/8 images", Progress.line("segmenting", 0, 8, 0));
        // 2 of 8 in 10 s: 5 s each, 30 s for the 6 left
        assertEquals("segmenting [######------------------] 2/8 images, about 0:30 left",
                Progress.line("segmenting", 2, 8, 10 * SECOND));
        assertEquals("segmenting [########################] 8/8 images, 1:05", Progress.line("segmenting", 8, 8, 65 * SECOND));
    }

    @Test
    void durationsRoundUpToSecondsAndShowHoursWhenNeeded() {
        assertEquals("0:00", Progress.duration(0));
        assertEquals("0:01", Progress.duration(1));
        assertEquals("2:05", Progress.duration(125 * SECOND));
        assertEquals("1:01:01", Progress.duration(3661 * SECOND));
    }

    @Test
    void anEnabledBarRedrawsInPlaceAndEndsItsLine() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        try (Progress progress = new Progress(new PrintWriter(text), "x", 3, true, clock::get)) {
            clock.set(SECOND);
            progress.step();
            progress.step(); // within the redraw interval: not drawn
            clock.set(3 * SECOND);
            progress.step(); // the last one is always drawn
        }
        assertEquals("\rx [------------------------] 0/3 images"
                + "\rx [########----------------] 1/3 images, about 0:02 left"
                + "\rx [########################] 3/3 images, 0:03" + " ".repeat(11)
                + System.lineSeparator(), text.toString());
    }

    @Test
    void aDisabledBarPrintsNothing() {
        StringWriter text = new StringWriter();
        try (Progress progress = new Progress(new PrintWriter(text), "x", 3, false, System::nanoTime)) {
            progress.step();
        }
        assertEquals("", text.toString());
        // tests do not run on a terminal: the batch bar is off
        try (Progress progress = Progress.of(new PrintWriter(text), "x", 3, false)) {
            progress.step();
        }
        assertEquals("", text.toString());
    }

    @Test
    void theLaunchersAnswerAboutStderrWinsOverTheConsole() {
        // stdout redirected to a file: no console, but stderr is still the terminal
        assertTrue(Progress.stderrIsTerminal("true", false));
        // stderr redirected to a log: a console (stdin and stdout are terminals), but no bar
        assertFalse(Progress.stderrIsTerminal("false", true));
        assertTrue(Progress.stderrIsTerminal(" TRUE ", false));
    }

    @Test
    void withoutTheLauncherTheConsoleDecides() {
        assertTrue(Progress.stderrIsTerminal(null, true));
        assertFalse(Progress.stderrIsTerminal(null, false));
        // a value that is neither true nor false says nothing
        assertTrue(Progress.stderrIsTerminal("yes", true));
        assertFalse(Progress.stderrIsTerminal("", false));
    }

    @Test
    void theBatchBarFollowsTheProperty() {
        String before = System.getProperty(Progress.STDERR_TTY_PROPERTY);
        try {
            System.setProperty(Progress.STDERR_TTY_PROPERTY, "true");
            StringWriter text = new StringWriter();
            try (Progress progress = Progress.of(new PrintWriter(text), "x", 2, false)) {
                progress.step();
                progress.step();
            }
            assertTrue(text.toString().startsWith("\rx [------------------------] 0/2 images"), text.toString());

            System.setProperty(Progress.STDERR_TTY_PROPERTY, "false");
            StringWriter none = new StringWriter();
            try (Progress progress = Progress.of(new PrintWriter(none), "x", 2, false)) {
                progress.step();
            }
            assertEquals("", none.toString());
            // --quiet still silences it
            System.setProperty(Progress.STDERR_TTY_PROPERTY, "true");
            try (Progress progress = Progress.of(new PrintWriter(none), "x", 2, true)) {
                progress.step();
            }
            assertEquals("", none.toString());
        } finally {
            if (before == null) {
                System.clearProperty(Progress.STDERR_TTY_PROPERTY);
            } else {
                System.setProperty(Progress.STDERR_TTY_PROPERTY, before);
            }
        }
    }

    @Test
    void theDetailFollowsTheBarAtMostEveryRedrawIntervalAndAloneForOneItem() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        try (Progress progress = new Progress(new PrintWriter(text), "x", 2, true, clock::get)) {
            clock.set(SECOND);
            progress.detail("a.png: EM iteration 1/100");
            progress.detail("a.png: EM iteration 2/100"); // too soon: kept for the next redraw
            clock.set(2 * SECOND);
            progress.step();
        }
        assertEquals("\rx [------------------------] 0/2 images"
                + "\rx [------------------------] 0/2 images  a.png: EM iteration 1/100"
                + "\rx [############------------] 1/2 images, about 0:02 left  a.png: EM iteration 2/100"
                + System.lineSeparator(), text.toString());

        StringWriter one = new StringWriter();
        try (Progress progress = new Progress(new PrintWriter(one), "x", 1, true, clock::get)) {
            progress.detail("a.png: " + "labelling ".repeat(20));
            clock.addAndGet(SECOND);
            progress.step(); // done: the detail is cleared
        }
        String drawn = "a.png: " + "labelling ".repeat(20);
        assertEquals("\r" + drawn.substring(0, Progress.MAX_LINE - 3) + "..." + "\r" + " ".repeat(Progress.MAX_LINE),
                one.toString(), "no bar for one image, a line no longer than a terminal's, cleared at the end");
    }

    @Test
    void linesArePrintedAboveTheBarAndAlsoWhenItIsOff() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        try (Progress progress = new Progress(new PrintWriter(text), "x", 2, true, clock::get)) {
            progress.println("a.png: iteration 1: mean log-likelihood 2.5");
        }
        String bar = "\rx [------------------------] 0/2 images";
        assertEquals(bar + "\r" + " ".repeat(bar.length() - 1) + "\r" + "a.png: iteration 1: mean log-likelihood 2.5"
                + System.lineSeparator() + bar + System.lineSeparator(), text.toString());

        StringWriter off = new StringWriter();
        try (Progress progress = new Progress(new PrintWriter(off), "x", 2, false, clock::get)) {
            progress.detail("not shown");
            progress.println("shown");
        }
        assertEquals("shown" + System.lineSeparator(), off.toString());
    }
}
