package org.gmmseg.segmentation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.gmmseg.segmentation.io.MaskFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock and record of an output folder, and a report that cannot be written (issue 20, items 6, 7, 10). */
class OutputStateTest {
    @TempDir
    Path dir;

    private Path in;
    private Path out;

    @BeforeEach
    void images() throws IOException {
        in = dir.resolve("in");
        out = dir.resolve("out");
        Files.createDirectories(in);
        for (String name : new String[] {"a", "b"}) {
            Files.writeString(in.resolve(name + ".png"), name); // the jobs below do not read them
        }
    }

    private Batch plan(Map<String, String> settings) throws IOException {
        return Batch.plan(List.of(in), InputSelection.DEFAULT, new OutputLayout(out, MaskFormat.PNG, false, false, true,
                null), false, List.of(), settings);
    }

    private static ImageResult done(ImageInputs.ImageInput input, OutputFiles files) throws IOException {
        Files.createDirectories(files.labels().getParent());
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png", files.labels().toFile());
        Files.writeString(files.model(), "{}");
        return ImageResult.ok(input, files.labels(), 2, null, List.of());
    }

    @Test
    void aSecondBatchOnTheFolderInThisJvmIsRefusedUntilTheFirstIsClosed() throws IOException {
        try (Batch first = plan(Map.of())) {
            BatchPlanException e = assertThrows(BatchPlanException.class, () -> plan(Map.of()));
            assertEquals("--out " + out + " is being written by another gmmseg run (in this process, started ",
                    e.getMessage().substring(0, e.getMessage().indexOf("started ") + 8));
            assertTrue(first.pending(0), "the first keeps its lock all the same");
        }
        try (Batch again = plan(Map.of())) {
            assertEquals(2, again.pendingCount());
        }
    }

    @Test
    void theSettingsOfEachImageAreRecordedAndComparedOnTheNextRun() throws Exception {
        Map<String, String> three = Map.of("command", "segment", "--components", "3");
        try (Batch batch = plan(three)) {
            batch.run(1, (input, files, threads) -> done(input, files), () -> { });
            batch.finish();
        }
        String record = Files.readString(out.resolve(".gmmseg/outputs.json"));
        assertTrue(record.contains("\"--components\" : \"3\""), record);
        try (Batch same = plan(three)) {
            assertEquals(0, same.pendingCount());
        }
        BatchPlanException refused = assertThrows(BatchPlanException.class,
                () -> plan(Map.of("command", "segment", "--components", "4", "--seed", "1")));
        assertTrue(refused.getMessage().endsWith("): --components 3, not 4; --seed (not given), not 1; use --overwrite "
                + "to redo them with these options, or another --out"), refused.getMessage());

        // a record that cannot be read is ignored with a warning: what is done counts as done
        Files.writeString(out.resolve(".gmmseg/outputs.json"), "{ not json");
        try (Batch unknown = plan(Map.of("--components", "5"))) {
            assertEquals(0, unknown.pendingCount());
            assertTrue(unknown.warnings().get(0).contains("outputs.json cannot be read"), unknown.warnings()::toString);
        }
    }

    @Test
    void whenTheLastReportWriteFailsTheOutOfDateReportIsRemovedAndTheSummaryHoldsEveryRow() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        Batch.Summary summary;
        try (Batch batch = plan(Map.of())) {
            batch.reportTiming(0, System::nanoTime);
            batch.reportWriter((report, content) -> {
                if (writes.incrementAndGet() > 3) { // at the start, after a, after b; not at the end
                    throw new IOException(report + ": cannot write (No space left on device)");
                }
                Files.writeString(report, content);
            });
            batch.run(1, (input, files, threads) -> done(input, files), () -> { });
            assertTrue(Files.exists(batch.report()), "written while the disk had room");
            summary = batch.finish();
        }

        assertFalse(Files.exists(out.resolve(Batch.REPORT)), "a report listing fewer images than are done is gone");
        assertEquals(out.resolve(Batch.REPORT) + ": cannot write (No space left on device); the out-of-date report.csv "
                + "was removed", summary.reportError());
        List<String> rows = summary.report().lines().toList();
        assertEquals(3, rows.size(), summary.report());
        assertTrue(rows.get(2).startsWith(in.resolve("b.png") + ","), summary.report());
    }

    @Test
    void differencesNameEachOptionOnce() {
        assertEquals("--components 3, not 4; --features (not given), not lab",
                OutputState.differences(Map.of("--components", "3", "--seed", "0"),
                        Map.of("--components", "4", "--seed", "0", "--features", "lab")));
    }
}
