package org.gmmseg.segmentation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.gmmseg.segmentation.io.MaskFormat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        // the jobs below do not read the images, so any content will do
        Files.createDirectories(in);
        for (String name : new String[] {"a", "b", "c", "d"}) {
            Files.writeString(in.resolve(name + ".png"), name);
        }
        // b was done by an earlier run: skipped, and in the report from the start
        Files.createDirectories(out);
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY), "png", out.resolve("b_labels.png").toFile());
    }

    /** The batch of {@code segment in --out out}, planned. */
    private Batch plan() throws IOException {
        return Batch.plan(List.of(in), InputSelection.DEFAULT, new OutputLayout(out, MaskFormat.PNG, false, false, true,
                null), false, List.of());
    }

    /** The files below a folder but gmmseg's state (its lock and record). */
    static List<String> tree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString())
                    .filter(f -> !f.startsWith(OutputState.FOLDER + "/")).sorted().toList();
        }
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

        batch.run(1, (input, files, threads) -> {
            seen.add(rows());
            return done(input, files);
        }, () -> { });

        // when a started, only the skipped b; then each finished image joins, in input order
        assertEquals(List.of(List.of("b.png"), List.of("a.png", "b.png"), List.of("a.png", "b.png", "c.png")), seen);
        assertEquals(List.of("a.png", "b.png", "c.png", "d.png"), rows());
        batch.finish();
        assertEquals(List.of("a.png", "b.png", "c.png", "d.png"), rows());
    }

    @Test
    void aBatchThatDiesHalfWayLeavesTheReportOfWhatWasDone() throws Exception {
        Batch batch = plan();
        batch.reportTiming(0, System::nanoTime);

        // an Error in a worker (but running out of memory, which fails the image) ends the run without
        // finish(), as a kill would
        assertThrows(InternalError.class, () -> batch.run(1, (input, files, threads) -> {
            if (input.file().getFileName().toString().equals("d.png")) {
                throw new InternalError("killed");
            }
            return done(input, files);
        }, () -> { }));

        assertEquals(List.of("a.png", "b.png", "c.png"), rows());
        List<String> lines = Files.readAllLines(out.resolve(Batch.REPORT));
        assertEquals(String.join(",", Batch.REPORT_COLUMNS), lines.get(0));
        assertEquals("skipped", lines.get(2).split(",", -1)[6]);
        // no temporary file left behind
        assertEquals(List.of("b_labels.png", "report.csv"), tree(out));
    }

    @Test
    void rewritesAreAtMostOneAnIntervalApart() throws Exception {
        Batch batch = plan();
        AtomicLong clock = new AtomicLong();
        batch.reportTiming(1000, clock::get);
        List<List<String>> seen = new ArrayList<>();

        batch.run(1, (input, files, threads) -> {
            seen.add(rows());
            // written at the start (0); a finishes at 500: too soon; c at 1500: written; d at 2000: too soon
            clock.set(Map.of("a.png", 500L, "c.png", 1500L, "d.png", 2000L).get(input.file().getFileName().toString()));
            return done(input, files);
        }, () -> { });

        assertEquals(List.of(List.of("b.png"), List.of("b.png"), List.of("a.png", "b.png", "c.png")), seen);
        batch.finish();
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
