package org.gmmseg.segmentation.io;

import static org.gmmseg.segmentation.io.TestImages.BYTE;
import static org.gmmseg.segmentation.io.TestImages.FLOAT;
import static org.gmmseg.segmentation.io.TestImages.GRAY;
import static org.gmmseg.segmentation.io.TestImages.SRGB;
import static org.gmmseg.segmentation.io.TestImages.USHORT;
import static org.gmmseg.segmentation.io.TestImages.component;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReaderTest {
    private static final int W = 7;
    private static final int H = 5;

    @TempDir
    Path dir;

    @Test
    void gray8Png() throws IOException {
        Path file = TestImages.write(dir.resolve("g.png"), "png", component(GRAY, false, BYTE, W, H, (x, y, b) -> x + 10 * y));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 1, ChannelLayout.GRAY, 8);
        assertInstanceOf(UnsignedByteType.class, image.pixels().getType());
        assertInstanceOf(ArrayImg.class, image.pixels());
        assertEquals(255.0, image.typeMax());
        assertEquals(43.0, value(image, 3, 4, 0));
        assertEquals(6.0, value(image, 6, 0, 0));
    }

    @Test
    void rgbPngIsPlanarInRgbOrder() throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        TestImages.fill(img, (x, y, b) -> 50 * b + x + y);
        Path file = TestImages.write(dir.resolve("c.png"), "png", img);

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 3, ChannelLayout.RGB, 8);
        assertArrayEquals(new double[] {6, 56, 106}, values(image, 2, 4));
    }

    @Test
    void rgbaPngHasAlphaLast() throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(1, 2, 0x80_10_20_30);
        Path file = TestImages.write(dir.resolve("a.png"), "png", img);

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 4, ChannelLayout.RGBA, 8);
        assertArrayEquals(new double[] {0x10, 0x20, 0x30, 0x80}, values(image, 1, 2));
        assertArrayEquals(new double[] {0, 0, 0, 0}, values(image, 0, 0));
    }

    @Test
    void grayAlphaPng() throws IOException {
        Path file = TestImages.write(dir.resolve("ga.png"), "png",
                component(GRAY, true, BYTE, W, H, (x, y, b) -> b == 0 ? x : 200 + y));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 2, ChannelLayout.GRAY_ALPHA, 8);
        assertArrayEquals(new double[] {5, 203}, values(image, 5, 3));
    }

    @Test
    void gray16Png() throws IOException {
        Path file = TestImages.write(dir.resolve("g16.png"), "png",
                component(GRAY, false, USHORT, W, H, (x, y, b) -> 65535 - 1000 * x - y));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 1, ChannelLayout.GRAY, 16);
        assertInstanceOf(UnsignedShortType.class, image.pixels().getType());
        assertEquals(65535.0, image.typeMax());
        assertEquals(65535.0 - 6000 - 4, value(image, 6, 4, 0));
        assertEquals(65535.0, value(image, 0, 0, 0));
    }

    @Test
    void rgb16Png() throws IOException {
        Path file = TestImages.write(dir.resolve("c16.png"), "png",
                component(SRGB, false, USHORT, W, H, (x, y, b) -> 20000 * b + 300 * x + y));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 3, ChannelLayout.RGB, 16);
        assertArrayEquals(new double[] {1803, 21803, 41803}, values(image, 6, 3));
    }

    @Test
    void bilevelPngIsGrayZeroOr255() throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY);
        img.getRaster().setSample(3, 1, 0, 1);
        Path file = TestImages.write(dir.resolve("b.png"), "png", img);

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 1, ChannelLayout.GRAY, 8);
        assertEquals(255.0, value(image, 3, 1, 0));
        assertEquals(0.0, value(image, 3, 2, 0));
    }

    @Test
    void colourPaletteExpandsToRgb() throws IOException {
        Path png = TestImages.write(dir.resolve("p.png"), "png", indexed(-1));
        Path gif = TestImages.write(dir.resolve("p.gif"), "gif", indexed(-1));

        for (Path file : List.of(png, gif)) {
            ImageData image = ImageReader.read(file);

            assertShape(image, W, H, 3, ChannelLayout.RGB, 8);
            assertArrayEquals(new double[] {255, 0, 0}, values(image, 1, 0), file.toString());
            assertArrayEquals(new double[] {0, 0, 255}, values(image, 1, 2), file.toString());
        }
    }

    @Test
    void transparentPaletteEntryGivesRgba() throws IOException {
        Path file = TestImages.write(dir.resolve("t.gif"), "gif", indexed(0));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 4, ChannelLayout.RGBA, 8);
        assertEquals(0.0, value(image, 0, 0, 3), "index 0 is transparent");
        assertArrayEquals(new double[] {0, 0, 255, 255}, values(image, 1, 2));
    }

    @Test
    void grayPaletteStaysGray() throws IOException {
        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) {
            ramp[i] = (byte) (255 - i); // an inverting gray LUT: values come out through the table
        }
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, ramp, ramp, ramp));
        TestImages.fill(img, (x, y, b) -> x + y);
        Path file = TestImages.write(dir.resolve("lut.png"), "png", img);

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 1, ChannelLayout.GRAY, 8);
        assertEquals(255.0 - 7, value(image, 4, 3, 0));
    }

    @Test
    void bmp24AndBmp16() throws IOException {
        BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        rgb.setRGB(4, 1, 0x123456);
        BufferedImage packed = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_565_RGB);
        packed.setRGB(4, 1, 0xFF0000);

        ImageData image = ImageReader.read(TestImages.write(dir.resolve("x.bmp"), "bmp", rgb));
        ImageData image565 = ImageReader.read(TestImages.write(dir.resolve("x565.bmp"), "bmp", packed));

        assertShape(image, W, H, 3, ChannelLayout.RGB, 8);
        assertArrayEquals(new double[] {0x12, 0x34, 0x56}, values(image, 4, 1));
        assertShape(image565, W, H, 3, ChannelLayout.RGB, 8);
        assertArrayEquals(new double[] {255, 0, 0}, values(image565, 4, 1));
    }

    @Test
    void jpegIsRgb8() throws IOException {
        BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
        TestImages.fill(img, (x, y, b) -> b == 0 ? 200 : 40);
        Path file = TestImages.write(dir.resolve("x.jpg"), "jpeg", img);

        ImageData image = ImageReader.read(file);

        assertShape(image, 32, 16, 3, ChannelLayout.RGB, 8);
        double[] v = values(image, 10, 10);
        assertEquals(200, v[0], 3);
        assertEquals(40, v[1], 3);
        assertEquals(40, v[2], 3);
    }

    @Test
    void formatIsDetectedFromContentNotName() throws IOException {
        Path file = TestImages.write(dir.resolve("really-a-png.jpg"), "png",
                component(GRAY, false, USHORT, W, H, (x, y, b) -> 1000 + x));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 1, ChannelLayout.GRAY, 16);
        assertEquals(1006.0, value(image, 6, 0, 0));
    }

    /** Three 16-bit pages without metadata: 100 + x, 200 + y, 60000. */
    private Path threePages() throws IOException {
        return TestImages.writeTiffPages(dir.resolve("stack.tif"), List.of(
                component(GRAY, false, USHORT, W, H, (x, y, b) -> 100 + x),
                component(GRAY, false, USHORT, W, H, (x, y, b) -> 200 + y),
                component(GRAY, false, USHORT, W, H, (x, y, b) -> 60000)));
    }

    @Test
    void multiPageTiffWithoutMetadataIsAZStack() throws IOException {
        Path file = threePages();

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 1, ChannelLayout.GRAY, 16);
        assertEquals("xycz", image.axes().letters());
        assertEquals(3, image.depth());
        assertArrayEquals(new double[] {106, 204, 60000}, ImageReaderSharedDataTest.values(image, 6, 4, 3));
        assertArrayEquals(new double[] {100, 200, 60000}, ImageReaderSharedDataTest.values(image, 0, 0, 3));
    }

    @Test
    void declaredAxesMakeThePagesChannels() throws IOException {
        Path file = threePages();

        ImageData image = ImageReader.read(file, DeclaredAxes.parse("cyx"));

        assertShape(image, W, H, 3, ChannelLayout.CHANNELS, 16);
        assertTrue(image.isPlanar());
        assertArrayEquals(new double[] {106, 204, 60000}, values(image, 6, 4));
    }

    @Test
    void multiBandTiffKeepsBands() throws IOException {
        Path file = TestImages.write(dir.resolve("rgb16.tif"), "tiff",
                component(SRGB, false, USHORT, W, H, (x, y, b) -> 1 + b * 10000 + x * 100 + y));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 3, ChannelLayout.RGB, 16);
        assertArrayEquals(new double[] {304, 10304, 20304}, values(image, 3, 3));
    }

    @Test
    void floatTiffKeepsNanAndInfinity() throws IOException {
        float[] v = {0.25f, Float.NaN, -1e-30f, Float.NEGATIVE_INFINITY, 3e38f, 1f};
        BufferedImage img = component(GRAY, false, FLOAT, 3, 2, (x, y, b) -> v[y * 3 + x]);
        Path file = TestImages.write(dir.resolve("f.tif"), "tiff", img);

        ImageData image = ImageReader.read(file);

        assertShape(image, 3, 2, 1, ChannelLayout.GRAY, 32);
        assertInstanceOf(FloatType.class, image.pixels().getType());
        assertEquals(1.0, image.typeMax());
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], (float) value(image, i % 3, i / 3, 0), "sample " + i);
        }
    }

    // --- errors ---

    @Test
    void pagesOfDifferentSizesAreRejected() throws IOException {
        Path file = TestImages.writeTiffPages(dir.resolve("mixed.tif"), List.of(
                component(GRAY, false, BYTE, 20, 20, (x, y, b) -> 0),
                component(GRAY, false, BYTE, 10, 10, (x, y, b) -> 0)));

        ImageReadException e = assertReadFails(file);

        assertTrue(e.getMessage().startsWith(file + ": pages have different sizes (page 2 is 10x10, page 1 is 20x20)"),
                e.getMessage());
    }

    @Test
    void multiPageTiffOfRgbPagesIsAnRgbZStack() throws IOException {
        BufferedImage first = component(SRGB, false, BYTE, W, H, (x, y, b) -> 10 * b + x);
        BufferedImage second = component(SRGB, false, BYTE, W, H, (x, y, b) -> 100 + 10 * b + y);
        Path file = TestImages.writeTiffPages(dir.resolve("rgbpages.tif"), List.of(first, second));

        ImageData image = ImageReader.read(file);

        assertShape(image, W, H, 3, ChannelLayout.RGB, 8);
        assertEquals("xycz", image.axes().letters());
        assertEquals(2, image.depth());
        RandomAccess<? extends RealType<?>> ra = image.pixels().randomAccess();
        ra.setPosition(new long[] {5, 3, 2, 1});
        assertEquals(100 + 20 + 3, ra.get().getRealDouble());
        ra.setPosition(new long[] {5, 3, 1, 0});
        assertEquals(10 + 5, ra.get().getRealDouble());
    }

    @Test
    void pagesWithSamplesCannotAlsoBeChannels() throws IOException {
        BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        Path file = TestImages.writeTiffPages(dir.resolve("rgbpages.tif"), List.of(rgb, rgb));

        ImageReadException e = assertThrows(ImageReadException.class,
                () -> ImageReader.read(file, DeclaredAxes.parse("cyx")));

        assertTrue(e.getMessage().startsWith(file + ": unsupported pixel type (pages of 3 samples"), e.getMessage());
    }

    @Test
    void signedSixteenBitIsUnsupported() throws IOException {
        Path file = Files.write(dir.resolve("s16.tif"), TestImages.tinyTiff(3, 2, 16, 2));

        assertReason(file, "unsupported pixel type (signed 16-bit samples are not supported");
    }

    @Test
    void zeroSizeTiffHasNoPixels() throws IOException {
        Path file = Files.write(dir.resolve("empty.tif"), TestImages.tinyTiff(0, 0, 8, 1));

        assertEquals(file + ": image has no pixels (0 x 0)", assertReadFails(file).getMessage());
    }

    @Test
    void zeroSizeTiffWithoutDataHasNoPixels() throws IOException {
        // the JDK's reader throws "Data segment out of stream" on these headers
        Path le = Files.write(dir.resolve("le.tif"), TestImages.emptyTiff(0, 0, java.nio.ByteOrder.LITTLE_ENDIAN));
        Path be = Files.write(dir.resolve("be.tif"), TestImages.emptyTiff(0, 0, java.nio.ByteOrder.BIG_ENDIAN));
        Path row = Files.write(dir.resolve("row.tif"), TestImages.emptyTiff(6, 0, java.nio.ByteOrder.LITTLE_ENDIAN));

        assertEquals(le + ": image has no pixels (0 x 0)", assertReadFails(le).getMessage());
        assertEquals(be + ": image has no pixels (0 x 0)", assertReadFails(be).getMessage());
        assertEquals(row + ": image has no pixels (6 x 0)", assertReadFails(row).getMessage());
    }

    @Test
    void zeroSizePngHasNoPixels() throws IOException {
        // the JDK's reader throws "I/O error reading PNG header!: Image width <= 0!" on these headers
        Path zero = Files.write(dir.resolve("zero.png"), TestImages.headerOnlyPng(0, 0));
        Path column = Files.write(dir.resolve("column.png"), TestImages.headerOnlyPng(0, 4));

        assertEquals(zero + ": image has no pixels (0 x 0)", assertReadFails(zero).getMessage());
        assertEquals(column + ": image has no pixels (0 x 4)", assertReadFails(column).getMessage());
    }

    @Test
    void aPngWithPixelsButNoDataIsStillCorrupt() throws IOException {
        // the header is fine, the image data are missing: not mistaken for an empty image
        Path file = Files.write(dir.resolve("nodata.png"), TestImages.headerOnlyPng(3, 2));

        assertReason(file, "truncated or corrupt (");
    }

    @Test
    void truncatedPng() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        TestImages.fill(img, (x, y, b) -> random.nextInt(256));
        Path file = cutInHalf(TestImages.write(dir.resolve("cut.png"), "png", img));

        assertReason(file, "truncated or corrupt (");
    }

    @Test
    void truncatedJpegIsAnErrorNotAGrayImage() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        TestImages.fill(img, (x, y, b) -> random.nextInt(256));
        Path file = cutInHalf(TestImages.write(dir.resolve("cut.jpg"), "jpeg", img));

        assertReason(file, "truncated or corrupt (");
    }

    @Test
    void truncatedMultiPageTiff() throws IOException {
        List<BufferedImage> pages = List.of(
                component(GRAY, false, BYTE, 64, 64, (x, y, b) -> x),
                component(GRAY, false, BYTE, 64, 64, (x, y, b) -> y),
                component(GRAY, false, BYTE, 64, 64, (x, y, b) -> x + y));
        Path file = cutInHalf(TestImages.writeTiffPages(dir.resolve("cut.tif"), pages));

        assertReason(file, "truncated or corrupt (");
    }

    @Test
    void randomBytesNamedPng() throws IOException {
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        Path file = Files.write(dir.resolve("noise.png"), noise);

        assertReason(file, "not an image file or unsupported format");
    }

    @Test
    void textFileNamedTif() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.tif"), "not an image\n");

        assertReason(file, "not an image file or unsupported format");
    }

    @Test
    void zeroByteFile() throws IOException {
        Path file = Files.createFile(dir.resolve("zero.png"));

        assertReason(file, "empty file (0 bytes)");
    }

    @Test
    void directory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("folder.png"));

        assertReason(sub, "is a directory, not an image file");
    }

    @Test
    void missingFile() {
        assertReason(dir.resolve("missing.png"), "no such file");
    }

    @Test
    void relativePathIsNamedAsGiven() {
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(Path.of("x.png")));

        assertEquals("x.png: no such file", e.getMessage());
        assertEquals(Path.of("x.png"), e.file());
        assertEquals("no such file", e.reason());
    }

    // --- helpers ---

    /** 8-bit palette: 0 black, 1 red, 2 green, 3 blue; pixel index (x + y) % 4. */
    private static BufferedImage indexed(int transparentIndex) {
        byte[] r = {0, (byte) 255, 0, 0};
        byte[] g = {0, 0, (byte) 255, 0};
        byte[] b = {0, 0, 0, (byte) 255};
        IndexColorModel icm = transparentIndex < 0 ? new IndexColorModel(8, 4, r, g, b)
                : new IndexColorModel(8, 4, r, g, b, transparentIndex);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, icm);
        TestImages.fill(img, (x, y, band) -> (x + y) % 4);
        return img;
    }

    private static Path cutInHalf(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length / 2));
        return file;
    }

    private static ImageReadException assertReadFails(Path file) {
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(file));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    private static void assertReason(Path file, String reasonStart) {
        ImageReadException e = assertReadFails(file);
        assertTrue(e.getMessage().startsWith(file + ": " + reasonStart), e.getMessage());
    }

    private static void assertShape(ImageData image, int w, int h, int c, ChannelLayout layout, int bits) {
        assertEquals(w, image.width(), "width");
        assertEquals(h, image.height(), "height");
        assertEquals(c, image.channels(), "channels");
        assertEquals(layout, image.layout(), "layout");
        assertEquals(bits, image.bitDepth(), "bit depth");
    }

    private static double value(ImageData image, int x, int y, int c) {
        RandomAccess<? extends RealType<?>> ra = image.pixels().randomAccess();
        ra.setPosition(new long[] {x, y, c});
        return ra.get().getRealDouble();
    }

    private static double[] values(ImageData image, int x, int y) {
        return ImageReaderSharedDataTest.values(image, x, y, image.channels());
    }
}
