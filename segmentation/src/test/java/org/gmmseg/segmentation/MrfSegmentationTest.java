package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.eval.AdjustedRandIndex;
import org.gmmseg.segmentation.features.ImagePixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segmentation with a Potts prior (--mrf) on a noisy synthetic gray image with known regions. */
class MrfSegmentationTest {
    private static final int W = 90;
    private static final int H = 70;

    /** Three regions (a disc, a band, the rest) at 0.3, 0.5, 0.7 with Gaussian noise of sigma 0.12, clamped. */
    static Img<FloatType> noisy(int[] truth, long seed) {
        Img<FloatType> img = ArrayImgs.floats(W, H);
        SplittableRandom rng = new SplittableRandom(seed);
        Cursor<FloatType> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            int x = c.getIntPosition(0);
            int y = c.getIntPosition(1);
            int r = (x - 30) * (x - 30) + (y - 35) * (y - 35) < 400 ? 1 : x > 65 ? 2 : 0;
            truth[y * W + x] = r;
            double u = rng.nextDouble();
            double v = rng.nextDouble();
            double noise = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
            c.get().setReal(0.3 + 0.2 * r + 0.12 * noise);
        }
        return img;
    }

    static int[] labels(Img<UnsignedByteType> img) {
        int[] out = new int[W * H];
        Cursor<UnsignedByteType> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            out[c.getIntPosition(1) * W + c.getIntPosition(0)] = c.get().get();
        }
        return out;
    }

    @Test
    void mrfRecoversTheRegionsAndRecordsBetaAndSweeps() {
        int[] truth = new int[W * H];
        ImagePixels pixels = ImagePixels.of(noisy(truth, 1), false);
        SegmentationModel plain = Segmenter.fit(List.of(pixels), SegmentationOptions.of(3).withFeatures("gray")
                .withSeed(1).withThreads(2)).model();
        Img<UnsignedByteType> plainLabels = ArrayImgs.unsignedBytes(W, H);
        Segmenter.label(pixels, plain, plainLabels, 2);
        MrfLabelling mrf = Segmenter.mrf(pixels, plain.withMrf(Mrf.parse("1.5")), true, 2, FitMonitor.NONE);
        Img<UnsignedByteType> mrfLabels = ArrayImgs.unsignedBytes(W, H);
        mrf.label(mrfLabels);
        double plainAri = AdjustedRandIndex.of(truth, labels(plainLabels));
        double mrfAri = AdjustedRandIndex.of(truth, labels(mrfLabels));
        assertTrue(plainAri < 0.6, "plain " + plainAri);
        assertTrue(mrfAri > 0.9, "mrf " + mrfAri);
        assertEquals(1.5, mrf.model().mrf().beta());
        assertTrue(mrf.model().mrf().sweeps() > 0);
        assertEquals(mrf.sweeps(), mrf.model().mrf().sweeps());

        // the probabilities are the HMRF responsibilities: they sum to one and their argmax is the label
        Img<FloatType> p = ArrayImgs.floats(W, H, 3);
        mrf.probabilities(p);
        int[] l = labels(mrfLabels);
        var ra = p.randomAccess();
        for (int i = 0; i < W * H; i += 37) {
            double sum = 0;
            int best = 0;
            float bestValue = -1;
            for (int c = 0; c < 3; c++) {
                ra.setPosition(new int[] {i % W, i / W, c});
                float v = ra.get().get();
                sum += v;
                if (v > bestValue) {
                    bestValue = v;
                    best = c;
                }
            }
            assertEquals(1, sum, 1e-5);
            assertEquals(l[i], best + 1);
        }
    }

    @Test
    void anAutoModelLabelsWithItsPriorAndSurvivesTheFile(@TempDir Path dir) throws Exception {
        int[] truth = new int[W * H];
        ImagePixels pixels = ImagePixels.of(noisy(truth, 2), false);
        SegmentationModel plain = Segmenter.fit(List.of(pixels), SegmentationOptions.of(3).withFeatures("gray")
                .withSeed(2)).model();
        MrfLabelling auto = Segmenter.mrf(pixels, plain.withMrf(Mrf.parse("auto")), true, 1, FitMonitor.NONE);
        assertTrue(auto.model().mrf().auto());
        assertTrue(auto.beta() > 0.3, "beta " + auto.beta());
        Path file = dir.resolve("m.json");
        auto.model().save(file);
        assertTrue(Files.readString(file).contains("\"mrf\""));
        SegmentationModel loaded = SegmentationModel.load(file);
        assertEquals(auto.model().mrf(), loaded.mrf());
        assertEquals(auto.model().mixture(), loaded.mixture());
        // applying: the sweeps with the loaded model fixed, through the plain labelling call
        Img<UnsignedByteType> applied = ArrayImgs.unsignedBytes(W, H);
        Segmenter.label(pixels, loaded, applied, 2);
        assertTrue(AdjustedRandIndex.of(truth, labels(applied)) > 0.9);
        // and the same bits on one and two threads
        Img<UnsignedByteType> one = ArrayImgs.unsignedBytes(W, H);
        Segmenter.label(pixels, loaded, one, 1);
        assertArrayEquals(labels(one), labels(applied));
    }

    @Test
    void betaZeroIsThePlainModel(@TempDir Path dir) throws Exception {
        int[] truth = new int[W * H];
        ImagePixels pixels = ImagePixels.of(noisy(truth, 3), false);
        SegmentationModel plain = Segmenter.fit(List.of(pixels), SegmentationOptions.of(3).withFeatures("gray")
                .withSeed(3)).model();
        SegmentationModel zero = plain.withMrf(Mrf.parse("0"));
        assertEquals(Mrf.NONE, zero.mrf());
        Img<UnsignedByteType> a = ArrayImgs.unsignedBytes(W, H);
        Img<UnsignedByteType> b = ArrayImgs.unsignedBytes(W, H);
        Segmenter.label(pixels, plain, a, 2);
        Segmenter.label(pixels, zero, b, 2);
        assertArrayEquals(labels(a), labels(b));
        plain.save(dir.resolve("a.json"));
        zero.save(dir.resolve("b.json"));
        assertEquals(Files.readString(dir.resolve("a.json")), Files.readString(dir.resolve("b.json")));
        assertThrows(IllegalArgumentException.class, () -> Segmenter.mrf(pixels, zero, true, 1, FitMonitor.NONE));
    }

    @Test
    void badValuesAreRefused(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Mrf.parse("strong"));
        assertThrows(IllegalArgumentException.class, () -> Mrf.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> Mrf.parse("11"));
        assertThrows(IllegalArgumentException.class, () -> Mrf.parse("NaN"));
        assertEquals(new Mrf(0, true, 0), Mrf.parse(" AUTO "));
        int[] truth = new int[W * H];
        SegmentationModel m = Segmenter.fit(List.of(ImagePixels.of(noisy(truth, 4), false)),
                SegmentationOptions.of(2).withFeatures("gray")).model().withMrf(new Mrf(1, false, 3));
        Path file = dir.resolve("m.json");
        m.save(file);
        Files.writeString(file, Files.readString(file).replaceFirst("\"beta\"\\s*:\\s*1\\.0", "\"beta\" : \"x\""));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SegmentationModel.load(file));
        assertTrue(e.getMessage().contains("mrf.beta"), e.getMessage());
    }

    @Test
    void aVolumeIsOneGridWithTheSixNeighbourhood() {
        // a ball and a slab in a noisy volume of anisotropic voxels (1 x 1 x 2): the sweeps run in 3-D
        int w = 28;
        int h = 24;
        int d = 12;
        Img<FloatType> img = ArrayImgs.floats(w, h, d);
        int[] truth = new int[w * h * d];
        SplittableRandom rng = new SplittableRandom(5);
        Cursor<FloatType> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            int x = c.getIntPosition(0);
            int y = c.getIntPosition(1);
            int z = c.getIntPosition(2);
            int r = (x - 10) * (x - 10) + (y - 12) * (y - 12) + 4 * (z - 6) * (z - 6) < 64 ? 1 : x > 20 ? 2 : 0;
            truth[(z * h + y) * w + x] = r;
            double noise = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            c.get().setReal(0.3 + 0.2 * r + 0.12 * noise);
        }
        ImagePixels volume = ImagePixels.of(img, ImageAxes.of("xyz").withCalibration(Calibration.of(1, 1, 2, "um")),
                false);
        SegmentationModel plain = Segmenter.fit(List.of(volume), SegmentationOptions.of(3).withFeatures("gray")
                .withSeed(5).withThreads(2)).model();
        Img<UnsignedByteType> plainLabels = ArrayImgs.unsignedBytes(w, h, d);
        Segmenter.label(volume, plain, plainLabels, 2);
        MrfLabelling mrf = Segmenter.mrf(volume, plain.withMrf(Mrf.parse("1.5")), true, 2, FitMonitor.NONE);
        Img<UnsignedByteType> mrfLabels = ArrayImgs.unsignedBytes(w, h, d);
        mrf.label(mrfLabels);
        double plainAri = AdjustedRandIndex.of(truth, flat(plainLabels));
        double mrfAri = AdjustedRandIndex.of(truth, flat(mrfLabels));
        assertTrue(plainAri < 0.6, "plain " + plainAri);
        assertTrue(mrfAri > 0.9, "mrf " + mrfAri);

        // labelling a volume with the refined model goes through Segmenter.Prepared, on one thread as on two
        Img<UnsignedByteType> one = ArrayImgs.unsignedBytes(w, h, d);
        Img<UnsignedByteType> two = ArrayImgs.unsignedBytes(w, h, d);
        Segmenter.label(volume, mrf.model(), one, 1);
        Segmenter.label(volume, mrf.model(), two, 2);
        assertArrayEquals(flat(one), flat(two));
        assertTrue(AdjustedRandIndex.of(truth, flat(one)) > 0.9);
        // the probabilities are X x Y x Z x K and their argmax is the label
        Img<FloatType> p = ArrayImgs.floats(w, h, d, 3);
        Segmenter.probabilities(volume, mrf.model(), p, 2);
        var ra = p.randomAccess();
        int[] l = flat(one);
        for (int i = 0; i < w * h * d; i += 53) {
            int best = 0;
            float bestValue = -1;
            for (int k = 0; k < 3; k++) {
                ra.setPosition(new int[] {i % w, (i / w) % h, i / (w * h), k});
                if (ra.get().get() > bestValue) {
                    bestValue = ra.get().get();
                    best = k;
                }
            }
            assertEquals(l[i], best + 1);
        }

        // the same voxels as a time series: its frames share the model but are not neighbours, so they
        // are labelled in 2-D, the probabilities and labels as X x Y x T
        ImagePixels series = ImagePixels.of(img, ImageAxes.of("xyt"), false);
        Img<UnsignedByteType> frames = ArrayImgs.unsignedBytes(w, h, d);
        Segmenter.label(series, mrf.model(), frames, 2);
        int[] f = flat(frames);
        assertTrue(AdjustedRandIndex.of(truth, f) > 0.8, "series " + AdjustedRandIndex.of(truth, f));
        assertTrue(AdjustedRandIndex.of(truth, f) < AdjustedRandIndex.of(truth, flat(one)));
    }

    @Test
    void aModelWithAPriorSerializesForSparkJobs() throws Exception {
        int[] truth = new int[W * H];
        SegmentationModel m = Segmenter.fit(List.of(ImagePixels.of(noisy(truth, 6), false)),
                SegmentationOptions.of(2).withFeatures("gray")).model().withMrf(Mrf.parse("auto"));
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            SegmentationModel back = (SegmentationModel) in.readObject();
            assertEquals(m.mrf(), back.mrf());
            assertEquals(m.mixture(), back.mixture());
        }
    }

    /** Labels of an X x Y x Z image in the order x fastest. */
    static int[] flat(Img<UnsignedByteType> img) {
        int[] out = new int[(int) img.size()];
        int i = 0;
        Cursor<UnsignedByteType> c = img.cursor();
        while (c.hasNext()) {
            out[i++] = c.next().get();
        }
        return out;
    }
}
