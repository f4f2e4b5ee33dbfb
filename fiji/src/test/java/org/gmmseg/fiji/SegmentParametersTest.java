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
        assertEquals(List.of("components", "criterion", "covariance", "features", "xy", "smoothing", "seed", "max_iterations",
                "label_image", "probability_stack", "overlay", "stacks", "save_model"), SegmentParameters.KEYS);
        for (String label : SegmentParameters.LABELS) {
            assertEquals(Macro.trimKey(label), SegmentParameters.key(label));
        }
        assertEquals(List.of("model", "label_image", "probability_stack", "overlay"), ApplyParameters.KEYS);
    }

    @Test
    void shortOptionsKeepTheDefaultsAndRecordInFull() {
        SegmentParameters p = SegmentParameters.fromMacroOptions("components=3 seed=1 ", SegmentParameters.defaults(1));
        assertEquals("3", p.components());
        assertEquals("bic", p.criterion());
        assertFalse(p.selecting());
        assertEquals(1, p.seed());
        assertEquals("full", p.covariance());
        assertEquals("rgb", p.features());
        assertEquals(Outputs.LABELS_ONLY, p.outputs(), "no output key: the label image");
        assertFalse(p.perSlice());
        assertEquals("components=3 criterion=bic covariance=full features=rgb smoothing=0 seed=1 max_iterations=100 "
                + "label_image stacks=[shared model]", p.toMacroOptions());
    }

    @Test
    void recordedOptionsRoundTrip() {
        String recorded = "components=5 criterion=bic covariance=diag features=lab xy smoothing=1.5 seed=42 max_iterations=30 "
                + "probability_stack overlay stacks=[per slice] save_model=[/tmp/my models/m.json]";
        SegmentParameters p = SegmentParameters.fromMacroOptions(recorded, SegmentParameters.defaults(3));
        assertEquals(new SegmentParameters("5", "bic", "diag", "lab", true, 1.5, 42, 30, new Outputs(false, true, true),
                "per slice", "/tmp/my models/m.json"), p);
        assertEquals(recorded, p.toMacroOptions());
        assertEquals(p, SegmentParameters.fromMacroOptions(p.toMacroOptions(), SegmentParameters.defaults(1)));
    }

    @Test
    void anEmptyModelPathMeansNoModelFile() {
        SegmentParameters d = SegmentParameters.defaults(1);
        assertEquals("", SegmentParameters.fromMacroOptions("save_model=[] label_image", d).saveModel());
        SegmentParameters p = SegmentParameters.fromMacroOptions("save_model= overlay", d);
        assertEquals("", p.saveModel());
        assertEquals(new Outputs(false, false, true), p.outputs());
    }

    @Test
    void valuesReadAsGenericDialogWouldReadThem() {
        SegmentParameters p = new SegmentParameters("4", "icl", "tied", "hsv", false, 0, 9, 12, new Outputs(true, false, true),
                "shared model", "/a b/c.json");
        String options = p.toMacroOptions();
        Map<String, String> expected = Map.of("components", "4", "criterion", "icl", "covariance", "tied", "features", "hsv", "seed", "9",
                "max_iterations", "12", "stacks", "shared model", "save_model", "/a b/c.json");
        expected.forEach((key, value) -> assertEquals(value, Macro.getValue(options, key, null), key));
        assertTrue((" " + options + " ").contains(" overlay "));
        assertFalse((" " + options + " ").contains(" xy "));
    }

    @Test
    void parametersBecomeSegmentationOptions() {
        SegmentationOptions o = new SegmentParameters("4", "bic", "spherical", "lab", true, 2, 9, 12, Outputs.LABELS_ONLY,
                "volume", "").toOptions();
        assertEquals(4, o.components());
        assertFalse(o.selecting());
        assertEquals(CovarianceType.SPHERICAL, o.fit().covarianceType());
        assertEquals(ColorSpace.LAB, o.features().colorSpace());
        assertTrue(o.features().hasXy());
        assertFalse(o.features().zCoordinate());
        assertEquals(2, o.features().smoothingSigma());
        assertEquals(9, o.fit().seed());
        assertEquals(12, o.fit().maxIter());
    }

    @Test
    void componentsTakeARangeOrAutoAndACriterion() {
        SegmentParameters d = SegmentParameters.defaults(1);
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
    void defaultFeaturesFollowTheChannelCount() {
        assertEquals("rgb", SegmentParameters.defaults(1).features());
        assertEquals("rgb", SegmentParameters.defaults(3).features());
        assertEquals("channels", SegmentParameters.defaults(2).features());
    }

    @Test
    void badValuesAreRejectedWithTheirKey() {
        SegmentParameters d = SegmentParameters.defaults(1);
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
    void pluginsConfigRegistersBothCommandsUnderPluginsSegmentation() throws Exception {
        Map<String, String> commands = HeadlessImageJ.pluginsConfig();
        assertEquals(Map.of("GMM Segmentation", SegmentPlugin.class.getName(),
                "GMM Segmentation (apply model)", ApplyModelPlugin.class.getName()), commands);
        for (String className : commands.values()) {
            assertTrue(PlugIn.class.isAssignableFrom(Class.forName(className)));
        }
        try (var in = getClass().getResourceAsStream("/plugins.config")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(2, text.lines().filter(l -> l.startsWith("Plugins>Segmentation, \"GMM Segmentation")).count());
        }
    }
}
