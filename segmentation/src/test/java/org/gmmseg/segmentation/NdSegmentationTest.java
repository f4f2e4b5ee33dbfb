package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.core.GmmException;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.features.ImagePixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes, time series and hyperstacks through the facade and the segmenter. */
class NdSegmentationTest {
    @TempDir
    Path dir;

    /** X 16, Y 12, Z 6: dark below slice 3, bright from it, with a ramp in x so that values repeat little. */
    private static ArrayImg<FloatType, FloatArray> volume() {
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(16, 12, 6);
        float[] v = img.update(null).getCurrentStorageArray();
        for (int i = 0; i < v.length; i++) {
            int x = i % 16;
            int z = i / (16 * 12);
            v[i] = (z < 3 ? 0.2f : 0.8f) + 0.001f * x + 0.0001f * (i % 7);
        }
        return img;
    }

    private static int[] flat(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        List<Integer> out = new ArrayList<>();
        for (IntegerType<?> t : Views.flatIterable(labels)) {
            out.add(t.getInteger());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void labelsComeBackWithTheImagesAxesInTheirOrder() {
        ArrayImg<FloatType, FloatArray> xyz = volume();
        SegmentationModel model = GmmSegmentation.fit(xyz, ImageAxes.of("xyz"), SegmentationOptions.of(2).withSeed(1));
        Img<? extends IntegerType<?>> labels = GmmSegmentation.segment(xyz, ImageAxes.of("xyz"), model);
        assertArrayEquals(new long[] {16, 12, 6}, labels.dimensionsAsLongArray());
        assertEquals(List.of("xyz"), model.axes());

        // the same volume as Z, X, Y: the model is the same, and so are the labels, in that order
        RandomAccessibleInterval<FloatType> zxy = Views.permute(Views.permute(xyz, 0, 2), 1, 2);
        SegmentationModel same = GmmSegmentation.fit(zxy, ImageAxes.of("zxy"), SegmentationOptions.of(2).withSeed(1));
        assertArrayEquals(model.mixture().means(), same.mixture().means());
        Img<? extends IntegerType<?>> zxyLabels = GmmSegmentation.segment(zxy, ImageAxes.of("zxy"), model);
        assertArrayEquals(new long[] {6, 16, 12}, zxyLabels.dimensionsAsLongArray());
        assertArrayEquals(flat(labels), flat(Views.permute(Views.permute(zxyLabels, 1, 2), 0, 2)));
        int[] values = flat(labels);
        assertEquals(1, values[0]);
        assertEquals(2, values[values.length - 1]);
    }

    @Test
    void labelsWrittenIntoAnArrayEqualThoseWrittenThroughAView() {
        ImagePixels pixels = ImagePixels.of(volume(), ImageAxes.of("xyz"), false);
        SegmentationModel model = Segmenter.fit(List.of(pixels), SegmentationOptions.of(2).withSeed(1)).model();
        var bytes = ArrayImgs.unsignedBytes(16, 12, 6);
        var viewed = ArrayImgs.unsignedBytes(16, 12, 6);
        var shorts = ArrayImgs.unsignedShorts(16, 12, 6);

        Segmenter.label(pixels, model, bytes, 2);
        Segmenter.label(pixels, model, Views.interval(viewed, viewed), 2);
        Segmenter.label(pixels, model, shorts, 2);

        assertArrayEquals(flat(viewed), flat(bytes));
        assertArrayEquals(flat(viewed), flat(shorts));
        assertEquals(2, flat(bytes)[flat(bytes).length - 1]);
    }

    @Test
    void probabilitiesPutTheComponentsOnTheChannelAxis() {
        ArrayImg<FloatType, FloatArray> xyz = volume();
        RandomAccessibleInterval<FloatType> xycz = Views.addDimension(xyz, 0, 0);
        xycz = Views.moveAxis(xycz, 3, 2);
        ImageAxes axes = ImageAxes.of("xycz");
        SegmentationModel model = GmmSegmentation.fit(xycz, axes, SegmentationOptions.of(2).withSeed(1));

        Img<FloatType> p = GmmSegmentation.probabilities(xycz, axes, model);

        assertArrayEquals(new long[] {16, 12, 2, 6}, p.dimensionsAsLongArray());
        assertEquals(1.0, p.getAt(3, 4, 0, 0).get() + p.getAt(3, 4, 1, 0).get(), 1e-6);
        assertTrue(p.getAt(3, 4, 1, 5).get() > 0.99);
        assertEquals(ImageAxes.of("xyzc"), GmmSegmentation.probabilityAxes(ImageAxes.of("xyz")));
        assertEquals(ImageAxes.of("xyz"), GmmSegmentation.labelAxes(ImageAxes.of("xycz")));
    }

    @Test
    void aTimeSeriesIsOneSampleSetAndItsFramesCanBeFittedAlone() {
        ArrayImg<FloatType, FloatArray> xyt = volume(); // the six planes as frames now
        ImageAxes axes = ImageAxes.of("xyt");
        ImagePixels px = GmmSegmentation.pixels(xyt, axes);
        assertEquals(6, px.frames());
        assertEquals(1, px.depth());

        SegmentationModel shared = Segmenter.fit(List.of(px), SegmentationOptions.of(2).withSeed(1)).model();
        assertEquals(List.of("xyt"), shared.axes());
        assertEquals(2, shared.components());
        // frame 0 alone has one brightness: two components need two distinct values, and it has them in its ramp
        SegmentationModel first = Segmenter.fit(List.of(px.frame(0)), SegmentationOptions.of(2).withSeed(1)).model();
        assertTrue(first.mixture().means()[1][0] < 0.3, "frame 0 is dark only");
        assertEquals(List.of("xy"), first.axes());
    }

    @Test
    void labellingReportsItsBlocksAndStopsWhenCancelled() {
        ImagePixels px = GmmSegmentation.pixels(ArrayImgs.floats(40, 64, 20), ImageAxes.of("xyz"));
        SegmentationModel model = GmmSegmentation.fit(volume(), ImageAxes.of("xyz"), SegmentationOptions.of(2));
        List<int[]> calls = new ArrayList<>();

        Segmenter.label(px, model, ArrayImgs.unsignedBytes(40, 64, 20), 2,
                new Monitor((message, done, total) -> calls.add(new int[] {done, total}), () -> false));

        int total = calls.get(0)[1];
        assertTrue(total > 1, "several blocks: " + total);
        assertEquals(total, calls.size());
        assertArrayEquals(new int[] {total, total}, calls.get(calls.size() - 1));

        AtomicInteger polls = new AtomicInteger();
        assertThrows(CancellationException.class, () -> Segmenter.label(px, model, ArrayImgs.unsignedBytes(40, 64, 20),
                1, new Monitor(null, () -> polls.incrementAndGet() > 3)));
        assertEquals(4, polls.get(), "stopped before the fourth block");
    }

    @Test
    void aModelOfPlanesLabelsAVolumeSliceBySlice() {
        ArrayImg<FloatType, FloatArray> xyz = volume();
        SegmentationModel planes = GmmSegmentation.fit(Views.hyperSlice(xyz, 2, 4), SegmentationOptions.of(2)
                .withFeatures("gray+xy").withSeed(1));

        Img<? extends IntegerType<?>> labels = GmmSegmentation.segment(xyz, ImageAxes.of("xyz"), planes);

        // +xy of a 2-D model: each slice's x and y, so every slice is labelled as slice 4 alone would be
        int[] slice4 = flat(GmmSegmentation.segment(Views.hyperSlice(xyz, 2, 4), planes));
        assertArrayEquals(slice4, flat(Views.hyperSlice(labels, 2, 4)));
    }

    @Test
    void xyzFeaturesNeedAVolume() {
        GmmException e = assertThrows(GmmException.class, () -> GmmSegmentation.fit(ArrayImgs.floats(8, 8),
                SegmentationOptions.of(2).withFeatures("gray+xyz")));
        assertTrue(e.getMessage().contains("features gray+xyz need a volume"), e.getMessage());
    }

    @Test
    void smoothingSigmaKeepsItsUnitInTheModel() throws Exception {
        ArrayImg<FloatType, FloatArray> xyz = volume();
        ImageAxes microns = ImageAxes.of("xyz").withCalibration(Calibration.of(0.5, 0.5, 2, "micron"));
        SegmentationModel model = GmmSegmentation.fit(xyz, microns, SegmentationOptions.of(2).withSmoothing(1)
                .withSeed(1));
        Path file = dir.resolve("m.json");
        model.save(file);

        ModelFile.Document doc = ModelFile.read(file);
        assertEquals("micron", doc.extensions().get("features").get("smoothingUnit").asText());
        assertEquals("xyz", doc.extensions().get("features").get("axes").get(0).asText());
        SegmentationModel back = SegmentationModel.load(file);
        assertEquals("micron", back.pipeline().smoothingUnit());
        assertEquals(List.of("xyz"), back.axes());

        // the same physical sigma in nanometres: the same labels
        ImageAxes nm = ImageAxes.of("xyz").withCalibration(Calibration.of(500, 500, 2000, "nm"));
        assertArrayEquals(flat(GmmSegmentation.segment(xyz, microns, back)), flat(GmmSegmentation.segment(xyz, nm, back)));
        // an image in pixels cannot take a sigma in microns
        GmmException e = assertThrows(GmmException.class, () -> GmmSegmentation.segment(xyz, ImageAxes.of("xyz"), back));
        assertTrue(e.getMessage().contains("the smoothing sigma is 1.0 micron but this image is not calibrated"),
                e.getMessage());
    }

    @Test
    void modelsOfPlanesKeepTheirFileAsBefore() throws Exception {
        SegmentationModel model = GmmSegmentation.fit(Views.hyperSlice(volume(), 2, 4), SegmentationOptions.of(2)
                .withSmoothing(1).withSeed(1));
        Path file = dir.resolve("m.json");
        model.save(file);

        ModelFile.Document doc = ModelFile.read(file);
        assertFalse(doc.extensions().get("features").has("axes"));
        assertFalse(doc.extensions().get("features").has("smoothingUnit"), "pixels, as every model before");
        assertFalse(doc.extensions().get("features").has("coordinates"));
    }
}
