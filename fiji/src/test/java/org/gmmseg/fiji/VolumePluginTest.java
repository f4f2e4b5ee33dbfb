package org.gmmseg.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.Calibration;
import ij.process.ByteProcessor;

import org.gmmseg.core.io.ModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's volume mode through {@code IJ.run}: one model for a z-stack, 3-D features and smoothing. */
class VolumePluginTest {
    private static final String SEGMENT = "GMM Segmentation";

    @BeforeEach
    void setUp() {
        HeadlessImageJ.setUp();
    }

    /**
     * An 8-bit z-stack, 40 x 32 x 12, calibrated 0.5 x 0.5 x 2 micron: a faint ball (radius 5 microns) in noise.
     * The ball's values overlap the background's so much that a plane alone does not show it.
     */
    static ImagePlus ball(String title) {
        ImageStack stack = new ImageStack(40, 32);
        SplittableRandom random = new SplittableRandom(17);
        for (int z = 0; z < 12; z++) {
            ByteProcessor bp = new ByteProcessor(40, 32);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 40; x++) {
                    double dx = (x - 20) * 0.5;
                    double dy = (y - 16) * 0.5;
                    double dz = (z - 6) * 2.0;
                    int level = dx * dx + dy * dy + dz * dz <= 25 ? 120 : 100;
                    bp.set(x, y, (int) Math.max(0, Math.min(255, Math.round(level + 25 * random.nextGaussian()))));
                }
            }
            stack.addSlice(bp);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.5;
        cal.pixelDepth = 2;
        cal.setUnit("micron");
        return imp;
    }

    @Test
    void aZStackIsSegmentedAsOneVolume(@TempDir Path dir) throws Exception {
        ImagePlus imp = ball("ball");
        Path model = dir.resolve("ball.json");

        String log = HeadlessImageJ.run(imp, SEGMENT, "components=2 smoothing=1.5 seed=1 probability_stack "
                + "label_image stacks=volume save_model=[" + model + "]");

        assertEquals("", log.strip());
        ImagePlus labels = WindowManager.getImage("ball-labels");
        assertNotNull(labels);
        assertEquals(12, labels.getNSlices());
        assertEquals(0.5, labels.getCalibration().pixelWidth);
        assertEquals(2.0, labels.getCalibration().pixelDepth);
        assertEquals("micron", labels.getCalibration().getUnit());
        // the ball's centre and a far corner, in the middle slice and at the ball's top
        assertEquals(2, labels.getStack().getProcessor(7).get(20, 16));
        assertEquals(1, labels.getStack().getProcessor(7).get(1, 1));
        assertEquals(2, labels.getStack().getProcessor(8).get(20, 16));
        assertEquals(1, labels.getStack().getProcessor(1).get(20, 16));
        ImagePlus probabilities = WindowManager.getImage("ball-probabilities");
        assertEquals(2, probabilities.getNChannels());
        assertEquals(12, probabilities.getNSlices());
        var features = ModelFile.read(model).extensions().get("features");
        assertEquals("xyz", features.get("axes").get(0).asText());
        assertEquals("micron", features.get("smoothingUnit").asText());
    }

    @Test
    void xyCoordinatesOfAVolumeIncludeZ(@TempDir Path dir) throws Exception {
        ImagePlus imp = ball("ballxyz");
        Path model = dir.resolve("m.json");

        String log = HeadlessImageJ.run(imp, SEGMENT, "components=2 xy smoothing=1 seed=1 stacks=volume save_model=["
                + model + "]");

        assertEquals("", log.strip());
        var names = ModelFile.read(model).extensions().get("features").get("names");
        assertEquals("z", names.get(names.size() - 1).asText());
        assertEquals("xyz", ModelFile.read(model).extensions().get("features").get("coordinates").asText());
    }

    @Test
    void aHyperstackKeepsItsSlicesAndFramesAsAVolume() {
        ImagePlus imp = TestImagePlus.composite("hyper", 3, 2, 5);
        imp.getCalibration().pixelDepth = 3;
        imp.getCalibration().frameInterval = 4;

        String log = HeadlessImageJ.run(imp, SEGMENT, "components=3 seed=1 label_image probability_stack overlay "
                + "stacks=volume");

        assertEquals("", log.strip());
        ImagePlus labels = WindowManager.getImage("hyper-labels");
        assertEquals(1, labels.getNChannels());
        assertEquals(3, labels.getNSlices());
        assertEquals(2, labels.getNFrames());
        assertEquals(3.0, labels.getCalibration().pixelDepth);
        assertEquals(4.0, labels.getCalibration().frameInterval);
        ImagePlus probabilities = WindowManager.getImage("hyper-probabilities");
        assertEquals(3, probabilities.getNChannels());
        assertEquals(3, probabilities.getNSlices());
        assertEquals(2, probabilities.getNFrames());
        assertEquals(6, WindowManager.getImage("hyper-overlay").getStackSize());
        // the bands of the composite: channel 1 bright on the left, channel 2 on the right, both dim between
        for (int i = 1; i <= 6; i++) {
            int left = labels.getStack().getProcessor(i).get(2, 2);
            int middle = labels.getStack().getProcessor(i).get(TestImagePlus.W / 2, 2);
            int right = labels.getStack().getProcessor(i).get(TestImagePlus.W - 3, 2);
            assertTrue(left != middle && middle != right && left != right, "plane " + i);
        }
    }
}
