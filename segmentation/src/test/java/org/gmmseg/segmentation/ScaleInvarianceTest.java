package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.em.MixtureEvaluator;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.ImageReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Labels do not depend on a positive scale of 16-bit intensities: a 12-bit image (values up to
 * 4095 in a 16-bit file) and the same image times 4 and times 15 get the same labels, because
 * the covariances are regularised relative to the pooled feature variances.
 */
class ScaleInvarianceTest {
    /** A 200 x 150 crop of the bundled 12-bit, 3-channel fluorescence image (nuclei and cells). */
    private static Img<UnsignedShortType> crop(int factor) throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> image = ImageReader.read(
                Path.of("..", "samples", "data", "bbbc022_IXMtest_A02_s9_16bit_3ch.tif")).pixels();
        Img<UnsignedShortType> out = ArrayImgs.unsignedShorts(200, 150, 3);
        RandomAccess<? extends RealType<?>> in = image.randomAccess();
        Cursor<UnsignedShortType> c = out.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            in.setPosition(new long[] {250 + c.getLongPosition(0), 120 + c.getLongPosition(1), c.getLongPosition(2)});
            long v = Math.round(in.get().getRealDouble() * factor);
            assertTrue(v <= 65535, "no clipping");
            c.get().set((int) v);
        }
        return out;
    }

    private static int[] labels(Img<? extends IntegerType<?>> img) {
        int[] out = new int[(int) (img.dimension(0) * img.dimension(1))];
        int i = 0;
        for (IntegerType<?> t : Views.flatIterable(img)) {
            out[i++] = t.getInteger();
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void labelsAndWeightsDoNotChangeWhenIntensitiesAreScaled(CovarianceType type) throws IOException {
        SegmentationOptions options = SegmentationOptions.of(3).withFeatures("channels")
                .withCovariance(type.id()).withSeed(1);
        SegmentationModel x1 = GmmSegmentation.fit(crop(1), options);
        int[] expected = labels(GmmSegmentation.segment(crop(1), x1));
        assertEquals(3, java.util.Arrays.stream(expected).distinct().count(), "three labels in use");
        for (int factor : new int[] {4, 15}) {
            SegmentationModel scaled = GmmSegmentation.fit(crop(factor), options);
            assertArrayEquals(expected, labels(GmmSegmentation.segment(crop(factor), scaled)), "x" + factor);
            assertArrayEquals(x1.mixture().weights(), scaled.mixture().weights(), 1e-9, "weights x" + factor);
            double[] scales = scaled.fit().regScale().scales();
            assertEquals(x1.fit().regScale().scales()[0] * factor * factor, scales[0], 1e-5 * scales[0],
                    "the regularisation scales with the data (to its 6 digits)");
        }
    }

    /**
     * What the relative regularisation fixes: with scikit-learn's absolute regCovar (1e-6, the size
     * of these features' variances: 12 bits of 16 give values up to 0.0625), the same pixels
     * times 15 get other labels.
     */
    @ParameterizedTest
    @EnumSource(value = CovarianceType.class, names = {"FULL", "DIAG"})
    void anAbsoluteRegCovarChangesLabelsWhenIntensitiesAreScaled(CovarianceType type) throws IOException {
        Samples x1 = features(crop(1));
        Samples x15 = features(crop(15));
        FitOptions options = FitOptions.of(3).withCovarianceType(type).withSeed(1);
        int absolute = differences(fitLabels(x1, options), fitLabels(x15, options));
        assertTrue(absolute > x1.size() / 1000, absolute + " of " + x1.size() + " labels changed with an absolute regCovar");
        SamplePool pool = new SamplePool(FeatureSpec.parse("channels", 0, 0), 0, 0);
        int relative = differences(fitLabels(x1, options.withRegScale(pool.regScale(x1))),
                fitLabels(x15, options.withRegScale(pool.regScale(x15))));
        assertEquals(0, relative);
    }

    /** The channels features of every pixel: values over 65535, as ImagePixels gives them. */
    private static Samples features(Img<UnsignedShortType> img) {
        int n = (int) (img.dimension(0) * img.dimension(1));
        double[] x = new double[n * 3];
        RandomAccess<UnsignedShortType> ra = img.randomAccess();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                x[i * 3 + c] = ra.setPositionAndGet(i % img.dimension(0), i / img.dimension(0), c).get() / 65535.0;
            }
        }
        return Samples.wrap(x, 3, null);
    }

    private static int[] fitLabels(Samples x, FitOptions options) {
        FitResult r = EmFitter.fit(x, options);
        int[] labels = new int[x.size()];
        new MixtureEvaluator(SegmentationModel.inLabelOrder(r.model())).predict(x.values(), 0, x.size(), labels, 0);
        return labels;
    }

    private static int differences(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] != b[i] ? 1 : 0;
        }
        assertFalse(a.length == 0);
        return n;
    }
}
