package org.gmmseg.segmentation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;
import org.gmmseg.segmentation.io.MaskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir
    Path dir;

    private static ImagePixels pixels(String axes, long... dims) {
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(dims);
        float[] v = img.update(null).getCurrentStorageArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 5) * 0.2f + (i / (int) (dims[0] * dims[1])) * 0.01f;
        }
        return GmmSegmentation.pixels(img, ImageAxes.of(axes).withCalibration(Calibration.of(0.5, 0.5, 2, "micron")));
    }

    private OutputFiles files(MaskFormat format, boolean probabilities, boolean overlay) {
        return OutputFiles.of(new OutputLayout(dir, format, probabilities, overlay, true, null), Path.of("a"));
    }

    @Test
    void withoutAFormatPlanesGetPngAndVolumesTiff() throws IOException {
        OutputFiles files = files(null, true, true);
        assertEquals(dir.resolve("a_labels.png"), files.labels(true));
        assertEquals(dir.resolve("a_labels.tif"), files.labels(false));
        assertEquals(List.of(dir.resolve("a_model.json"), dir.resolve("a_probabilities.tif"),
                dir.resolve("a_overlay.png"), dir.resolve("a_overlay.tif"), dir.resolve("a_labels.png"),
                dir.resolve("a_labels.tif")), files.all());
        assertNull(files.existingLabels());

        ImagePixels volume = pixels("xyz", 6, 4, 3);
        SegmentationModel model = Segmenter.fit(List.of(volume), SegmentationOptions.of(2).withSeed(1)).model();
        Path written = files.write(volume, model, 1);

        assertEquals(dir.resolve("a_labels.tif"), written);
        assertEquals(written, files.existingLabels());
        assertFalse(Files.exists(dir.resolve("a_overlay.png")));
        ImageData labels = ImageReader.read(written);
        assertEquals("xycz", labels.axes().letters());
        assertEquals(2.0, labels.calibration().voxelDepth());
        ImageData overlay = ImageReader.read(dir.resolve("a_overlay.tif"));
        assertEquals(3, overlay.depth());
        assertEquals(3, overlay.channels());
        ImageData probabilities = ImageReader.read(dir.resolve("a_probabilities.tif"));
        assertEquals("xycz", probabilities.axes().letters());
        assertEquals(2, probabilities.channels());
    }

    @Test
    void pngLabelsOfAVolumeAreAnErrorBeforeAnythingIsWritten() {
        OutputFiles files = files(MaskFormat.PNG, false, false);
        ImagePixels volume = pixels("xyz", 6, 4, 3);
        SegmentationModel model = Segmenter.fit(List.of(volume), SegmentationOptions.of(2).withSeed(1)).model();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> files.write(volume, model, 1));

        assertEquals("PNG labels hold one plane, but this image is 6 x 4 x 3 slices; write TIFF labels "
                + "(--mask-format tif, or no --mask-format)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("a_model.json")));
    }

    @Test
    void framesFittedAloneGetNumberedModels() throws IOException {
        OutputFiles files = files(null, false, false);
        ImagePixels series = pixels("xyt", 6, 4, 3);
        List<SegmentationModel> models = List.of(
                Segmenter.fit(List.of(series.frame(0)), SegmentationOptions.of(2)).model(),
                Segmenter.fit(List.of(series.frame(1)), SegmentationOptions.of(3)).model(),
                Segmenter.fit(List.of(series.frame(2)), SegmentationOptions.of(2)).model());

        Path labels = files.write(series, models, 1);

        for (int t = 1; t <= 3; t++) {
            assertTrue(Files.exists(dir.resolve("a_model_t00" + t + ".json")), "frame " + t);
        }
        assertFalse(Files.exists(dir.resolve("a_model.json")));
        ImageData back = ImageReader.read(labels);
        assertEquals("xyct", back.axes().letters());
        assertEquals(dir.resolve("x_t0042.svg"), OutputFiles.numbered(dir.resolve("x.svg"), 41, 1200));
    }

    @Test
    void probabilitiesOfFramesNeedOneK() {
        OutputFiles files = files(null, true, false);
        ImagePixels series = pixels("xyt", 6, 4, 2);
        List<SegmentationModel> models = List.of(
                Segmenter.fit(List.of(series.frame(0)), SegmentationOptions.of(2)).model(),
                Segmenter.fit(List.of(series.frame(1)), SegmentationOptions.of(3)).model());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> files.write(series, models, 1));

        assertTrue(e.getMessage().startsWith("the frames' models have different numbers of components"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a_model_t001.json")), "nothing is written");
    }
}
