package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.gmmseg.core.io.ModelFile;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;
import org.gmmseg.segmentation.io.MaskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on volumes and time series: small TIFFs written by the test. */
class VolumeCommandsTest {
    private static final Calibration VOXELS = new Calibration(0.5, 0.5, 2, "micron", 0, null);

    @TempDir
    Path dir;

    /** An 8-bit ImageJ z-stack (24 x 20 x 6, calibrated): dark below slice 3, bright above, with noise. */
    private Path zStack(String name) throws IOException {
        ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(24, 20, 6);
        byte[] v = img.update(null).getCurrentStorageArray();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) ((i / (24 * 20) < 3 ? 40 : 200) + random.nextInt(20));
        }
        Path file = dir.resolve(name);
        org.gmmseg.segmentation.io.ImageWriter.writeLabels(file, img, ImageAxes.of("xyz").withCalibration(VOXELS),
                MaskFormat.TIF, 255);
        return file;
    }

    /** A multi-page TIFF without metadata, as tifffile writes a time series without axes: 4 frames. */
    private Path plainPages(String name) throws IOException {
        List<BufferedImage> pages = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int t = 0; t < 4; t++) {
            BufferedImage page = new BufferedImage(16, 12, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    page.getRaster().setSample(x, y, 0, (x < 8 + t ? 30 : 220) + random.nextInt(15));
                }
            }
            pages.add(page);
        }
        Path file = dir.resolve(name);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    @Test
    void aZStackIsSegmentedAsOneVolumeIntoALabelStack() throws IOException {
        Path stack = zStack("embryo.tif");
        Path out = dir.resolve("out");

        Cli.Run run = Cli.run("segment", stack, "-k", "2", "--features", "gray+xyz", "--smooth", "0.5",
                "--probabilities", "--overlay", "--out", out);

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        ImageData labels = ImageReader.read(out.resolve("embryo_labels.tif"));
        assertEquals("xycz", labels.axes().letters());
        assertEquals(6, labels.depth());
        assertEquals(VOXELS, labels.calibration());
        assertFalse(Files.exists(out.resolve("embryo_labels.png")));
        ImageData probabilities = ImageReader.read(out.resolve("embryo_probabilities.tif"));
        assertEquals(2, probabilities.channels());
        assertEquals(6, probabilities.depth());
        assertEquals(VOXELS, probabilities.calibration(), "the input's calibration, issue 20 item 12");
        assertEquals(6, ImageReader.read(out.resolve("embryo_overlay.tif")).depth());
        var features = ModelFile.read(out.resolve("embryo_model.json")).extensions().get("features");
        assertEquals("xyz", features.get("axes").get(0).asText());
        assertEquals("xyz", features.get("coordinates").asText());
        assertEquals("micron", features.get("smoothingUnit").asText());
        assertTrue(Images.report(out).get(1).endsWith(",ok,,"), Images.report(out)::toString);

        Cli.Run info = Cli.run("info", out.resolve("embryo_model.json"));
        assertTrue(info.out().contains("fitted on   xyz images"), info.out());
        assertTrue(info.out().contains("smoothing   0.5 micron"), info.out());
        assertTrue(info.out().contains("features    gray+xyz (gray, x, y, z)"), info.out());
    }

    @Test
    void pngLabelsForAVolumeFailThatImage() throws IOException {
        Path stack = zStack("v.tif");
        Path out = dir.resolve("out");

        Cli.Run run = Cli.run("segment", stack, "-k", "2", "--mask-format", "png", "--out", out);

        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("v.tif: PNG labels hold one plane, but this image is 24 x 20 x 6 slices; "
                + "write TIFF labels (--mask-format tif, or no --mask-format)"), run::toString);
        assertFalse(Files.exists(out.resolve("v_labels.png")));
    }

    @Test
    void aTimeSeriesDeclaredWithAxesGetsOneModelOrOnePerFrame() throws IOException {
        Path series = plainPages("cells.tif");
        Path shared = dir.resolve("shared");
        Path frames = dir.resolve("frames");

        Cli.Run one = Cli.run("segment", series, "-k", "2", "--axes", "tyx", "--out", shared);
        Cli.Run each = Cli.run("segment", series, "-k", "2", "--axes", "tyx", "--per-frame", "--out", frames);

        assertEquals(ExitCodes.OK, one.exitCode(), one::toString);
        assertEquals(ExitCodes.OK, each.exitCode(), each::toString);
        ImageData labels = ImageReader.read(shared.resolve("cells_labels.tif"));
        assertEquals("xyct", labels.axes().letters());
        assertEquals(4, labels.frames());
        assertEquals("xyt", ModelFile.read(shared.resolve("cells_model.json")).extensions().get("features").get("axes")
                .get(0).asText());
        for (int t = 1; t <= 4; t++) {
            assertTrue(Files.exists(frames.resolve("cells_model_t00" + t + ".json")), "frame " + t);
        }
        assertFalse(Files.exists(frames.resolve("cells_model.json")));
        assertEquals(4, ImageReader.read(frames.resolve("cells_labels.tif")).frames());
        // without --axes the same pages are slices of one volume
        Cli.Run volume = Cli.run("segment", series, "-k", "2", "--out", dir.resolve("volume"));
        assertEquals(ExitCodes.OK, volume.exitCode(), volume::toString);
        assertEquals(4, ImageReader.read(dir.resolve("volume/cells_labels.tif")).depth());
    }

    @Test
    void aTimeSeriesTakesAnMrfOnItsSharedModelNotPerFrame() throws IOException {
        Path series = plainPages("cells.tif");
        Path out = dir.resolve("mrf");
        Cli.Run run = Cli.run("segment", series, "-k", "2", "--axes", "tyx", "--mrf", "1", "--probabilities",
                "--out", out);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        ImageData labels = ImageReader.read(out.resolve("cells_labels.tif"));
        assertEquals(4, labels.frames());
        assertEquals(4, ImageReader.read(out.resolve("cells_probabilities.tif")).frames());
        assertTrue(org.gmmseg.segmentation.SegmentationModel.load(out.resolve("cells_model.json")).mrf().sweeps() > 0);
        Cli.Run perFrame = Cli.run("segment", series, "-k", "2", "--axes", "tyx", "--mrf", "1", "--per-frame",
                "--out", dir.resolve("each"));
        assertEquals(ExitCodes.USAGE, perFrame.exitCode(), perFrame::toString);
        assertTrue(perFrame.err().contains("--per-frame"), perFrame::toString);
    }

    @Test
    void aModelOfPlanesLabelsAVolume() throws IOException {
        Path plane = Images.gray(dir.resolve("plane.png"), 24, 20, 1);
        Path model = dir.resolve("plane.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", plane, "-k", "2", "--model", model).exitCode());
        Path stack = zStack("stack.tif");

        Cli.Run run = Cli.run("apply", "--model", model, stack, "--out", dir.resolve("out"));

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(6, ImageReader.read(dir.resolve("out/stack_labels.tif")).depth());
        assertTrue(Cli.run("info", model).out().contains("fitted on   xy images"));
    }

    @Test
    void aModelOfVolumesLabelsAnotherVolumeAsSegmentDid() throws IOException {
        Path stack = zStack("a.tif");
        Path out = dir.resolve("out");
        assertEquals(ExitCodes.OK, Cli.run("segment", stack, "-k", "2", "--features", "gray+xyz", "--out", out)
                .exitCode());
        Path copy = Files.copy(stack, Files.createDirectories(dir.resolve("other")).resolve("a.tif"));

        Cli.Run run = Cli.run("apply", "--model", out.resolve("a_model.json"), copy, "--out", dir.resolve("applied"));

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        // fit-then-predict equals fit_predict: the same voxels get the same labels, with the input's calibration
        assertTrue(Arrays.equals(Files.readAllBytes(out.resolve("a_labels.tif")),
                Files.readAllBytes(dir.resolve("applied/a_labels.tif"))), "apply's labels are segment's");
        assertEquals(VOXELS, ImageReader.read(dir.resolve("applied/a_labels.tif")).calibration());
        // a rerun of apply with other axes is refused as a rerun with other options
        Cli.Run rerun = Cli.run("apply", "--model", out.resolve("a_model.json"), copy, "--axes", "tyx", "--out",
                dir.resolve("applied"));
        assertEquals(ExitCodes.USAGE, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.err().contains("--axes (not given), not tyx"), rerun::toString);
    }

    @Test
    void optionsThatContradictOrDoNotParseAreUsageErrors() throws IOException {
        Path stack = zStack("s.tif");

        Cli.Run both = Cli.run("segment", stack, "-k", "2", "--per-frame", "--shared-model", "--out", dir.resolve("o"));
        assertEquals(ExitCodes.USAGE, both.exitCode(), both::toString);
        assertTrue(both.err().contains("--per-frame fits each frame alone and --shared-model fits one model"), both::toString);

        Cli.Run axes = Cli.run("segment", stack, "-k", "2", "--axes", "zy", "--out", dir.resolve("o"));
        assertEquals(ExitCodes.USAGE, axes.exitCode(), axes::toString);
        assertTrue(axes.err().contains("--axes: axes 'zy' must end in yx"), axes::toString);

        Cli.Run misfit = Cli.run("segment", stack, "-k", "2", "--axes", "c4zyx", "--out", dir.resolve("o"));
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, misfit.exitCode(), misfit::toString);
        assertTrue(misfit.err().contains("s.tif: --axes c4zyx does not fit 6 pages (6 is not a multiple of 4)"),
                misfit::toString);

        Cli.Run table = Cli.run("fit", Cli.mixtureCsv(dir.resolve("t.csv"), 40, 2, 2, 1), "-k", "2", "--axes", "zyx",
                "--model", dir.resolve("m.json"));
        assertEquals(ExitCodes.USAGE, table.exitCode(), table::toString);
        assertTrue(table.err().contains("--axes applies to images"), table::toString);
    }
}
