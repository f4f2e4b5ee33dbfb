package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.eval.AdjustedRandIndex;
import org.junit.jupiter.api.Test;

/**
 * Synthetic volumes with known 3-D structure, segmented as volumes: one sample set, smoothing in 3-D. The images are
 * small (at most 64 x 64 x 24) and seeded.
 */
class VolumeSegmentationTest {
    /** A volume: truth labels and noisy float values. */
    private record Volume(int w, int h, int d, int[] truth, float[] values) {
        RandomAccessibleInterval<?> image() {
            return ArrayImgs.floats(values, w, h, d);
        }
    }

    private interface Structure {
        int label(int x, int y, int z);
    }

    private static Volume volume(int w, int h, int d, Structure structure, double[] levels, double noise, long seed) {
        Random random = new Random(seed);
        int[] truth = new int[w * h * d];
        float[] values = new float[truth.length];
        for (int z = 0, i = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i++) {
                    truth[i] = structure.label(x, y, z);
                    values[i] = (float) (levels[truth[i]] + noise * random.nextGaussian());
                }
            }
        }
        return new Volume(w, h, d, truth, values);
    }

    private static int[] flat(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        int[] out = new int[(int) Views.iterable(labels).size()];
        int i = 0;
        for (IntegerType<?> t : Views.flatIterable(labels)) {
            out[i++] = t.getInteger();
        }
        return out;
    }

    private static double ari(Volume v, ImageAxes axes, SegmentationOptions options) {
        SegmentationModel model = GmmSegmentation.fit(v.image(), axes, options);
        return AdjustedRandIndex.of(v.truth(), flat(GmmSegmentation.segment(v.image(), axes, model)));
    }

    /** The same volume segmented plane by plane, each with its own 2-D model. */
    private static double ariPerPlane(Volume v, SegmentationOptions options) {
        int[] labels = new int[v.truth().length];
        int plane = v.w() * v.h();
        RandomAccessibleInterval<?> image = v.image();
        for (int z = 0; z < v.d(); z++) {
            RandomAccessibleInterval<?> slice = Views.hyperSlice(image, 2, z);
            SegmentationModel model = GmmSegmentation.fit(slice, options);
            int[] slab = flat(GmmSegmentation.segment(slice, model));
            System.arraycopy(slab, 0, labels, z * plane, plane);
        }
        return AdjustedRandIndex.of(v.truth(), labels);
    }

    private static SegmentationOptions options(int k) {
        return SegmentationOptions.of(k).withFeatures("gray").withSeed(1).withThreads(2);
    }

    @Test
    void twoSpheresInNoiseAreFoundIn3d() {
        // a dark and a bright sphere in a mid-gray background: each voxel's noise is half the contrast
        Volume v = volume(48, 48, 40, (x, y, z) -> {
            if (sq(x - 15) + sq(y - 15) + sq(z - 13) <= 100) {
                return 1;
            }
            return sq(x - 32) + sq(y - 31) + sq(z - 26) <= 144 ? 2 : 0;
        }, new double[] {0.5, 0.2, 0.8}, 0.15, 7);

        double ari = ari(v, ImageAxes.of("xyz"), options(3).withSmoothing(0.7));

        assertTrue(ari > 0.95, "ARI " + ari);
    }

    @Test
    void aStructureSeenOnlyAcrossSlicesIsFoundIn3dButNotPlaneByPlane() {
        // a faint tube along z in a finely sampled stack (slices 0.125 micron apart, pixels 1 micron): in one slice it
        // is lost in the noise, smoothed by 1.2 micron in 3-D (10 slices along z, 1.2 pixels across) it is plain
        Volume v = volume(64, 64, 24, (x, y, z) -> sq(x - 32) + sq(y - 30) <= 196 ? 1 : 0,
                new double[] {0.4, 0.6}, 0.5, 11);
        SegmentationOptions smoothed = options(2).withSmoothing(1.2);
        ImageAxes axes = ImageAxes.of("xyz").withCalibration(Calibration.of(1, 1, 0.125, "micron"));

        double volume = ari(v, axes, smoothed);
        double planes = ariPerPlane(v, smoothed);

        assertTrue(volume > 0.95, "ARI in 3-D " + volume);
        assertTrue(planes < 0.5, "ARI plane by plane " + planes);
    }

    @Test
    void anisotropicVoxelsNeedTheirCalibration() {
        // a plate two slices thick, slices 4 microns apart, pixels 1 micron wide: smoothing by 1.5 microns keeps the
        // plate, smoothing by 1.5 samples in every direction (the voxel size unknown) blurs it into its neighbours
        Volume v = volume(48, 48, 20, (x, y, z) -> (z == 9 || z == 10) && sq(x - 24) + sq(y - 24) <= 225 ? 1 : 0,
                new double[] {0.3, 0.7}, 0.25, 5);
        SegmentationOptions options = options(2).withSmoothing(1.5);

        double calibrated = ari(v, ImageAxes.of("xyz").withCalibration(Calibration.of(1, 1, 4, "micron")), options);
        double uncalibrated = ari(v, ImageAxes.of("xyz"), options);

        assertTrue(calibrated > 0.95, "ARI with the voxel size " + calibrated);
        assertTrue(uncalibrated < 0.8, "ARI in samples " + uncalibrated);
    }

    @Test
    void xyzCoordinatesAreScaledByTheVoxelSize() {
        // 11 x 11 pixels of 1 micron, 3 slices 5 microns apart: z spans 10 microns as x and y do
        Img<?> img = ArrayImgs.floats(11, 11, 3);
        SegmentationOptions opts = SegmentationOptions.of(1).withFeatures("gray+xyz");
        ImageAxes axes = ImageAxes.of("xyz").withCalibration(Calibration.of(1, 1, 5, "micron"));
        double[] scales = new org.gmmseg.segmentation.features.FeaturePipeline(opts.features(), 1)
                .coordinateScales(GmmSegmentation.pixels(img, axes));

        assertEquals(0.1, scales[0], 1e-15);
        assertEquals(0.1, scales[1], 1e-15);
        assertEquals(0.5, scales[2], 1e-15, "a slice step is 5 pixel steps");
    }

    private static int sq(int v) {
        return v * v;
    }
}
