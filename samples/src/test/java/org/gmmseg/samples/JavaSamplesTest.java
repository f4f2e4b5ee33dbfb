package org.gmmseg.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example programs on the bundled sample images and reads back what they wrote. */
class JavaSamplesTest {
    private static final Path DATA = Path.of("data");

    /** Checks a written label image: one channel, the size of the input, labels in 1..k; returns which were used. */
    private static boolean[] labelsUsed(Path file, int width, int height, int k) throws Exception {
        ImageData labels = ImageReader.read(file);
        assertEquals(1, labels.channels());
        assertEquals(width, labels.width());
        assertEquals(height, labels.height());
        boolean[] seen = new boolean[k + 1];
        for (RealType<?> t : net.imglib2.view.Views.flatIterable(labels.pixels())) {
            int v = (int) t.getRealDouble();
            assertTrue(v >= 1 && v <= k, "label " + v);
            seen[v] = true;
        }
        return seen;
    }

    /** As {@link #labelsUsed}, and every label 1..k occurs. */
    private static void assertLabels(Path file, int width, int height, int k) throws Exception {
        boolean[] seen = labelsUsed(file, width, height, k);
        for (int c = 1; c <= k; c++) {
            assertTrue(seen[c], "label " + c + " used");
        }
    }

    @Test
    void segmentOneImageWritesLabels(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("coffee-labels.png");
        SegmentOneImage.main(new String[] {DATA.resolve("skimage_coffee.png").toString(), out.toString(), "4", "lab"});
        assertLabels(out, 600, 400, 4);
    }

    @Test
    void sharedModelOnFolderLabelsEveryImageWithOneModel(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(DATA.resolve("skimagetut_balloon.jpg"), in.resolve("balloon.jpg"));
        Files.copy(DATA.resolve("skimage_chelsea.png"), in.resolve("chelsea.png"));
        Path out = dir.resolve("out");
        SharedModelOnFolder.main(new String[] {in.toString(), out.toString(), "3"});
        // a shared model's classes need not all occur in every image, but together they do
        boolean[] balloon = labelsUsed(out.resolve("balloon-labels.png"), 225, 300, 3);
        boolean[] chelsea = labelsUsed(out.resolve("chelsea-labels.png"), 451, 300, 3);
        for (int c = 1; c <= 3; c++) {
            assertTrue(balloon[c] || chelsea[c], "label " + c + " used");
        }
        SegmentationModel model = SegmentationModel.load(out.resolve("model.json"));
        assertEquals(List.of("L", "a", "b"), model.pipeline().names());
    }

    @Test
    void exportProbabilitiesWritesOnePagePerComponentSummingToOne(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("cell-labels.png");
        SegmentOneImage.main(new String[] {DATA.resolve("skimage_cell.png").toString(), labels.toString(), "2", "gray"});
        Path out = dir.resolve("cell-probabilities.tif");
        ExportProbabilities.main(new String[] {DATA.resolve("skimage_cell.png").toString(), out.toString()});
        ImageData probabilities = ImageReader.read(out);
        assertEquals(32, probabilities.bitDepth());
        assertEquals(3, probabilities.channels(), "the default model has 3 components");
        assertEquals(550, probabilities.width());
        RandomAccessibleInterval<? extends RealType<?>> p = probabilities.pixels();
        RandomAccess<? extends RealType<?>> ra = p.randomAccess();
        for (int y = 0; y < 660; y += 41) {
            for (int x = 0; x < 550; x += 37) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += ra.setPositionAndGet(x, y, k).getRealDouble();
                }
                assertEquals(1, sum, 1e-5);
            }
        }
    }
}
