package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
