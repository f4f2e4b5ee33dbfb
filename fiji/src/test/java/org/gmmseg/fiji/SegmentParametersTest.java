package org.gmmseg.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import ij.Macro;
import ij.plugin.PlugIn;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.features.ColorSpace;
import org.junit.jupiter.api.Test;

class SegmentParametersTest {

    @Test
    void macroKeysAreTheLowerCaseKeysGenericDialogDerivesFromTheLabels() {
        assertEquals(List.of("components", "criterion", "covariance", "features", "channels", "xy", "smoothing", "seed",
                "max_iterations", "max_samples", "label_image", "probability_stack", "overlay", "stacks", "roi",
                "save_model", "mrf"), SegmentParameters.KEYS);
        for (String label : SegmentParameters.LABELS) {
            assertEquals(Macro.trimKey(label), SegmentParameters.key(label));
        }
        assertEquals(List.of("model", "label_image", "probability_stack", "overlay"), ApplyParameters.KEYS);
    }

    @Test
    void shortOptionsKeepTheDefaultsAndRecordInFull() {
        SegmentParameters p = SegmentParameters.fromMacroOptions("components=3 seed=1 ", SegmentParameters.defaults(1, false));
        assertEquals("3", p.components());
        assertEquals("bic", p.criterion());
        assertFalse(p.selecting());
        assertEquals(1, p.seed());
        assertEquals("full", p.covariance());
        assertEquals("gray", p.features());
        assertEquals(Outputs.LABELS_ONLY, p.outputs(), "no output key: the label image");
        assertFalse(p.perSlice());
        assertEquals("components=3 criterion=bic covariance=full features=gray smoothing=0 seed=1 max_iterations=100 "
                + "max_samples=0 label_image stacks=[shared model] roi=[fit inside]", p.toMacroOptions());
    }

    @Test
    void aChannelSubsetIsRecordedOnlyWhenSet() {
        SegmentParameters p = SegmentParameters.fromMacroOptions("features=lab channels=[3 2]",
                SegmentParameters.defaults(3, true));
        assertEquals("2,3", p.channels());
        assertTrue(p.toMacroOptions().contains("features=lab channels=2,3 "), p.toMacroOptions());
        assertEquals(java.util.List.of(2, 3), p.toOptions().features().channels());
        assertEquals(p, SegmentParameters.fromMacroOptions(p.toMacroOptions(), SegmentParameters.defaults(1, false)));
        SegmentParameters all = SegmentParameters.defaults(3, true);
        assertEquals("", all.channels());
        assertFalse(all.toMacroOptions().contains("channels"), all.toMacroOptions());
        assertEquals(java.util.List.of(), all.toOptions().features().channels());
        assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("features=rgb channels=4", SegmentParameters.defaults(3, true)));
    }

    @Test
    void recordedOptionsRoundTrip() {
        String recorded = "components=5 criterion=bic covariance=diag features=lab xy smoothing=1.5 seed=42 "
                + "max_iterations=30 max_samples=200000 probability_stack overlay stacks=[per slice] roi=[inside only] "
                + "save_model=[/tmp/my models/m.json]";
        SegmentParameters p = SegmentParameters.fromMacroOptions(recorded, SegmentParameters.defaults(3, true));
        assertEquals(new SegmentParameters("5", "bic", "diag", "lab", true, 1.5, 42, 30, 200_000,
                new Outputs(false, true, true), "per slice", SegmentParameters.ROI_INSIDE_ONLY, "/tmp/my models/m.json", "0"), p);
        assertEquals(recorded, p.toMacroOptions());
        assertEquals(p, SegmentParameters.fromMacroOptions(p.toMacroOptions(), SegmentParameters.defaults(1, false)));
    }

    @Test
    void anEmptyModelPathMeansNoModelFile() {
        SegmentParameters d = SegmentParameters.defaults(1, false);
        assertEquals("", SegmentParameters.fromMacroOptions("save_model=[] label_image", d).saveModel());
        SegmentParameters p = SegmentParameters.fromMacroOptions("save_model= overlay", d);
        assertEquals("", p.saveModel());
        assertEquals(new Outputs(false, false, true), p.outputs());
    }

    @Test
    void valuesReadAsGenericDialogWouldReadThem() {
        SegmentParameters p = new SegmentParameters("4", "icl", "tied", "hsv", false, 0, 9, 12, 0,
                new Outputs(true, false, true), "shared model", SegmentParameters.ROI_IGNORE, "/a b/c.json", "0");
        String options = p.toMacroOptions();
        Map<String, String> expected = Map.of("components", "4", "criterion", "icl", "covariance", "tied", "features", "hsv", "seed", "9",
                "max_iterations", "12", "stacks", "shared model", "roi", "ignore", "save_model", "/a b/c.json");
        assertEquals("0", Macro.getValue(options, "max_samples", null));
        assertEquals("0", Macro.getValue(options, "smoothing", null));
        expected.forEach((key, value) -> assertEquals(value, Macro.getValue(options, key, null), key));
        assertTrue((" " + options + " ").contains(" overlay "));
        assertFalse((" " + options + " ").contains(" xy "));
    }

    @Test
    void parametersBecomeSegmentationOptions() {
        SegmentationOptions o = new SegmentParameters("4", "bic", "spherical", "lab", true, 2, 9, 12, 50_000,
                Outputs.LABELS_ONLY, "volume", null, "", "1.5").toOptions();
        assertEquals(2, o.features().smoothingSigma());
        assertEquals(50_000, o.maxSamples());
        assertEquals(ij.Prefs.getThreads(), o.fit().threads(), "threads from Edit > Options > Memory & Threads");
        assertEquals(4, o.components());
        assertFalse(o.selecting());
        assertEquals(CovarianceType.SPHERICAL, o.fit().covarianceType());
        assertEquals(ColorSpace.LAB, o.features().colorSpace());
        assertTrue(o.features().hasXy());
        assertFalse(o.features().zCoordinate());
        assertEquals(2, o.features().smoothingSigma());
        assertEquals(9, o.fit().seed());
        assertEquals(12, o.fit().maxIter());
        assertEquals(1.5, o.mrf().beta());
    }

    @Test
    void theMrfKeyTakesBetaOrAutoAndRoundTrips() {
        SegmentParameters d = SegmentParameters.defaults(3, true);
        SegmentParameters auto = SegmentParameters.fromMacroOptions("components=3 mrf=auto", d);
        assertEquals("auto", auto.mrf());
        assertTrue(auto.toOptions().mrf().auto());
        assertTrue(auto.toMacroOptions().endsWith(" mrf=auto"), auto.toMacroOptions());
        assertEquals(auto, SegmentParameters.fromMacroOptions(auto.toMacroOptions(), d));
        assertEquals("0", d.mrf());
        assertFalse(d.toOptions().mrf().active());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("mrf=12", d));
        assertTrue(e.getMessage().startsWith("mrf: "), e.getMessage());
    }

    @Test
    void componentsTakeARangeOrAutoAndACriterion() {
        SegmentParameters d = SegmentParameters.defaults(1, false);
        SegmentParameters auto = SegmentParameters.fromMacroOptions("components=auto criterion=icl", d);
        assertEquals("auto", auto.components());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), auto.componentCandidates());
        assertTrue(auto.selecting());
        SegmentationOptions o = auto.toOptions();
        assertTrue(o.selecting());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), o.selection().components());
        assertEquals(org.gmmseg.core.select.Criterion.ICL, o.selection().criterion());
        assertEquals(List.of(CovarianceType.FULL), o.selection().covarianceTypes());
        assertTrue(auto.toMacroOptions().startsWith("components=auto criterion=icl covariance=full "),
                auto.toMacroOptions());

        SegmentParameters range = SegmentParameters.fromMacroOptions("components=[2 .. 5] covariance=diag", d);
        assertEquals("2..5", range.components());
        assertEquals(List.of(2, 3, 4, 5), range.toOptions().selection().components());
        assertEquals(List.of(CovarianceType.DIAG), range.toOptions().selection().covarianceTypes());
        assertEquals(range, SegmentParameters.fromMacroOptions(range.toMacroOptions(), d));
        assertEquals("auto", SegmentParameters.fromMacroOptions("components=AUTO", d).components());

        assertEquals("components: 'many' in 'many' is not a number of components (expected e.g. 2..10, 3 or 2,4,8); "
                + "or auto for 2..8", assertThrows(IllegalArgumentException.class,
                        () -> SegmentParameters.fromMacroOptions("components=many", d)).getMessage());
        assertEquals("'best' is not a valid choice for 'criterion' (expected bic, icl, aic)",
                assertThrows(IllegalArgumentException.class,
                        () -> SegmentParameters.fromMacroOptions("criterion=best", d)).getMessage());
    }

    @Test
    void defaultFeaturesFollowTheImage() {
        assertEquals("gray", SegmentParameters.defaults(1, false).features());
        assertEquals("channels", SegmentParameters.defaults(3, false).features(), "a 3-channel composite");
        assertEquals("rgb", SegmentParameters.defaults(3, true).features());
        assertEquals("channels", SegmentParameters.defaults(2, false).features());
    }

    @Test
    void smoothingMaxSamplesAndRoiAreCheckedWithTheirKey() {
        SegmentParameters d = SegmentParameters.defaults(1, false);
        assertEquals("smoothing must be a finite number >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("smoothing=-1", d)).getMessage());
        assertEquals("max samples must be 0 (every pixel) or more, got -5", assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("max_samples=-5", d)).getMessage());
        assertEquals("'all' is not a valid choice for 'roi' (expected fit inside, inside only, ignore)",
                assertThrows(IllegalArgumentException.class,
                        () -> SegmentParameters.fromMacroOptions("roi=all", d)).getMessage());
        assertEquals("option 'smoothing' must be a number, got 'x'", assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("smoothing=x", d)).getMessage());
    }

    @Test
    void severalComponentsEnableTheCriterion() {
        assertTrue(SegmentDialog.severalComponents("auto"));
        assertTrue(SegmentDialog.severalComponents("2 .. 5"));
        assertTrue(SegmentDialog.severalComponents("2,4"));
        assertFalse(SegmentDialog.severalComponents("3"));
        assertFalse(SegmentDialog.severalComponents("three"));
    }

    @Test
    void resultTitlesDropTheFileExtension() {
        assertEquals("cells-labels", Titles.derived("cells.tif", "-labels"));
        assertEquals("cells-labels", Titles.derived("cells.ome.tiff", "-labels"));
        assertEquals("my image-overlay", Titles.derived("my image.jpeg", "-overlay"));
        assertEquals("Composite-labels", Titles.derived("Composite", "-labels"));
        assertEquals("v1.2-labels", Titles.derived("v1.2", "-labels"), "not an extension: starts with a digit");
    }

    @Test
    void theHelpButtonShowsTheJarsCopyOfTheFijiPage() {
        String html = FijiHelp.html();
        assertTrue(html.startsWith("<html>"), "GenericDialog.addHelp shows it itself");
        assertTrue(html.contains("Plugins &gt; Segmentation &gt; GMM Segmentation"), "docs/fiji.md, escaped");
    }

    @Test
    void badValuesAreRejectedWithTheirKey() {
        SegmentParameters d = SegmentParameters.defaults(1, false);
        assertEquals("option 'seed' must be a whole number, got 'abc'", assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("seed=abc", d)).getMessage());
        assertEquals("components: the number of components must be at least 1, got 0 in '0'", assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("components=0", d)).getMessage());
        assertEquals("option 'save_model': missing ']'", assertThrows(IllegalArgumentException.class,
                () -> SegmentParameters.fromMacroOptions("save_model=[/tmp/x", d)).getMessage());
        assertEquals("'both' is not a valid choice for 'stacks' (expected shared model, per slice, volume)",
                assertThrows(IllegalArgumentException.class,
                        () -> SegmentParameters.fromMacroOptions("stacks=both", d)).getMessage());
    }

    @Test
    void applyOptionsRoundTripAndNeedAModel() {
        ApplyParameters p = ApplyParameters.fromMacroOptions("model=[/data/my model.json] overlay");
        assertEquals(new ApplyParameters("/data/my model.json", new Outputs(false, false, true)), p);
        assertEquals("model=[/data/my model.json] overlay", p.toMacroOptions());
        assertEquals(Outputs.LABELS_ONLY, ApplyParameters.fromMacroOptions("model=/m.json").outputs());
        assertThrows(IllegalArgumentException.class, () -> ApplyParameters.fromMacroOptions("label_image"));
    }

    @Test
    void pluginsConfigRegistersTheCommandsUnderPluginsSegmentation() throws Exception {
        Map<String, String> commands = HeadlessImageJ.pluginsConfig();
        assertEquals(Map.of("GMM Segmentation", SegmentPlugin.class.getName(),
                "GMM Segmentation (apply model)", ApplyModelPlugin.class.getName(),
                "GMM Segmentation (folder)", FolderPlugin.class.getName()), commands);
        for (String className : commands.values()) {
            assertTrue(PlugIn.class.isAssignableFrom(Class.forName(className)));
        }
        try (var in = getClass().getResourceAsStream("/plugins.config")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(3, text.lines().filter(l -> l.startsWith("Plugins>Segmentation, \"GMM Segmentation")).count());
        }
    }
}
