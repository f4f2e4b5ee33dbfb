package org.gmmseg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.batch.InputSelection;
import org.gmmseg.segmentation.batch.OutputLayout;
import org.gmmseg.segmentation.io.MaskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch on Spark: each image's result reaches the driver as its task ends. */
class SparkEngineTest {
    @TempDir
    Path dir;

    @Test
    void theProgressAndTheReportFollowTheImagesAsTheyFinish() throws IOException, InterruptedException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = Files.createDirectories(dir.resolve("out"));
        for (String name : new String[] {"a", "b", "c", "d", "e"}) {
            Files.writeString(in.resolve(name + ".png"), name); // the job below does not read them
        }
        // done before (a label file with a readable header): skipped, in the report from the start
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png", out.resolve("b_labels.png").toFile());
        Batch batch = Batch.plan(List.of(in), InputSelection.DEFAULT,
                new OutputLayout(out, MaskFormat.PNG, false, false, true, null), false, List.of());
        batch.reportTiming(0, System::nanoTime);
        List<Integer> rowsWhenDone = new ArrayList<>();
        try (SparkEngine engine = new SparkEngine(SharedSpark.context(), new SparkOptions(), new DistributedEmOption())) {
            String report = batch.report().toString();
            engine.run(batch, 2, (input, files, threads) -> {
                // e's task starts once a or c has ended: by then their row is in the report, not only at the end
                if (input.file().getFileName().toString().equals("e.png") && !rowsWithin(report, 3, 20_000)) {
                    return ImageResult.failed(input, "the report was not rewritten while the batch ran");
                }
                return ImageResult.ok(input, files.labels(), 2, null, List.of());
            }, () -> {
                        try {
                            rowsWhenDone.add(Files.readAllLines(batch.report()).size() - 1);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        // each finished image is in the report when the progress bar hears of it
        assertEquals(List.of(2, 3, 4, 5), rowsWhenDone);
        batch.finish();
        assertEquals(0, Files.readAllLines(batch.report()).stream().filter(l -> l.contains(",failed,")).count(),
                () -> batch.report() + " has a failed image");
    }

    /** Whether the report has at least {@code rows} lines (the header included) within the time. */
    private static boolean rowsWithin(String report, int rows, long millis) {
        long end = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < end) {
                if (Files.exists(Path.of(report)) && Files.readAllLines(Path.of(report)).size() >= rows) {
                    return true;
                }
                Thread.sleep(20);
            }
            return false;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
