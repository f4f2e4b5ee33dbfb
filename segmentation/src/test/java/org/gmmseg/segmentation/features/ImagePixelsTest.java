package org.gmmseg.segmentation.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.junit.jupiter.api.Test;

class ImagePixelsTest {
    @Test
    void everyNonFiniteValueExcludesItsPixel() {
        float[] v = {0.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f};
        ImagePixels px = ImagePixels.of(ArrayImgs.floats(v, 5, 1), false);
        double[][] row = new double[1][5];
        boolean[] valid = new boolean[5];

        px.readRow(0, row, valid);

        assertArrayEquals(new boolean[] {true, false, false, false, true}, valid);
    }

    @Test
    void rowsRunSliceBySliceAndFrameByFrame() {
        // X 2, Y 3, Z 2, T 2; value = 1000 t + 100 z + 10 y + x
        float[] v = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < v.length; i++) {
            int x = i % 2;
            int y = i / 2 % 3;
            int z = i / 6 % 2;
            int t = i / 12;
            v[i] = 1000 * t + 100 * z + 10 * y + x;
        }
        ImagePixels px = ImagePixels.of(ArrayImgs.floats(v, 2, 3, 2, 2), ImageAxes.of("xyzt"), false);
        assertEquals(3, px.height());
        assertEquals(2, px.depth());
        assertEquals(2, px.frames());
        assertEquals(12, px.rows());
        double[][] row = new double[1][2];
        boolean[] valid = new boolean[2];

        px.readRow(0 + 3 * (1 + 2 * 1), row, valid); // y 0, z 1, t 1
        assertArrayEquals(new double[] {1100, 1101}, row[0]);
        px.frame(1).readRow(3 + 2, row, valid); // y 2, z 1
        assertArrayEquals(new double[] {1120, 1121}, row[0]);
    }

    @Test
    void axesInAnyOrderReadTheSamePixels() {
        // the same volume stored Z, Y, X (as numpy would): dimension 0 is z
        float[] v = new float[4 * 3 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        ImagePixels zyx = ImagePixels.of(ArrayImgs.floats(v, 2, 3, 4), ImageAxes.of("zyx"), false);
        assertEquals(4, zyx.width());
        assertEquals(2, zyx.depth());
        double[][] row = new double[1][4];
        zyx.readRow(3 + 1, row, new boolean[4]); // y 1, z 1
        assertArrayEquals(new double[] {3, 9, 15, 21}, row[0]); // z + 2 (y + 3 x)
    }

    @Test
    void smoothingIsSeparableIn3dAndPerFrame() {
        int w = 6;
        int h = 5;
        int d = 4;
        Random r = new Random(3);
        float[] v = new float[w * h * d * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        ImagePixels px = ImagePixels.of(ArrayImgs.floats(v, w, h, d, 2), ImageAxes.of("xyzt"), false);

        ImagePixels s = px.smoothed(0.8, 1.1, 0.7);

        // a separable Gaussian is the product of three kernels: check one voxel against the triple sum
        double[][] row = new double[1][w];
        boolean[] valid = new boolean[w];
        int x = 2;
        int y = 1;
        int z = 3;
        int t = 1;
        s.readRow(y + h * (z + d * t), row, valid);
        double expected = 0;
        for (int k = -3; k <= 3; k++) {
            for (int j = -4; j <= 4; j++) {
                for (int i = -3; i <= 3; i++) {
                    expected += weight(i, 0.8) * weight(j, 1.1) * weight(k, 0.7)
                            * v[mirror(x + i, w) + w * (mirror(y + j, h) + h * (mirror(z + k, d) + d * t))];
                }
            }
        }
        assertEquals(expected, row[0][x], 1e-5);
    }

    /** The normalised weight of offset i of a Gaussian cut at 3 sigma. */
    private static double weight(int i, double sigma) {
        int radius = (int) Math.max(1, Math.ceil(3 * sigma));
        if (Math.abs(i) > radius) {
            return 0;
        }
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            sum += Math.exp(-0.5 * t * t / (sigma * sigma));
        }
        return Math.exp(-0.5 * i * i / (sigma * sigma)) / sum;
    }

    private static int mirror(int p, int n) {
        int period = 2 * (n - 1);
        p = Math.floorMod(p, period);
        return p < n ? p : period - p;
    }

    @Test
    void sigmaInPhysicalUnitsBecomesSamplesPerAxis() {
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(8, 7, 5);
        Random r = new Random(4);
        img.forEach(t -> t.set(r.nextFloat()));
        Calibration cal = Calibration.of(0.5, 0.5, 2, "micron");
        ImagePixels px = ImagePixels.of(img, ImageAxes.of("xyz").withCalibration(cal), false);

        ImagePixels physical = px.smoothed(1.0);
        ImagePixels samples = px.smoothed(2.0, 2.0, 0.5);

        double[][] a = new double[1][8];
        double[][] b = new double[1][8];
        for (int row = 0; row < px.rows(); row++) {
            physical.readRow(row, a, new boolean[8]);
            samples.readRow(row, b, new boolean[8]);
            assertArrayEquals(b[0], a[0]);
        }
    }

    @Test
    void hugeSigmaAveragesTheWholeImageWithoutOverflow() {
        float[] v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        ImagePixels px = ImagePixels.of(ArrayImgs.floats(v, 4, 3), false);

        ImagePixels s = px.smoothed(1e9);

        double[][] row = new double[1][4];
        boolean[] valid = new boolean[4];
        // mirrored means along x (ends once, middle twice) and then along y
        double[] xMeans = new double[3];
        for (int y = 0; y < 3; y++) {
            xMeans[y] = (v[4 * y] + v[4 * y + 3] + 2 * (v[4 * y + 1] + v[4 * y + 2])) / 6.0;
        }
        double all = (xMeans[0] + xMeans[2] + 2 * xMeans[1]) / 4.0;
        for (int y = 0; y < 3; y++) {
            s.readRow(y, row, valid);
            for (int x = 0; x < 4; x++) {
                assertEquals(all, row[0][x], 1e-5);
            }
        }
    }

    @Test
    void excludedPixelsNeitherContributeNorAreFilled() {
        float[] v = {1, 1, Float.NaN, 1, 1, 9};
        ImagePixels s = ImagePixels.of(ArrayImgs.floats(v, 6, 1), false).smoothed(1);
        double[][] row = new double[1][6];
        boolean[] valid = new boolean[6];

        s.readRow(0, row, valid);

        assertFalse(valid[2]);
        assertEquals(0, row[0][2]);
        assertTrue(valid[1]);
        assertEquals(1, row[0][0], 1e-6, "no NaN leaks into its neighbours");
    }

    @Test
    void outputsMustHaveTheImagesSize() {
        ImagePixels px = ImagePixels.of(ArrayImgs.floats(4, 3, 2), ImageAxes.of("xyz"), false);
        assertEquals(3, px.outputView(ArrayImgs.unsignedBytes(4, 3, 2), false).numDimensions() - 1);
        assertThrows(IllegalArgumentException.class, () -> px.outputView(ArrayImgs.unsignedBytes(4, 3), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> px.outputView(ArrayImgs.unsignedBytes(4, 3, 5), false));
        assertEquals("the output is 4 x 3 x 5 but the image is 4 x 3 x 2 slices", e.getMessage());
    }

    /** Every row of the image read from its array and through accessors (a view, not an array image). */
    private static void assertSameRows(RandomAccessibleInterval<? extends RealType<?>> img, ImageAxes axes,
            boolean alpha) {
        ImagePixels direct = ImagePixels.of(img, axes, alpha);
        ImagePixels viewed = ImagePixels.of(Views.interval(img, img), axes, alpha);
        for (ImagePixels[] pair : new ImagePixels[][] {{direct, viewed}, {direct.frame(direct.frames() - 1),
            viewed.frame(viewed.frames() - 1)}}) {
            int w = pair[0].width();
            double[][] a = new double[pair[0].colorChannels()][w];
            double[][] b = new double[pair[0].colorChannels()][w];
            boolean[] va = new boolean[w];
            boolean[] vb = new boolean[w];
            for (int r = 0; r < pair[0].rows(); r++) {
                pair[0].readRow(r, a, va);
                pair[1].readRow(r, b, vb);
                for (int c = 0; c < a.length; c++) {
                    assertArrayEquals(b[c], a[c], 0.0, "row " + r + ", channel " + c);
                }
                assertArrayEquals(vb, va, "row " + r);
            }
        }
    }

    @Test
    void arraysAreReadAsTheirAccessorsReadThem() {
        Random random = new Random(4);
        // 8-bit with alpha (X, Y, C), 16-bit hyperstack (X, Y, C, Z, T), float with non-finite values (X, Y, Z, T)
        var bytes = ArrayImgs.unsignedBytes(7, 5, 3);
        bytes.forEach(v -> v.setInteger(random.nextInt(256)));
        assertSameRows(bytes, ImageAxes.of("xyc"), true);
        var shorts = ArrayImgs.unsignedShorts(6, 4, 2, 3, 2);
        shorts.forEach(v -> v.setInteger(random.nextInt(65536)));
        assertSameRows(shorts, ImageAxes.of("xyczt"), false);
        var floats = ArrayImgs.floats(5, 4, 3, 2);
        floats.forEach(v -> v.setReal(random.nextInt(10) == 0 ? Float.POSITIVE_INFINITY : random.nextGaussian()));
        floats.randomAccess().setPositionAndGet(1, 1, 1, 1).setReal(Float.NaN);
        assertSameRows(floats, ImageAxes.of("xyzt"), false);
        // axes out of X, Y, C, Z, T order: read through the view, as before
        assertSameRows(ArrayImgs.unsignedBytes(3, 4, 5), ImageAxes.of("zyx"), false);
    }
}
