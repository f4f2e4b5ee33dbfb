package org.gmmseg.segmentation.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FeaturePipelineTest {

    @Test
    void namesAndDimensions() {
        assertEquals(List.of("R", "G", "B"), new FeaturePipeline(FeatureSpec.rgb(), 3).names());
        assertEquals(List.of("L", "a", "b", "x", "y"),
                new FeaturePipeline(FeatureSpec.parse("lab+xy", 2, 0), 3).names());
        assertEquals(List.of("gray"), new FeaturePipeline(FeatureSpec.rgb(), 1).names());
        assertEquals(List.of("L"), new FeaturePipeline(FeatureSpec.parse("lab", 0, 0), 1).names());
        assertEquals(5, new FeaturePipeline(FeatureSpec.parse("channels", 0, 0), 5).dimension());
        String m = assertThrows(IllegalArgumentException.class,
                () -> new FeaturePipeline(FeatureSpec.parse("lab", 0, 0), 5)).getMessage();
        assertTrue(m.contains("5 channels") && m.contains("channels"), m);
    }

    @Test
    void xyCoordinatesAreScaledByTheLongerSideAndWeighted() {
        FeaturePipeline p = new FeaturePipeline(FeatureSpec.parse("gray+xy", 2, 0), 1);
        double[][] row = {{0.1, 0.2, 0.3}};
        double[] out = new double[9];
        p.compute(row, 1, 3, 5, out);
        assertArrayEquals(new double[] {0.1, 0, 0.5, 0.2, 0.5, 0.5, 0.3, 1.0, 0.5}, out, 1e-12);
    }

    @Test
    void specParsesAndRoundTripsThroughJson() {
        FeatureSpec s = FeatureSpec.parse("HSV+xy", 0.5, 1.5);
        assertEquals("hsv+xy", s.name());
        assertEquals(s, FeatureSpec.fromJson(s.toJson()));
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("cmyk", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("rgb", 0, -1));
    }
}
