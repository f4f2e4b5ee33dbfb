package org.gmmseg.segmentation.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.segmentation.axes.ImageAxes;
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
    void aRowOfALaterFrameHasItsSlicesZNotAZPastTheVolume() {
        // 3 x 2 pixels x 2 slices x 2 frames, the second frame a copy of the first
        Img<FloatType> img = ArrayImgs.floats(3, 2, 2, 2);
        var c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            c.get().setReal(0.1 * (c.getIntPosition(0) + 3 * c.getIntPosition(1) + 6 * c.getIntPosition(2)));
        }
        ImagePixels pixels = ImagePixels.of(img, ImageAxes.of("xyzt"), false);
        FeaturePipeline p = new FeaturePipeline(FeatureSpec.parse("gray+xyz", 1, 0), 1);
        double[] scales = p.coordinateScales(pixels);
        double[][] row = new double[1][3];
        boolean[] valid = new boolean[3];
        double[] first = new double[3 * 4];
        double[] later = new double[3 * 4];
        p.computeRow(pixels, 3, row, valid, scales, first); // frame 0, slice 1, y 1
        p.computeRow(pixels, 7, row, valid, scales, later); // frame 1, slice 1, y 1
        assertArrayEquals(first, later);
        assertEquals(scales[2], first[3], 1e-12); // z of slice 1
    }

    @Test
    void specParsesAndRoundTripsThroughJson() {
        FeatureSpec s = FeatureSpec.parse("HSV+xy", 0.5, 1.5);
        assertEquals("hsv+xy", s.name());
        assertEquals(s, FeatureSpec.fromJson(s.toJson()));
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("cmyk", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("rgb", 0, -1));
    }

    @Test
    void aChannelSubsetKeepsTheChosenColourFeaturesBeforeTheCoordinates() {
        FeatureSpec all = FeatureSpec.parse("lab+xy", 2, 0);
        FeatureSpec ab = all.withChannels(List.of(2, 3));
        FeaturePipeline p = new FeaturePipeline(ab, 3);
        assertEquals(List.of("a", "b", "x", "y"), p.names());
        double[][] row = {{0.9, 0.1}, {0.2, 0.5}, {0.3, 0.7}};
        double[] full = new double[10];
        new FeaturePipeline(all, 3).compute(row, 1, 2, 5, full);
        double[] out = new double[8];
        p.compute(row, 1, 2, 5, out);
        assertArrayEquals(new double[] {full[1], full[2], full[3], full[4], full[6], full[7], full[8], full[9]}, out);
        assertTrue(Math.abs(out[0]) > 1, "a* of a reddish pixel is far from 0: " + out[0]);

        FeaturePipeline ch = new FeaturePipeline(FeatureSpec.parse("channels", 0, 0).withChannels(List.of(1, 3)), 4);
        assertEquals(List.of("channel1", "channel3"), ch.names());
        double[] c = new double[4];
        ch.compute(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}}, 0, 2, 2, c);
        assertArrayEquals(new double[] {1, 5, 2, 6}, c);

        String m = assertThrows(IllegalArgumentException.class,
                () -> new FeaturePipeline(FeatureSpec.parse("channels", 0, 0).withChannels(List.of(1, 3)), 2))
                .getMessage();
        assertTrue(m.contains("channel 3") && m.contains("have 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> new FeaturePipeline(ab, 1)).getMessage();
        assertTrue(m.contains("channel 3") && m.contains("(L)"), m);
    }

    @Test
    void channelSubsetsAreValidatedParsedAndRoundTripThroughJson() {
        FeatureSpec ab = FeatureSpec.parse("lab", 0, 0).withChannels(FeatureSpec.parseChannels(" 3, 2"));
        assertEquals(List.of(2, 3), ab.channels());
        assertEquals("2,3", ab.channelList());
        assertEquals("[2,3]", ab.toJson().get("channelSubset").toString());
        assertEquals(ab, FeatureSpec.fromJson(ab.toJson()));
        assertEquals(List.of(1, 3), FeatureSpec.parseChannels("1 3"));
        assertEquals(List.of(), FeatureSpec.parseChannels("  "));
        // without a subset the block is as before, and old blocks read back as "all channels"
        FeatureSpec lab = FeatureSpec.parse("lab", 0, 0);
        assertEquals(null, lab.toJson().get("channelSubset"));
        assertEquals(lab, FeatureSpec.fromJson(lab.toJson()));
        assertEquals(List.of(), FeatureSpec.fromJson(lab.toJson()).channels());
        assertEquals(lab, new FeatureSpec(ColorSpace.LAB, 0, 0, false));

        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parseChannels("2,2"));
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parseChannels("0"));
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parseChannels("a*"));
        String m = assertThrows(IllegalArgumentException.class, () -> lab.withChannels(List.of(4))).getMessage();
        assertTrue(m.contains("give 3 colour features"), m);
        assertThrows(IllegalArgumentException.class, () -> lab.withChannels(List.of(3, 2)));
        var block = ab.toJson();
        block.putArray("channelSubset").add(3).add(3);
        m = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromJson(block)).getMessage();
        assertTrue(m.contains("features.channelSubset"), m);
        block.put("channelSubset", "2,3");
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromJson(block));
    }
}
