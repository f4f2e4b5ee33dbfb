package org.gmmseg.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.batch.OutputFiles;
import org.gmmseg.segmentation.batch.OutputLayout;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gmmseg and ImageJ 1.54p read each other's TIFFs: hyperstacks that {@code IJ.saveAsTiff} writes are read with their
 * axes, voxel size and plane order, and the label, probability and overlay TIFFs gmmseg writes open in ImageJ with the
 * input's dimensions, hyperstack order and calibration.
 */
class ImageJRoundTripTest {
    private static final int W = 20;
    private static final int H = 14;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        HeadlessImageJ.setUp();
    }

    /**
     * A C x Z x T composite whose pixel (x, y) of plane (c, z, t) is 1000 c + 100 z + 10 t + (x < W / 2 ? 0 : 5000)
     * plus y, calibrated 0.25 x 0.5 x 2 micron, 1.5 s per frame.
     */
    private static ImagePlus hyperstack(int channels, int slices, int frames) {
        ImageStack stack = new ImageStack(W, H);
        for (int t = 0; t < frames; t++) {
            for (int z = 0; z < slices; z++) {
                for (int c = 0; c < channels; c++) {
                    ShortProcessor sp = new ShortProcessor(W, H);
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            sp.set(x, y, code(c, z, t) + (x < W / 2 ? 0 : 5000) + y);
                        }
                    }
                    stack.addSlice(sp);
                }
            }
        }
        ImagePlus imp = new ImagePlus("h", stack);
        imp.setDimensions(channels, slices, frames);
        imp.setOpenAsHyperStack(true);
        ImagePlus out = channels > 1 ? new CompositeImage(imp, IJ.COMPOSITE) : imp;
        Calibration cal = out.getCalibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 0.5;
        cal.pixelDepth = 2;
        cal.setUnit("micron");
        cal.frameInterval = 1.5;
        cal.setTimeUnit("s");
        return out;
    }

    private static int code(int c, int z, int t) {
        return 1000 * c + 100 * z + 10 * t;
    }

    private static double value(ImageData image, long... position) {
        RandomAccess<? extends RealType<?>> ra = image.pixels().randomAccess();
        ra.setPosition(position);
        return ra.get().getRealDouble();
    }

    @Test
    void aHyperstackSavedByImageJIsReadWithItsAxesVoxelSizeAndPlaneOrder() throws Exception {
        Path file = dir.resolve("h.tif");
        assertTrue(IJ.saveAsTiff(hyperstack(2, 4, 3), file.toString()));

        ImageData image = ImageReader.read(file);

        assertEquals("xyczt", image.axes().letters());
        assertEquals(2, image.channels());
        assertEquals(4, image.depth());
        assertEquals(3, image.frames());
        org.gmmseg.segmentation.axes.Calibration cal = image.calibration();
        assertEquals("micron", cal.unit());
        assertEquals(0.25, cal.pixelWidth(), 1e-9);
        assertEquals(0.5, cal.pixelHeight(), 1e-9);
        assertEquals(2.0, cal.voxelDepth());
        assertEquals(1.5, cal.frameInterval());
        assertEquals("s", cal.timeUnit());
        for (int t = 0; t < 3; t++) {
            for (int z = 0; z < 4; z++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(code(c, z, t) + 5000 + 7, value(image, 15, 7, c, z, t), "plane " + c + z + t);
                }
            }
        }
    }

    @Test
    void anRgbZStackSavedByImageJIsReadAsAVolumeWithThreeChannels() throws Exception {
        ImageStack stack = new ImageStack(W, H);
        for (int z = 0; z < 3; z++) {
            ColorProcessor cp = new ColorProcessor(W, H);
            cp.setColor(new java.awt.Color(10 * z, 20 + z, 200 - z));
            cp.fill();
            stack.addSlice(cp);
        }
        Path file = dir.resolve("rgb.tif");
        assertTrue(IJ.saveAsTiff(new ImagePlus("rgb", stack), file.toString()));

        ImageData image = ImageReader.read(file);

        assertEquals("xycz", image.axes().letters());
        assertEquals(3, image.channels());
        assertEquals(3, image.depth());
        assertEquals(20, value(image, 4, 4, 0, 2));
        assertEquals(22, value(image, 4, 4, 1, 2));
        assertEquals(198, value(image, 4, 4, 2, 2));
    }

    /** Saves the image with ImageJ, segments the file with 2 components as a batch would, returns the label file. */
    private Path saveAndSegment(ImagePlus input, String name, OutputLayout layout) throws Exception {
        Path file = dir.resolve(name + ".tif");
        assertTrue(IJ.saveAsTiff(input, file.toString()));
        ImagePixels pixels = GmmSegmentation.pixels(ImageReader.read(file));
        SegmentationModel model = Segmenter.fit(List.of(pixels), SegmentationOptions.of(2).withFeatures("channels")
                .withSeed(1)).model();
        return OutputFiles.of(layout, Path.of(name)).write(pixels, model, 1);
    }

    @Test
    void gmmsegsTiffsOpenInImageJWithTheInputsLayoutAndCalibration() throws Exception {
        Path labelFile = saveAndSegment(hyperstack(2, 3, 2), "in", new OutputLayout(dir, null, true, true, false, null));
        Path file = dir.resolve("in.tif");

        ImagePlus reference = IJ.openImage(file.toString());
        ImagePlus labels = IJ.openImage(labelFile.toString());
        assertEquals(1, labels.getNChannels());
        assertEquals(reference.getNSlices(), labels.getNSlices());
        assertEquals(reference.getNFrames(), labels.getNFrames());
        assertTrue(labels.isHyperStack());
        assertSameCalibration(reference.getCalibration(), labels.getCalibration());
        // plane (z, t) of the labels in ImageJ's order is plane (z, t) of what gmmseg wrote; the left half is label 1
        ImageData written = ImageReader.read(labelFile);
        for (int t = 1; t <= 2; t++) {
            for (int z = 1; z <= 3; z++) {
                var ip = labels.getStack().getProcessor(labels.getStackIndex(1, z, t));
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        assertEquals(value(written, x, y, 0, z - 1, t - 1), ip.get(x, y));
                        assertEquals(x < W / 2 ? 1 : 2, ip.get(x, y));
                    }
                }
            }
        }

        ImagePlus probabilities = IJ.openImage(dir.resolve("in_probabilities.tif").toString());
        assertEquals(2, probabilities.getNChannels());
        assertEquals(3, probabilities.getNSlices());
        assertEquals(2, probabilities.getNFrames());
        assertEquals(32, probabilities.getBitDepth());
        assertSameCalibration(reference.getCalibration(), probabilities.getCalibration());
        var p = probabilities.getStack().getProcessor(probabilities.getStackIndex(2, 3, 2));
        assertEquals(1.0, p.getf(W - 1, H - 1), 1e-6, "the right half is component 2");

        ImagePlus overlay = IJ.openImage(dir.resolve("in_overlay.tif").toString());
        assertEquals(ImagePlus.COLOR_RGB, overlay.getType());
        assertEquals(6, overlay.getStackSize());
        assertEquals(3, overlay.getNSlices());
        assertEquals(2, overlay.getNFrames());
    }

    @Test
    void aPlaneOfTiffLabelsCarriesTheCalibrationToImageJ() throws Exception {
        Path labelFile = saveAndSegment(hyperstack(1, 1, 1), "plane", new OutputLayout(dir,
                org.gmmseg.segmentation.io.MaskFormat.TIF, false, false, false, null));

        ImagePlus labels = IJ.openImage(labelFile.toString());

        assertEquals(1, labels.getStackSize());
        assertSameCalibration(IJ.openImage(dir.resolve("plane.tif").toString()).getCalibration(),
                labels.getCalibration());
    }

    private static void assertSameCalibration(Calibration expected, Calibration actual) {
        assertEquals(expected.getUnit(), actual.getUnit());
        assertEquals(expected.pixelWidth, actual.pixelWidth, 1e-9 * expected.pixelWidth);
        assertEquals(expected.pixelHeight, actual.pixelHeight, 1e-9 * expected.pixelHeight);
        assertEquals(expected.pixelDepth, actual.pixelDepth, 1e-12);
        assertEquals(expected.frameInterval, actual.frameInterval, 1e-12);
        assertEquals(expected.getTimeUnit(), actual.getTimeUnit());
    }
}
