package org.gmmseg.fiji;

import static org.gmmseg.fiji.TestImagePlus.H;
import static org.gmmseg.fiji.TestImagePlus.W;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.process.ImageProcessor;

import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands run through {@code IJ.run} in headless ImageJ, as a macro or Fiji --headless would. */
class SegmentPluginTest {
    private static final String SEGMENT = "GMM Segmentation";
    private static final String APPLY = "GMM Segmentation (apply model)";

    @BeforeEach
    void setUp() {
        assertTrue(GraphicsEnvironment.isHeadless(), "the tests run headless (surefire sets java.awt.headless)");
        HeadlessImageJ.setUp();
    }

    private static ImagePlus image(String title) {
        ImagePlus imp = WindowManager.getImage(title);
        assertNotNull(imp, "no image '" + title + "' open");
        return imp;
    }

    /** Every pixel of band b has label b + 1 (labels are ordered by the mean of the first feature). */
    private static void assertBands(ImageProcessor labels) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(TestImagePlus.band(x) + 1, labels.get(x, y), "label at " + x + "," + y);
            }
        }
    }

    private static ImagePlus segment(ImagePlus imp, String options) {
        String log = HeadlessImageJ.run(imp, SEGMENT, options);
        assertEquals("", log.strip(), "the command logged an error");
        return image(Titles.derived(imp.getTitle(), "-labels"));
    }

    @Test
    void labelsAn8BitImage() {
        ImagePlus imp = TestImagePlus.gray8("bands8.tif", 1);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().setUnit("mm");
        ImagePlus labels = segment(imp, "components=3 seed=1");
        assertEquals("bands8-labels", labels.getTitle(), "saved as bands8-labels.tif, not bands8.tif-labels.tif");
        assertEquals(W, labels.getWidth());
        assertEquals(H, labels.getHeight());
        assertEquals(1, labels.getStackSize());
        assertEquals(8, labels.getBitDepth());
        assertBands(labels.getProcessor());
        assertEquals(0.5, labels.getCalibration().pixelWidth);
        assertEquals("mm", labels.getCalibration().getUnit());
        assertEquals(0, labels.getProcessor().getLut().getRGB(0) & 0xffffff, "label 0 is black");
        assertTrue(labels.getProcessor().isColorLut(), "labels have a colour palette");
        assertEquals(labels, WindowManager.getCurrentImage(), "the label image becomes the current image");
    }

    @Test
    void sameOptionsGiveTheSameLabels() {
        ImagePlus imp = TestImagePlus.gray8("again", 2);
        int[] first = TestImagePlus.values(segment(imp, "components=3 seed=7 covariance=diag").getProcessor());
        HeadlessImageJ.closeAll();
        int[] second = TestImagePlus.values(segment(imp, "components=3 seed=7 covariance=diag").getProcessor());
        assertArrayEquals(first, second);
    }

    @Test
    void labelsA16BitImage() {
        ImagePlus labels = segment(TestImagePlus.gray16("bands16", 3), "components=3 seed=1");
        assertEquals(8, labels.getBitDepth(), "K <= 255 gives 8-bit labels whatever the input");
        assertBands(labels.getProcessor());
    }

    @Test
    void labelsA32BitImage() {
        assertBands(segment(TestImagePlus.gray32("bands32", 4), "components=3 seed=1").getProcessor());
    }

    @Test
    void labelsAnRgbImageWithEveryOutput() {
        ImagePlus imp = TestImagePlus.rgb("colours", 5);
        ImagePlus labels = segment(imp, "components=3 features=lab seed=1 label_image probability_stack overlay");
        assertBands(labels.getProcessor());

        ImagePlus probabilities = image("colours-probabilities");
        assertEquals(32, probabilities.getBitDepth());
        assertEquals(3, probabilities.getStackSize(), "one slice per component");
        assertEquals("component 2", probabilities.getStack().getSliceLabel(2));
        for (int i = 0; i < W * H; i += 37) {
            double sum = 0;
            double best = -1;
            int argmax = 0;
            for (int k = 1; k <= 3; k++) {
                double p = probabilities.getStack().getProcessor(k).getf(i);
                sum += p;
                if (p > best) {
                    best = p;
                    argmax = k;
                }
            }
            assertEquals(1, sum, 1e-5, "responsibilities sum to one");
            assertEquals(labels.getProcessor().get(i), argmax, "the label is the most responsible component");
        }

        ImagePlus overlay = image("colours-overlay");
        assertEquals(24, overlay.getBitDepth());
        int source = imp.getProcessor().get(0) & 0xffffff;
        int colour = org.gmmseg.segmentation.label.Palette.rgb(1);
        int red = (int) Math.round(0.5 * (source >> 16 & 0xff) + 0.5 * (colour >> 16 & 0xff));
        assertEquals(red, overlay.getProcessor().get(0) >> 16 & 0xff, "half image, half label colour");
    }

    @Test
    void sharedModelOnAStackLabelsEverySliceAlike() {
        ImagePlus imp = TestImagePlus.stack8("stack", 3, 10);
        ImagePlus labels = segment(imp, "components=3 seed=1");
        assertEquals(3, labels.getStackSize());
        assertEquals(3, labels.getNSlices());
        for (int z = 1; z <= 3; z++) {
            assertBands(labels.getStack().getProcessor(z));
        }
    }

    @Test
    void perSliceModelsAreSavedOnePerSlice(@TempDir Path dir) {
        ImagePlus imp = TestImagePlus.stack8("stack2", 2, 20);
        Path model = dir.resolve("model.json");
        ImagePlus labels = segment(imp, "components=3 seed=1 stacks=[per slice] save_model=[" + model + "]");
        assertEquals(2, labels.getStackSize());
        assertBands(labels.getStack().getProcessor(2));
        assertFalse(Files.exists(model));
        assertTrue(Files.exists(dir.resolve("model-001.json")));
        assertTrue(Files.exists(dir.resolve("model-002.json")));
    }

    @Test
    void compositeHyperstackUsesChannelsAsFeatures() throws Exception {
        ImagePlus imp = TestImagePlus.composite("cells", 2, 3, 30);
        ImagePlus labels = segment(imp, "components=3 features=channels seed=1 label_image overlay");
        assertEquals(6, labels.getStackSize());
        assertEquals(1, labels.getNChannels());
        assertEquals(2, labels.getNSlices());
        assertEquals(3, labels.getNFrames());
        for (int i = 1; i <= 6; i++) {
            ImageProcessor ip = labels.getStack().getProcessor(i);
            // ordered by channel 1: the left band (bright in channel 1) is last
            assertEquals(3, ip.get(0, 0));
            assertEquals(ip.get(W / 2, 0), ip.get(W / 2, H - 1));
            assertTrue(ip.get(W - 1, 0) != ip.get(W / 2, 0) && ip.get(W - 1, 0) != 3);
        }
        assertEquals(6, image("cells-overlay").getStackSize());
    }

    @Test
    void defaultFeaturesForATwoChannelImageAreTheChannels() {
        ImagePlus labels = segment(TestImagePlus.composite("two", 1, 1, 31), "components=3 seed=1");
        assertEquals(3, labels.getProcessor().get(0, 0));
    }

    @Test
    void savedModelLabelsAnotherImageThroughApplyModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("bands.json");
        int[] fitted = TestImagePlus.values(
                segment(TestImagePlus.gray8("train", 40), "components=3 seed=1 save_model=[" + model + "]").getProcessor());
        assertEquals(3, SegmentationModel.load(model).components());

        ImagePlus other = TestImagePlus.gray8("other", 41);
        String log = HeadlessImageJ.run(other, APPLY, "model=[" + model + "] label_image probability_stack");
        assertEquals("", log.strip());
        ImagePlus labels = image("other-labels");
        assertBands(labels.getProcessor());
        assertEquals(3, image("other-probabilities").getStackSize());
        assertEquals(W * H, fitted.length);
    }

    @Test
    void aModelOf8BitImagesOn16BitImageLabelsItWithAWarningInTheLog(@TempDir Path dir) {
        Path model = dir.resolve("bands8.json");
        segment(TestImagePlus.gray8("train8", 40), "components=3 seed=1 save_model=[" + model + "]");
        String log = HeadlessImageJ.run(TestImagePlus.gray16("twelve", 41), APPLY, "model=[" + model + "]");
        assertTrue(log.startsWith("GMM Segmentation (apply model): twelve: warning: the model was fitted on 8-bit "
                + "images but this image is not 8-bit"), log);
        assertNotNull(image("twelve-labels"), "labelled all the same");
    }

    @Test
    void noImageOpenIsReportedNotThrown() {
        WindowManager.setTempCurrentImage(null);
        assertNull(WindowManager.getCurrentImage());
        String log = HeadlessImageJ.capture(() -> ij.IJ.run(SEGMENT, "components=3"));
        assertEquals("GMM Segmentation: no image is open", log.strip());
    }

    @Test
    void moreComponentsThanDistinctValuesIsReported() {
        ImagePlus imp = new ImagePlus("two-values", new ij.process.ByteProcessor(W, H));
        for (int i = 0; i < W * H; i += 2) {
            imp.getProcessor().set(i, 200);
        }
        String log = HeadlessImageJ.run(imp, SEGMENT, "components=3");
        assertTrue(log.startsWith("GMM Segmentation: only 2 distinct samples for K=3"), log);
        assertEquals(1, log.strip().lines().count(), "one line, no stack trace");
        assertNull(WindowManager.getImage("two-values-labels"));
    }

    @Test
    void modelOfOtherFeaturesIsReported(@TempDir Path dir) {
        Path model = dir.resolve("rgb.json");
        segment(TestImagePlus.rgb("colour", 50), "components=3 seed=1 save_model=[" + model + "]");
        String log = HeadlessImageJ.run(TestImagePlus.composite("twoch", 1, 1, 51), APPLY, "model=[" + model + "]");
        assertTrue(log.startsWith("GMM Segmentation (apply model): the model was fitted on images with 3 channels"), log);
        assertEquals(1, log.strip().lines().count());
    }

    @Test
    void missingOrBrokenModelFilesAreReported(@TempDir Path dir) throws Exception {
        ImagePlus imp = TestImagePlus.gray8("g", 60);
        Path missing = dir.resolve("missing.json");
        assertEquals("GMM Segmentation (apply model): " + missing + ": no such file",
                HeadlessImageJ.run(imp, APPLY, "model=[" + missing + "]").strip());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\": \"gmmseg-model\"");
        String log = HeadlessImageJ.run(imp, APPLY, "model=[" + broken + "]");
        assertTrue(log.startsWith("GMM Segmentation (apply model): " + broken + ": not valid JSON"), log);
        assertEquals(1, log.strip().lines().count());
    }

    @Test
    void aChannelSubsetFitsOnlyThoseFeaturesAndIsSavedInTheModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("rb.json");
        ImagePlus labels = segment(TestImagePlus.rgb("rb", 5),
                "components=3 features=rgb channels=[1 3] seed=1 save_model=[" + model + "]");
        assertBands(labels.getProcessor());
        SegmentationModel m = SegmentationModel.load(model);
        assertEquals(java.util.List.of(1, 3), m.features().channels());
        assertEquals(java.util.List.of("R", "B"), m.pipeline().names());
        // the band colours' red and blue (30, 60), (200, 40), (230, 200) out of 255, sorted by red
        double[][] expected = {{30, 60}, {200, 40}, {230, 200}};
        for (int k = 0; k < 3; k++) {
            double[] mean = m.mixture().mean(k);
            assertEquals(2, mean.length);
            assertEquals(expected[k][0] / 255, mean[0], 0.01, () -> java.util.Arrays.toString(mean));
            assertEquals(expected[k][1] / 255, mean[1], 0.01, () -> java.util.Arrays.toString(mean));
        }
        // a number beyond the features the image has is a one-line error
        assertEquals("GMM Segmentation: channels: features gray give 1 colour feature (channel 1), not channel 2",
                HeadlessImageJ.run(TestImagePlus.rgb("g", 6), SEGMENT, "components=2 features=gray channels=2").strip());
        String log = HeadlessImageJ.run(TestImagePlus.gray8("one", 7), SEGMENT, "components=2 features=lab channels=2,3")
                .strip();
        assertTrue(log.startsWith("GMM Segmentation: ") && log.contains("channel 3") && log.contains("(L)"), log);
    }

    @Test
    void anErrorInAMacroStopsTheMacro() {
        String log = HeadlessImageJ.capture(() -> ij.IJ.runMacro("newImage('flat', '8-bit black', 20, 20, 1);\n"
                + "run('GMM Segmentation', 'components=3');\n"
                + "print('went on with ' + getTitle());\n"));
        assertEquals("GMM Segmentation: only 1 distinct sample for K=3 components; use at most 1 component", log.strip());
    }

    @Test
    void aMacroGetsTheLabelImageAsCurrentImage() {
        String log = HeadlessImageJ.capture(() -> ij.IJ.runMacro("newImage('ramp', '8-bit ramp', 60, 20, 1);\n"
                + "run('GMM Segmentation', 'components=3 seed=1');\n"
                + "print(getTitle() + ' ' + bitDepth() + ' ' + nImages);\n"));
        assertEquals("ramp-labels 8 2", log.strip());
    }

    @Test
    void badOptionsAreReported() {
        ImagePlus imp = TestImagePlus.gray8("opts", 70);
        assertEquals("GMM Segmentation: unknown option 'component' (expected components, criterion, covariance, features, channels, "
                + "xy, smoothing, seed, max_iterations, max_samples, label_image, probability_stack, overlay, stacks, roi, "
                + "save_model, mrf)",
                HeadlessImageJ.run(imp, SEGMENT, "component=3").strip());
        assertEquals("GMM Segmentation: 'round' is not a valid choice for 'covariance' (expected full, tied, diag, "
                + "spherical)", HeadlessImageJ.run(imp, SEGMENT, "covariance=round").strip());
    }

    @Test
    void autoComponentsChooseKByTheCriterionAndLogTheChoice(@TempDir Path dir) throws Exception {
        ImagePlus imp = TestImagePlus.gaussianGray8("auto", 80);
        Path model = dir.resolve("auto.json");
        String log = HeadlessImageJ.run(imp, SEGMENT, "components=auto criterion=bic seed=1 save_model=[" + model + "]");
        assertEquals("GMM Segmentation: chose K=3 full by BIC", log.strip());
        assertBands(image("auto-labels").getProcessor());
        SegmentationModel saved = SegmentationModel.load(model);
        assertEquals(3, saved.components());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8),
                saved.selection().rows().stream().map(r -> r.components()).toList(), "auto is 2..8");
    }

    @Test
    void aMacroWithARangeGetsAProbabilityStackOfTheChosenK() {
        String log = HeadlessImageJ.capture(() -> ij.IJ.runMacro("newImage('ramp', '8-bit ramp', 60, 20, 1);\n"
                + "run('GMM Segmentation', 'components=1..3 criterion=icl covariance=diag seed=1 probability_stack');\n"
                + "print(getTitle() + ' ' + nSlices);\n"));
        List<String> lines = log.strip().lines().toList();
        assertEquals(2, lines.size(), log);
        assertTrue(lines.get(0).matches("GMM Segmentation: chose K=[123] diag by ICL"), log);
        String k = lines.get(0).replaceAll(".*K=(\\d).*", "$1");
        assertEquals("ramp-probabilities " + k, lines.get(1), "one slice per component of the chosen model");
    }

    @Test
    void perSliceRangesWithAProbabilityStackAreRefused() {
        String log = HeadlessImageJ.run(TestImagePlus.stack8("slices", 2, 90), SEGMENT,
                "components=2..4 stacks=[per slice] probability_stack");
        assertTrue(log.startsWith("GMM Segmentation: a probability stack needs one K for every plane"), log);
        assertEquals(1, log.strip().lines().count());
    }

    @Test
    void perSliceRangesChooseForEveryPlane() {
        String log = HeadlessImageJ.run(TestImagePlus.gaussianStack8("planes", 2, 91), SEGMENT,
                "components=2..4 stacks=[per slice] seed=1");
        assertEquals("GMM Segmentation: chose K=3 full by BIC for every plane", log.strip());
        ImagePlus labels = image("planes-labels");
        assertBands(labels.getStack().getProcessor(1));
        assertBands(labels.getStack().getProcessor(2));
    }

    @Test
    void theFirstRunLogsWhichKernelEmRuns() {
        SegmentPlugin.setKernelLogged(false);
        String log = HeadlessImageJ.run(TestImagePlus.gray8("kernel", 1), SEGMENT, "components=3 seed=1");
        String expected = org.gmmseg.core.em.EmFitter.kernelDescription().startsWith("SIMD")
                ? "GMM Segmentation: EM kernel: SIMD" : "GMM Segmentation: EM kernel: scalar (start Fiji's Java with "
                        + "--add-modules=jdk.incubator.vector";
        assertTrue(log.strip().startsWith(expected), log);
        assertEquals(1, log.strip().lines().count(), log);
        assertEquals("", HeadlessImageJ.run(TestImagePlus.gray8("kernel2", 1), SEGMENT, "components=3 seed=1").strip(),
                "once per session");
    }

    @Test
    void aChoiceAtTheEndOfTheRangeIsNoted() {
        String log = HeadlessImageJ.run(TestImagePlus.gaussianGray8("edge", 80), SEGMENT, "components=1..2 seed=1");
        List<String> lines = log.strip().lines().toList();
        assertEquals("GMM Segmentation: chose K=2 full by BIC", lines.get(0), log);
        assertEquals(2, lines.size(), log);
        assertTrue(lines.get(1).startsWith("GMM Segmentation: ") && lines.get(1).contains("K=2"), log);
    }

    @Test
    void escapeDuringTheFitStopsTheRunAndOpensNothing() throws Exception {
        // big enough that the fit runs for seconds: noise in every channel, K chosen among 2..8
        ImagePlus imp = TestImagePlus.noiseRgb("noise", 400, 400, 5);
        int before = HeadlessImageJ.ids().length;
        Thread run = new Thread(() -> HeadlessImageJ.run(imp, SEGMENT, "components=auto covariance=full "
                + "max_iterations=1000 seed=1"));
        run.start();
        // the command resets Esc when it starts, so keep pressing it until the command has returned
        while (run.isAlive()) {
            ij.IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
            run.join(50);
        }
        ij.IJ.resetEscape();
        assertEquals(before, HeadlessImageJ.ids().length, "no image was opened");
        assertNull(WindowManager.getImage("noise-labels"));
    }

    @Test
    void escapeWhileLabellingStopsTheRun() {
        ImagePlus imp = TestImagePlus.gray8("labelling", 1);
        SegmentParameters p = SegmentParameters.fromMacroOptions("components=3 seed=1", SegmentParameters.defaults(imp));
        java.util.List<String> phases = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean esc = new java.util.concurrent.atomic.AtomicBoolean();
        assertThrows(java.util.concurrent.CancellationException.class, () -> SegmentPlugin.segment(imp, p,
                (message, done, total) -> {
                    phases.add(message);
                    esc.set(message.startsWith("labelling"));
                }, esc::get));
        assertTrue(phases.stream().anyMatch(m -> m.startsWith("fitting a shared model on 1 image: EM iteration 1/100")),
                phases.toString());
        assertEquals("labelling", phases.get(phases.size() - 1), "stopped in the labelling");
    }

    @Test
    void progressNamesEveryCandidateOfASelection() {
        ImagePlus imp = TestImagePlus.gaussianGray8("candidates", 80);
        SegmentParameters p = SegmentParameters.fromMacroOptions("components=2..4 seed=1", SegmentParameters.defaults(imp));
        java.util.List<String> phases = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        SegmentPlugin.segment(imp, p, (message, done, total) -> phases.add(message), () -> false);
        for (int k = 2; k <= 4; k++) {
            String name = "K=" + k + " full";
            assertTrue(phases.stream().anyMatch(m -> m.contains(name) && m.matches(".*candidate [123]/3")), phases.toString());
        }
    }

    @Test
    void anAreaSelectionIsWhereTheModelIsFitted() {
        // bands 0..2 left to right; a selection over the two darker bands only
        ImagePlus imp = TestImagePlus.gray8("roi", 1);
        imp.setRoi(new ij.gui.Roi(0, 0, 2 * W / 3, H));
        ImagePlus labels = segment(imp, "components=2 seed=1");
        ImageProcessor ip = labels.getProcessor();
        assertEquals(1, ip.get(0, 0));
        assertEquals(2, ip.get(W / 2, 0));
        assertEquals(2, ip.get(W - 1, 0), "outside the selection too, with the model fitted inside");

        ImagePlus only = TestImagePlus.gray8("roi3", 1);
        only.setRoi(new ij.gui.Roi(0, 0, 2 * W / 3, H));
        ImageProcessor onlyLabels = segment(only, "components=2 seed=1 roi=[inside only] label_image").getProcessor();
        assertEquals(1, onlyLabels.get(0, 0));
        assertEquals(0, onlyLabels.get(W - 1, 0), "outside the selection: 0");

        ImagePlus ignored = TestImagePlus.gray8("roi4", 1);
        ignored.setRoi(new ij.gui.Roi(0, 0, 2 * W / 3, H));
        assertBands(segment(ignored, "components=3 seed=1 roi=ignore").getProcessor());
    }

    @Test
    void scriptsSegmentInOneLineAndSeeMeansInTheImagesUnits() {
        ImagePlus gray16 = TestImagePlus.gray16("bands16.tif", 1);
        ImagePlus labels = ImagePlusSegmentation.segment(gray16, 3);
        assertEquals("bands16-labels", labels.getTitle());
        assertBands(labels.getProcessor());
        SegmentationModel model = ImagePlusSegmentation.fit(gray16, 3);
        assertEquals("gray", model.features().name(), "the command's default for one channel");
        String summary = ImagePlusSegmentation.summary(model, gray16);
        assertTrue(summary.contains("mean in image units (0..65535)"), summary);
        double firstMean = model.mixture().means()[0][0] * 65535;
        assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "%.4g", firstMean)), summary);
        assertFalse(ImagePlusSegmentation.summary(model, TestImagePlus.gray32("f", 1)).contains("image units"),
                "32-bit values are the features");
    }
}
