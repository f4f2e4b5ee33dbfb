package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmenterTest {

    /** A noisy 3-region RGB image: dark left, red middle, bright right. */
    static ArrayImg<UnsignedByteType, ByteArray> threeRegions(int w, int h, long seed) {
        ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(w, h, 3);
        RandomAccess<UnsignedByteType> ra = img.randomAccess();
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] colours = {{30, 30, 40}, {200, 40, 40}, {230, 230, 220}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int region = x * 3 / w;
                for (int c = 0; c < 3; c++) {
                    int v = colours[region][c] + (int) Math.round(rng.nextDouble() * 20 - 10);
                    ra.setPositionAndGet(x, y, c).set(Math.max(0, Math.min(255, v)));
                }
            }
        }
        return img;
    }

    static int[] labels(Img<? extends IntegerType<?>> img) {
        int[] out = new int[(int) (img.dimension(0) * img.dimension(1))];
        Cursor<? extends IntegerType<?>> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            out[c.getIntPosition(1) * (int) img.dimension(0) + c.getIntPosition(0)] = c.get().getInteger();
        }
        return out;
    }

    @Test
    void labelsFollowTheRegionsInDeterministicOrder() {
        var img = threeRegions(90, 40, 1);
        SegmentationModel model = GmmSegmentation.fit(img, SegmentationOptions.of(3).withSeed(3));
        int[] labels = labels(GmmSegmentation.segment(img, model));
        // ascending mean of R: dark (1), red (2), bright (3)
        assertEquals(1, labels[10 * 90 + 5]);
        assertEquals(2, labels[10 * 90 + 45]);
        assertEquals(3, labels[10 * 90 + 85]);
        double[][] means = model.mixture().means();
        for (int k = 1; k < 3; k++) {
            assertTrue(means[k - 1][0] <= means[k][0]);
        }
    }

    @Test
    void sameLabelsForAnyThreadCountAndAcrossRuns() {
        var img = threeRegions(120, 200, 2);
        SegmentationOptions o = SegmentationOptions.of(4).withSeed(7);
        SegmentationModel one = GmmSegmentation.fit(img, o.withThreads(1));
        SegmentationModel two = GmmSegmentation.fit(img, o.withThreads(2));
        assertEquals(one.mixture(), two.mixture());
        ImagePixels px = GmmSegmentation.pixels(img);
        var a = ArrayImgs.unsignedBytes(120, 200);
        var b = ArrayImgs.unsignedBytes(120, 200);
        Segmenter.label(px, one, a, 1);
        Segmenter.label(px, one, b, 3);
        assertArrayEquals(labels(a), labels(b));
        assertArrayEquals(labels(a), labels(GmmSegmentation.segment(img, GmmSegmentation.fit(img, o))));
    }

    @Test
    void deduplicatedFitEqualsTheAllPixelsFit() {
        var img = threeRegions(64, 64, 3);
        FitOptions fit = FitOptions.of(3).withSeed(2).withTol(0).withMaxIter(20);
        Segmenter.Fit dedup = Segmenter.fit(List.of(GmmSegmentation.pixels(img)), FeatureSpec.rgb(), fit, 0);
        assertEquals(64 * 64, dedup.pixels());
        assertTrue(dedup.distinct() < dedup.pixels(), "the noise has few distinct colours: " + dedup.distinct());
        // the same pixels, one sample each, warm-started from the same start: same EM path
        double[] all = new double[64 * 64 * 3];
        RandomAccess<UnsignedByteType> ra = img.randomAccess();
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                for (int c = 0; c < 3; c++) {
                    all[(y * 64 + x) * 3 + c] = ra.setPositionAndGet(x, y, c).get() / 255.0;
                }
            }
        }
        var start = dedup.result().model();
        var a = EmFitter.fit(Samples.wrap(all, 3, null), FitOptions.warmStart(start).withMaxIter(10).withTol(0));
        var b = EmFitter.fit(dedup.model().mixture() == null ? null
                : Samples.wrap(distinctOf(all), 3, countsOf(all)), FitOptions.warmStart(start).withMaxIter(10).withTol(0));
        double[] ma = a.model().meansFlat();
        double[] mb = b.model().meansFlat();
        for (int i = 0; i < ma.length; i++) {
            assertEquals(ma[i], mb[i], 1e-12);
        }
        assertEquals(a.logLikelihood(), b.logLikelihood(), 1e-12 * Math.abs(a.logLikelihood()));
    }

    private static double[] distinctOf(double[] all) {
        var d = new org.gmmseg.segmentation.features.DistinctSamples(3);
        for (int i = 0; i < all.length; i += 3) {
            d.add(all, i);
        }
        return d.toSamples().values();
    }

    private static double[] countsOf(double[] all) {
        var d = new org.gmmseg.segmentation.features.DistinctSamples(3);
        for (int i = 0; i < all.length; i += 3) {
            d.add(all, i);
        }
        var s = d.toSamples();
        double[] w = new double[s.size()];
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = s.weight(i);
            total += w[i];
        }
        assertEquals(all.length / 3, total);
        return w;
    }

    @Test
    void transparentAndNanPixelsAreExcludedAndGetLabelZero() {
        var img = ArrayImgs.floats(20, 10);
        Cursor<FloatType> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            c.get().set(c.getIntPosition(0) < 10 ? 0.2f : 0.8f + c.getIntPosition(1) * 0.001f);
        }
        img.randomAccess().setPositionAndGet(3, 3).set(Float.NaN);
        SegmentationModel model = GmmSegmentation.fit(img, SegmentationOptions.of(2));
        int[] labels = labels(GmmSegmentation.segment(img, model));
        assertEquals(0, labels[3 * 20 + 3]);
        assertEquals(1, labels[0]);
        assertEquals(2, labels[19]);
        Img<FloatType> p = GmmSegmentation.probabilities(img, model);
        assertTrue(Float.isNaN(p.randomAccess().setPositionAndGet(3, 3, 0).get()));
        float sum = 0;
        for (int k = 0; k < 2; k++) {
            sum += p.randomAccess().setPositionAndGet(15, 5, k).get();
        }
        assertEquals(1, sum, 1e-6);

        var rgba = ArrayImgs.unsignedBytes(4, 1, 4);
        RandomAccess<UnsignedByteType> ra = rgba.randomAccess();
        for (int x = 0; x < 4; x++) {
            for (int ch = 0; ch < 3; ch++) {
                ra.setPositionAndGet(x, 0, ch).set(x * 60);
            }
            ra.setPositionAndGet(x, 0, 3).set(x == 2 ? 0 : 255);
        }
        ImagePixels px = ImagePixels.of(rgba, true);
        double[][] row = new double[3][4];
        boolean[] valid = new boolean[4];
        px.readRow(0, row, valid);
        assertArrayEquals(new boolean[] {true, true, false, true}, valid);
        assertEquals(60 / 255.0, row[0][1], 1e-12);
    }

    @Test
    void argbImagesSegmentLikeTheirChannels() {
        var img = threeRegions(60, 20, 4);
        Img<ARGBType> argb = ArrayImgs.argbs(60, 20);
        RandomAccess<UnsignedByteType> ra = img.randomAccess();
        Cursor<ARGBType> c = argb.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            int x = c.getIntPosition(0);
            int y = c.getIntPosition(1);
            c.get().set(ARGBType.rgba(ra.setPositionAndGet(x, y, 0).get(), ra.setPositionAndGet(x, y, 1).get(),
                    ra.setPositionAndGet(x, y, 2).get(), 255));
        }
        SegmentationOptions o = SegmentationOptions.of(3).withSeed(1);
        assertArrayEquals(labels(GmmSegmentation.segment(img, GmmSegmentation.fit(img, o))),
                labels(GmmSegmentation.segment(argb, GmmSegmentation.fit(argb, o))));
    }

    @Test
    void fewerDistinctColoursThanComponentsFailsClearly() {
        var img = ArrayImgs.unsignedBytes(10, 10);
        String m = assertThrows(GmmException.class, () -> GmmSegmentation.fit(img, SegmentationOptions.of(2))).getMessage();
        assertTrue(m.contains("only 1 distinct sample"), m);
    }

    @Test
    void modelRoundTripsThroughItsFileAndRejectsAnImageOfAnotherKind(@TempDir Path dir) throws Exception {
        var img = threeRegions(30, 30, 5);
        SegmentationModel model = GmmSegmentation.fit(img, SegmentationOptions.of(3).withFeatures("lab+xy"));
        Path file = dir.resolve("m.json");
        GmmSegmentation.save(model, file.toString());
        SegmentationModel back = GmmSegmentation.load(file.toString());
        assertEquals(model.mixture(), back.mixture());
        assertEquals(model.features(), back.features());
        assertArrayEquals(labels(GmmSegmentation.segment(img, model)), labels(GmmSegmentation.segment(img, back)));
        var gray = ArrayImgs.unsignedBytes(30, 30);
        String m = assertThrows(GmmException.class, () -> GmmSegmentation.segment(gray, back)).getMessage();
        assertTrue(m.contains("3 channels") && m.contains("has 1"), m);
    }

    @Test
    void subsamplingIsSeededAndBounded() {
        var img = threeRegions(100, 100, 6);
        FitOptions fit = FitOptions.of(3).withSeed(4);
        Segmenter.Fit a = Segmenter.fit(List.of(GmmSegmentation.pixels(img)), FeatureSpec.rgb(), fit, 2000);
        Segmenter.Fit b = Segmenter.fit(List.of(GmmSegmentation.pixels(img)), FeatureSpec.rgb(), fit, 2000);
        assertTrue(a.pixels() > 1500 && a.pixels() < 2500, "about 2000: " + a.pixels());
        assertEquals(a.model().mixture(), b.model().mixture());
    }

    @Test
    void smoothingKeepsConstantRegionsAndFitsNoisyOnes() {
        var img = threeRegions(60, 30, 7);
        SegmentationModel model = GmmSegmentation.fit(img,
                SegmentationOptions.of(3).withFeatures(FeatureSpec.parse("rgb", 0, 1.5)));
        int[] labels = labels(GmmSegmentation.segment(img, model));
        assertEquals(1, labels[15 * 60 + 2]);
        assertEquals(3, labels[15 * 60 + 57]);
    }
}
