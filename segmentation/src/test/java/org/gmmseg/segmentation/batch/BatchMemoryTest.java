package org.gmmseg.segmentation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.ImageHeader;
import org.gmmseg.segmentation.io.MaskFormat;
import org.gmmseg.segmentation.io.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images too large for the heap (issue 20, items 2 and 3), with injected limits: refused from their
 * header before decoding, and an OutOfMemoryError that happens anyway fails that image alone.
 */
class BatchMemoryTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path dir;

    private Batch plan(Path in) throws IOException {
        return Batch.plan(List.of(in), InputSelection.DEFAULT,
                new OutputLayout(dir.resolve("out"), MaskFormat.PNG, false, false, true, null), false, List.of());
    }

    /** A job that fits on the image as segment does, for the estimate, but only counts the images it gets. */
    private static Batch.Job counting(List<String> processed, FeatureSpec features) {
        return new Batch.Job() {
            @Override
            public ImageResult process(ImageInputs.ImageInput input, OutputFiles files, int threads) {
                processed.add(input.file().getFileName().toString());
                return ImageResult.ok(input, files.labels(), 2, null, List.of());
            }

            @Override
            public MemoryEstimate.Work work(OutputFiles files) {
                return new MemoryEstimate.Work(features, true, 0, 3, false, false);
            }
        };
    }

    @Test
    void anImageDeclaringMorePixelsThanTheLimitFailsWithItsTrueSizeUndecoded() throws Exception {
        Path in = dir.resolve("in");
        // a header of 40000 x 40000 RGB without any data: decoding it would fail as corrupt instead
        Files.createDirectories(in);
        Files.write(in.resolve("a_bomb.png"), TestImages.headerOnlyPng(40_000, 40_000, 2));
        writePng(in.resolve("b.png"), 20, 10);
        Batch batch = plan(in);
        batch.limits(new ReadLimits(1000, 1L << 30));
        List<String> processed = Collections.synchronizedList(new ArrayList<>());

        batch.run(2, counting(processed, FeatureSpec.rgb()), () -> { });
        Batch.Summary summary = batch.finish();

        assertEquals(List.of("b.png"), processed);
        assertEquals("image too large: it declares 40000 x 40000 pixels x 3 channels, 8-bit (1600 megapixels), more "
                + "than the limit of 1000 pixels (--max-pixels); not decoded", summary.results().get(0).error());
        assertEquals(ImageResult.Status.OK, summary.results().get(1).status());
    }

    @Test
    void anImageThatCannotFitTheHeapFailsBeforeItIsDecodedSayingWhatItNeeds() throws Exception {
        Path in = dir.resolve("in");
        writePng(in.resolve("a.png"), 600, 400);
        writePng(in.resolve("b.png"), 20, 10);
        Batch batch = plan(in);
        // with coordinates every pixel is a distinct sample: 240000 x (64 + 32 x 5) bytes, about 51 MB
        batch.limits(new ReadLimits(1L << 40, 40 * MB));
        List<String> processed = Collections.synchronizedList(new ArrayList<>());

        batch.run(1, counting(processed, new FeatureSpec(org.gmmseg.segmentation.features.ColorSpace.RGB, 1, 0)),
                () -> { });
        Batch.Summary summary = batch.finish();

        assertEquals(List.of("b.png"), processed);
        String error = summary.results().get(0).error();
        assertTrue(error.startsWith("too large for the memory Java may use here: 600 x 400 pixels x 3 channels, 8-bit "
                + "needs at least 52 MB, and Java may use 40 MB; fit on a sample of its pixels (e.g. --max-samples "
                + "200000), or give Java more memory, e.g. GMMSEG_JAVA_OPTS=-Xmx2g ./gmmseg ..."), error);
    }

    @Test
    void runningOutOfMemoryFailsThatImageAloneWithWhatToDo() throws Exception {
        Path in = dir.resolve("in");
        for (String name : new String[] {"a", "b", "c"}) {
            writePng(in.resolve(name + ".png"), 30, 20);
        }
        Batch batch = plan(in);
        batch.limits(new ReadLimits(1L << 40, 256 * MB));
        List<String> processed = Collections.synchronizedList(new ArrayList<>());
        Batch.Job job = counting(processed, FeatureSpec.rgb());

        batch.run(2, new Batch.Job() {
            @Override
            public ImageResult process(ImageInputs.ImageInput input, OutputFiles files, int threads) throws Exception {
                if (input.file().getFileName().toString().equals("b.png")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return job.process(input, files, threads);
            }

            @Override
            public MemoryEstimate.Work work(OutputFiles files) {
                return job.work(files);
            }
        }, () -> { });
        Batch.Summary summary = batch.finish();

        assertEquals(List.of("a.png", "c.png"), processed.stream().sorted().toList());
        ImageResult b = summary.results().get(1);
        assertEquals(ImageResult.Status.FAILED, b.status());
        assertTrue(b.error().startsWith("out of memory: 30 x 20 pixels x 3 channels, 8-bit needed more than the "
                + "256 MB Java may use here; "), b.error());
        assertTrue(b.error().endsWith("give Java more memory, e.g. GMMSEG_JAVA_OPTS=-Xmx2g ./gmmseg ..."), b.error());
        assertEquals(3, Files.readAllLines(batch.report()).size() - 1, "every image has its row");
    }

    @Test
    void imagesReserveTheirMemorySoThatALargeOneWaitsForTheOthers() throws Exception {
        Batch.MemoryBudget budget = new Batch.MemoryBudget(100);
        assertEquals(60, budget.reserve(60));
        AtomicInteger got = new AtomicInteger(-1);
        Thread large = new Thread(() -> {
            try {
                got.set((int) budget.reserve(1000)); // more than the whole: cut to the whole, so it runs alone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        large.start();
        large.join(200);
        assertEquals(-1, got.get(), "it waits while another image holds part of the budget");
        budget.release(60);
        large.join();
        assertEquals(100, got.get());
    }

    @Test
    void theEstimateCountsWhatIsCertainAndWhatIsPossible() {
        ImageHeader photo = new ImageHeader("PNG", 12_000, 12_000, 3, 8, 1);
        MemoryEstimate plain = MemoryEstimate.of(photo, new MemoryEstimate.Work(FeatureSpec.rgb(), true, 0, 3, false,
                false));
        // decoded twice (reader and copy) is certain; up to 2^24 distinct colours are possible
        assertEquals(2L * 12_000 * 12_000 * 3, plain.minimum());
        assertEquals(12_000L * 12_000 * 3 + (1L << 24) * (64 + 32 * 3), plain.expected());
        assertTrue(plain.sampling());
        ImageHeader gray = new ImageHeader("PNG", 1000, 1000, 1, 8, 1);
        MemoryEstimate labelled = MemoryEstimate.of(gray, new MemoryEstimate.Work(FeatureSpec.rgb(), false, 0, 300,
                true, true));
        // 16-bit labels twice, 300 probability planes and a page, the overlay
        assertEquals(1_000_000L + 1_000_000L * (4 + 1204 + 8), labelled.expected());
        assertEquals(labelled.minimum(), labelled.expected());
    }

    @Test
    void aVolumeCountsItsVoxelsAndItsProbabilitiesAndOverlayPlaneByPlane() {
        // 1024 x 1024 x 200 8-bit gray, K = 3, with probabilities and overlay (written one plane at a time)
        ImageHeader volume = new ImageHeader("TIFF", 1024, 1024, 1, 8, 200, 200, 1);
        long voxels = 1024L * 1024 * 200;
        long plane = 1024L * 1024;
        MemoryEstimate e = MemoryEstimate.of(volume, new MemoryEstimate.Work(FeatureSpec.rgb(), true, 0, 3, true, true));
        // decoded, 8-bit labels twice, one plane of probabilities (4 K + 4 bytes) and of overlay (8 bytes)
        assertEquals(voxels + 2 * voxels + plane * (4 * 3 + 4) + plane * 8, e.minimum());
        assertEquals(e.minimum(), e.expected(), "256 grey levels are few samples");
        // +xyz: every voxel is a distinct sample of 4 features
        MemoryEstimate xyz = MemoryEstimate.of(volume, new MemoryEstimate.Work(
                new FeatureSpec(org.gmmseg.segmentation.features.ColorSpace.GRAY, 1, 0, true), true, 0, 3, false, false));
        assertEquals(voxels + voxels * (64 + 32 * 4), xyz.minimum());
        assertTrue(xyz.sampling());
    }

    @Test
    void hmrfSweepsAddTheirFeaturesLabelsAndTwoSetsOfResponsibilities() {
        // 100 megapixels of RGB, K = 4: the sweeps hold 4 D + 3 + 8 K = 47 bytes a pixel after the fit
        ImageHeader photo = new ImageHeader("PNG", 10_000, 10_000, 3, 8, 1);
        long pixels = 100_000_000L;
        MemoryEstimate plain = MemoryEstimate.of(photo, new MemoryEstimate.Work(FeatureSpec.rgb(), true, 0, 4, false,
                false));
        MemoryEstimate mrf = MemoryEstimate.of(photo, new MemoryEstimate.Work(FeatureSpec.rgb(), true, 0, 4, false,
                false, true));
        assertEquals(2 * 3 * pixels, plain.minimum(), "decoding (twice) is the peak");
        assertEquals(3 * pixels + 2 * pixels + 47 * pixels, mrf.minimum(), "the image, its labels twice, the sweeps");
    }

    @Test
    void aVolumeDeclaringMoreVoxelsThanTheLimitFailsWithItsSlices() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        BufferedImage page = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        TestImages.writeTiffPages(in.resolve("a_stack.tif"), List.of(page, page, page));
        writePng(in.resolve("b.png"), 20, 10);
        Batch batch = plan(in);
        // each page is within the limit, the volume is not
        batch.limits(new ReadLimits(500, 1L << 30));
        List<String> processed = Collections.synchronizedList(new ArrayList<>());

        batch.run(1, counting(processed, FeatureSpec.rgb()), () -> { });
        Batch.Summary summary = batch.finish();

        assertEquals(List.of("b.png"), processed);
        assertEquals("image too large: it declares 20 x 10 pixels x 1 channel x 3 slices, 8-bit (600 pixels), more "
                + "than the limit of 500 pixels (--max-pixels); not decoded", summary.results().get(0).error());
    }

    private static void writePng(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }
}
