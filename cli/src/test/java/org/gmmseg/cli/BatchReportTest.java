package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** report.csv while a batch runs: rewritten as images finish, rows in input order. */
class BatchReportTest {
    @TempDir
    Path dir;

    private Path in;
    private Path out;

    @BeforeEach
    void images() throws IOException {
        in = dir.resolve("in");
        out = dir.resolve("out");
        for (String name : new String[] {"a", "b", "c", "d"}) {
            Images.rgb(in.resolve(name + ".png"), 8, 6, name.charAt(0));
        }
        // b was done by an earlier run: skipped, and in the report from the start
        Images.gray(out.resolve("b_labels.png"), 8, 6, 9);
    }

    /** The batch of {@code segment in --out out}, planned. */
    private Batch plan() throws IOException {
        CommandLine commandLine = CommandLines.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult parsed = commandLine.parseArgs("segment", in.toString(), "--out", out.toString(),
                "-k", "2", "--threads", "1");
        SegmentCommand command = (SegmentCommand) parsed.subcommand().commandSpec().userObject();
        return Batch.plan(command.spec, command.inputs, command.inputOptions, command.output, true, null, List.of());
    }

    private static ImageResult done(ImageInputs.ImageInput input, OutputFiles files) {
        return ImageResult.ok(input, files.labels(), 2, null, List.of());
    }

    /** The inputs' file names in the rows of a report, below the header. */
    private static List<String> rowsAt(Path report) throws IOException {
        List<String> lines = Files.readAllLines(report);
        return lines.subList(1, lines.size()).stream()
                .map(l -> Path.of(l.substring(0, l.indexOf(','))).getFileName().toString()).toList();
    }

    private List<String> rows() throws IOException {
        return rowsAt(out.resolve(Batch.REPORT));
    }

    @Test
    void theReportIsRewrittenAsImagesFinishInInputOrder() throws Exception {
        Batch batch = plan();
        batch.reportTiming(0, System::nanoTime);
        List<List<String>> seen = new ArrayList<>();

        batch.run("segmenting", 1, (input, files, threads) -> {
            seen.add(rows());
            return done(input, files);
        });

        // when a started, only the skipped b; then each finished image joins, in input order
        assertEquals(List.of(List.of("b.png"), List.of("a.png", "b.png"), List.of("a.png", "b.png", "c.png")), seen);
        assertEquals(List.of("a.png", "b.png", "c.png", "d.png"), rows());
        batch.finish(List.of());
        assertEquals(List.of("a.png", "b.png", "c.png", "d.png"), rows());
    }

    @Test
    void aBatchThatDiesHalfWayLeavesTheReportOfWhatWasDone() throws Exception {
        Batch batch = plan();
        batch.reportTiming(0, System::nanoTime);

        // an Error in a worker ends the run without finish(), as a kill would
        assertThrows(OutOfMemoryError.class, () -> batch.run("segmenting", 1, (input, files, threads) -> {
            if (input.file().getFileName().toString().equals("d.png")) {
                throw new OutOfMemoryError("killed");
            }
            return done(input, files);
        }));

        assertEquals(List.of("a.png", "b.png", "c.png"), rows());
        List<String> lines = Files.readAllLines(out.resolve(Batch.REPORT));
        assertEquals(String.join(",", Batch.REPORT_COLUMNS), lines.get(0));
        assertEquals("skipped", lines.get(2).split(",", -1)[6]);
        // no temporary file left behind
        assertEquals(List.of("b_labels.png", "report.csv"), Images.tree(out));
    }

    @Test
    void rewritesAreAtMostOneAnIntervalApart() throws Exception {
        Batch batch = plan();
        AtomicLong clock = new AtomicLong();
        batch.reportTiming(1000, clock::get);
        List<List<String>> seen = new ArrayList<>();

        batch.run("segmenting", 1, (input, files, threads) -> {
            seen.add(rows());
            // written at the start (0); a finishes at 500: too soon; c at 1500: written; d at 2000: too soon
            clock.set(Map.of("a.png", 500L, "c.png", 1500L, "d.png", 2000L).get(input.file().getFileName().toString()));
            return done(input, files);
        });

        assertEquals(List.of(List.of("b.png"), List.of("b.png"), List.of("a.png", "b.png", "c.png")), seen);
        batch.finish(List.of());
        assertEquals(List.of("a.png", "b.png", "c.png", "d.png"), rows());
    }

    @Test
    void wholeNumbersHaveNoDecimalPoint() {
        assertEquals("240000", Batch.csvNumber(240000.0));
        assertEquals("-3", Batch.csvNumber(-3.0));
        assertEquals("0", Batch.csvNumber(0.0));
        assertEquals("3.8091768708240683", Batch.csvNumber(3.8091768708240683));
        assertEquals("0.5", Batch.csvNumber(0.5));
        assertEquals("1.0E20", Batch.csvNumber(1e20));
        assertEquals("NaN", Batch.csvNumber(Double.NaN));
        assertEquals("-Infinity", Batch.csvNumber(Double.NEGATIVE_INFINITY));
    }
}
