package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} maxLabel={1}")
    @CsvSource({"PNG, 1, 8", "PNG, 255, 8", "PNG, 256, 16", "PNG, 65535, 16", "TIF, 255, 8", "TIF, 4000, 16",
        "TIF, 65535, 16"})
    void labelsRoundTripExactly(MaskFormat format, int maxLabel, int expectedBits) throws IOException {
        ArrayImg<IntType, ?> labels = randomLabels(37, 23, maxLabel, 11);
        labels.randomAccess().setPositionAndGet(36, 22).set(maxLabel);
        Path file = dir.resolve("labels." + format.extension());

        ImageWriter.writeLabels(file, labels, format, maxLabel);
        ImageData back = ImageReader.read(file);

        assertEquals(ChannelLayout.GRAY, back.layout());
        assertEquals(expectedBits, back.bitDepth());
        assertEquals(37, back.width());
        assertEquals(23, back.height());
        assertSameValues(labels, Views.hyperSlice(back.pixels(), 2, 0));
    }

    @Test
    void labelsWithOffsetIntervalAndOtherIntegerType() throws IOException {
        ArrayImg<UnsignedShortType, ?> img = ArrayImgs.unsignedShorts(10, 8);
        int i = 0;
        for (UnsignedShortType t : img) {
            t.set(i++ * 3);
        }
        RandomAccessibleInterval<UnsignedShortType> window = Views.interval(img, new long[] {2, 3}, new long[] {6, 7});
        Path file = dir.resolve("window.png");

        ImageWriter.writeLabels(file, window, MaskFormat.PNG, 300);
        ImageData back = ImageReader.read(file);

        assertEquals(5, back.width());
        assertEquals(5, back.height());
        assertSameValues(Views.zeroMin(window), Views.hyperSlice(back.pixels(), 2, 0));
    }

    @Test
    void labelAboveMaxLabelIsRejectedAndNothingIsWritten() {
        ArrayImg<IntType, ?> labels = ArrayImgs.ints(4, 3);
        labels.randomAccess().setPositionAndGet(2, 1).set(256);
        Path file = dir.resolve("bad.png");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageWriter.writeLabels(file, labels, MaskFormat.PNG, 255));

        assertEquals("label 256 at (2, 1) is outside 0..255", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void negativeLabelAndOutOfRangeMaxLabelAreRejected() {
        ArrayImg<IntType, ?> labels = ArrayImgs.ints(4, 3);
        labels.randomAccess().setPositionAndGet(0, 2).set(-1);
        Path file = dir.resolve("bad.tif");

        assertThrows(IllegalArgumentException.class, () -> ImageWriter.writeLabels(file, labels, MaskFormat.TIF, 10));
        assertThrows(IllegalArgumentException.class,
                () -> ImageWriter.writeLabels(file, ArrayImgs.ints(4, 3), MaskFormat.TIF, 65536));
        assertThrows(IllegalArgumentException.class,
                () -> ImageWriter.writeLabels(file, ArrayImgs.ints(4, 3, 2), MaskFormat.TIF, 10));
    }

    @Test
    void probabilitiesRoundTripAsFloatPages() throws IOException {
        int w = 13;
        int h = 9;
        int k = 3;
        ArrayImg<FloatType, ?> p = ArrayImgs.floats(w, h, k);
        Random random = new Random(5);
        for (FloatType t : p) {
            t.set(random.nextFloat());
        }
        RandomAccess<FloatType> ra = p.randomAccess();
        ra.setPositionAndGet(4, 5, 1).set(Float.NaN);
        ra.setPositionAndGet(0, 0, 2).set(Float.MIN_VALUE);
        ra.setPositionAndGet(12, 8, 0).set(1f);
        Path file = dir.resolve("sub/dir/probabilities.tif");

        ImageWriter.writeProbabilities(file, p);
        ImageData back = ImageReader.read(file);

        assertEquals(ChannelLayout.CHANNELS, back.layout());
        assertEquals(32, back.bitDepth());
        assertEquals(k, back.channels());
        assertSameValues(p, back.pixels());
    }

    @Test
    void singleComponentProbabilitiesReadBackAsGrayFloat() throws IOException {
        ArrayImg<FloatType, ?> p = ArrayImgs.floats(new float[] {0f, 0.5f, 1f, Float.NaN, -0f, 0.25f}, 3, 2, 1);
        Path file = dir.resolve("one.tif");

        ImageWriter.writeProbabilities(file, p);
        ImageData back = ImageReader.read(file);

        assertEquals(ChannelLayout.GRAY, back.layout());
        assertSameValues(p, back.pixels());
    }

    @Test
    void rgbRoundTripIgnoresAlpha() throws IOException {
        int[] argb = {0x00102030, 0xFF405060, 0x80FFFFFF, 0x12000000, 0xFF010203, 0x00ABCDEF};
        Path file = dir.resolve("overlay.png");

        ImageWriter.writeRgb(file, argb, 3, 2);
        ImageData back = ImageReader.read(file);

        assertEquals(ChannelLayout.RGB, back.layout());
        assertEquals(8, back.bitDepth());
        for (int i = 0; i < argb.length; i++) {
            double[] rgb = ImageReaderSharedDataTest.values(back, i % 3, i / 3, 3);
            assertArrayEquals(new double[] {argb[i] >> 16 & 0xFF, argb[i] >> 8 & 0xFF, argb[i] & 0xFF}, rgb,
                    "pixel " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> ImageWriter.writeRgb(file, argb, 4, 2));
    }

    // --- atomic writes ---

    @Test
    void labelStacksKeepTheirAxesAndCalibration() throws IOException {
        ArrayImg<IntType, ?> labels = ArrayImgs.ints(7, 5, 3, 2);
        int i = 0;
        for (IntType t : labels) {
            t.set(i++ % 251);
        }
        Calibration cal = new Calibration(0.2, 0.3, 1.5, "micron", 2.5, "min");
        Path file = dir.resolve("stack_labels.tif");

        ImageWriter.writeLabels(file, labels, ImageAxes.of("xyzt").withCalibration(cal), MaskFormat.TIF, 250);
        ImageData back = ImageReader.read(file);

        assertEquals("xyczt", back.axes().letters());
        assertEquals(8, back.bitDepth());
        assertEquals(3, back.depth());
        assertEquals(2, back.frames());
        assertEquals("micron", back.calibration().unit());
        assertEquals(0.2, back.calibration().pixelWidth(), 1e-9);
        assertEquals(0.3, back.calibration().pixelHeight(), 1e-9);
        assertEquals(1.5, back.calibration().voxelDepth());
        assertEquals(2.5, back.calibration().frameInterval());
        assertEquals("min", back.calibration().timeUnit());
        assertSameValues(labels, Views.hyperSlice(back.pixels(), 2, 0));
    }

    @Test
    void aPlaneOfLabelsAsTiffCarriesItsCalibrationToo() throws IOException {
        Path file = dir.resolve("plane_labels.tif");
        Calibration cal = Calibration.of(0.0514931, 0.0514931, 1, "\u00b5m");

        ImageWriter.writeLabels(file, ArrayImgs.ints(4, 3), ImageAxes.of("xy").withCalibration(cal), MaskFormat.TIF, 3);
        ImageData back = ImageReader.read(file);

        assertTrue(back.isPlanar());
        assertEquals("\u00b5m", back.calibration().unit());
        assertEquals(0.0514931, back.calibration().pixelWidth(), 1e-12);
    }

    @Test
    void aPngHoldsOnePlaneOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageWriter.writeLabels(
                dir.resolve("v.png"), ArrayImgs.ints(4, 3, 5), ImageAxes.of("xyz"), MaskFormat.PNG, 3));

        assertEquals("a PNG holds one plane, but the labels have 5 slices; write them as TIFF (--mask-format tif)",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("v.png")));
    }

    @Test
    void probabilityHyperstacksHaveTheComponentsAsChannels() throws IOException {
        ArrayImg<FloatType, ?> p = ArrayImgs.floats(6, 4, 2, 3); // X, Y, Z, K
        Random random = new Random(9);
        p.forEach(t -> t.set(random.nextFloat()));
        Path file = dir.resolve("p.tif");

        ImageWriter.writeProbabilities(file, p, ImageAxes.of("xyzc").withCalibration(Calibration.of(1, 1, 3, "um")));
        ImageData back = ImageReader.read(file);

        assertEquals("xycz", back.axes().letters());
        assertEquals(3, back.channels());
        assertEquals(2, back.depth());
        assertEquals(3.0, back.calibration().voxelDepth());
        assertSameValues(p, Views.permute(back.pixels(), 2, 3));
    }

    @Test
    void filesBeyondFourGibibytesAreRefusedBeforeWriting() {
        Path file = dir.resolve("huge.tif");

        IOException e = assertThrows(IOException.class, () -> ImageWriter.writeProbabilities(file, 40000, 30000, 1, 1,
                1, Calibration.NONE, (c, z, t, plane) -> { }));

        assertTrue(e.getMessage().contains("exceed the 4 GiB a TIFF file can hold"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void replacesExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("mask.png");
        Files.writeString(file, "old content");

        ImageWriter.writeLabels(file, ArrayImgs.ints(new int[] {0, 1, 2, 3}, 2, 2), MaskFormat.PNG, 3);

        assertEquals(List.of("mask.png"), list(dir));
        assertEquals(3.0, ImageReaderSharedDataTest.values(ImageReader.read(file), 1, 1, 1)[0]);
    }

    @Test
    void failedWriteKeepsOldFileAndRemovesTemporaryFile() throws IOException {
        Path file = dir.resolve("keep.png");
        Files.writeString(file, "old content");

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk on fire");
        }));

        assertEquals(file + ": cannot write (disk on fire)", e.getMessage());
        assertEquals("old content", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of("keep.png"), list(dir));
    }

    @Test
    void runtimeFailureAlsoRemovesTemporaryFile() {
        Path file = dir.resolve("new.png");

        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));

        assertEquals(List.of(), list(dir));
    }

    @Test
    void temporaryFileIsHiddenSiblingNamedAfterTarget() throws IOException {
        Path file = dir.resolve("x.tif");
        List<String> seen = new java.util.ArrayList<>();

        AtomicFiles.write(file, out -> {
            seen.addAll(list(dir));
            out.write(new byte[] {1, 2, 3});
        });

        assertEquals(1, seen.size());
        assertTrue(seen.get(0).startsWith(".x.tif.tmp-"), seen.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        assertEquals(List.of("x.tif"), list(dir));
    }

    @Test
    void targetThatIsADirectoryOrUnderAFileFails() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out.png"));
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file");

        IOException onDirectory = assertThrows(IOException.class, () -> ImageWriter.writeRgb(folder, new int[1], 1, 1));
        Path underFile = blocker.resolve("x.png");
        IOException underAFile = assertThrows(IOException.class,
                () -> ImageWriter.writeRgb(underFile, new int[1], 1, 1));

        assertEquals(folder + ": is a directory", onDirectory.getMessage());
        assertTrue(underAFile.getMessage().startsWith(underFile + ": cannot write ("), underAFile.getMessage());
        assertFalse(underAFile.getMessage().contains("\n"));
        assertTrue(Files.isDirectory(folder));
    }

    // --- helpers ---

    private static ArrayImg<IntType, ?> randomLabels(int w, int h, int maxLabel, long seed) {
        ArrayImg<IntType, ?> labels = ArrayImgs.ints(w, h);
        Random random = new Random(seed);
        for (IntType t : labels) {
            t.set(random.nextInt(maxLabel + 1));
        }
        return labels;
    }

    /** Same size and, in flat order, the same values (NaN equal to NaN, -0 to 0 by float bits). */
    private static void assertSameValues(RandomAccessibleInterval<? extends RealType<?>> expected,
            RandomAccessibleInterval<? extends RealType<?>> actual) {
        assertArrayEquals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray(), "dimensions");
        Cursor<? extends RealType<?>> e = Views.flatIterable(expected).cursor();
        Cursor<? extends RealType<?>> a = Views.flatIterable(actual).cursor();
        for (int i = 0; e.hasNext(); i++) {
            float want = e.next().getRealFloat();
            float got = a.next().getRealFloat();
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got),
                    "value " + i + ": expected " + want + " but was " + got);
        }
    }

    private static List<String> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
