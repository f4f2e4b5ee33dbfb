package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What headers declare, read without decoding, and what the reader refuses on that ground: a
 * decompression bomb with its true size and channels (issue 20, item 3), BigTIFF by name (item 5).
 */
class ImageHeaderTest {
    @TempDir
    Path dir;

    @Test
    void headersOfFilesWrittenByImageIo() throws IOException {
        BufferedImage rgb = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        BufferedImage gray16 = new BufferedImage(6, 4, BufferedImage.TYPE_USHORT_GRAY);
        BufferedImage argb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        assertEquals(new ImageHeader("PNG", 7, 5, 3, 8, 1), header("a.png", rgb));
        assertEquals(new ImageHeader("PNG", 3, 2, 4, 8, 1), header("b.png", argb));
        assertEquals(new ImageHeader("PNG", 6, 4, 1, 16, 1), header("c.png", gray16));
        assertEquals(new ImageHeader("JPEG", 7, 5, 3, 8, 1), header("d.jpg", rgb));
        assertEquals(new ImageHeader("BMP", 7, 5, 3, 8, 1), header("e.bmp", rgb));
        assertEquals(new ImageHeader("GIF", 7, 5, 3, 8, 1), header("f.gif", rgb));
        assertEquals(new ImageHeader("TIFF", 6, 4, 1, 16, 1), header("g.tif", gray16));
        assertEquals(new ImageHeader("TIFF", 7, 5, 3, 8, 1), header("h.tif", rgb));
        Path stack = TestImages.writeTiffPages(dir.resolve("stack.tif"), List.of(gray16, gray16, gray16));
        assertEquals(new ImageHeader("TIFF", 6, 4, 1, 16, 3), ImageHeader.read(stack));
        assertEquals(6 * 4 * 3, ImageHeader.read(stack).samples());
        assertEquals("6 x 4 pixels x 1 channel x 3 slices, 16-bit", ImageHeader.read(stack).describe());
        assertNull(ImageHeader.read(Files.writeString(dir.resolve("t.txt"), "not an image")));
        assertNull(ImageHeader.read(dir.resolve("missing.png")));
    }

    @Test
    void aDecompressionBombIsRefusedWithItsTrueSizeBeforeDecoding() throws IOException {
        // 100000 x 100000 RGB declared in a file of a few bytes
        Path bomb = Files.write(dir.resolve("bomb.png"), TestImages.headerOnlyPng(100_000, 100_000, 2));
        ImageHeader header = ImageHeader.read(bomb);
        assertEquals("100000 x 100000 pixels x 3 channels, 8-bit", header.describe());
        assertEquals(30_000_000_000L, header.bytes());

        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(bomb, null, 1_000_000));
        assertEquals(bomb + ": image too large: it declares 100000 x 100000 pixels x 3 channels, 8-bit (10000 megapixels), "
                + "more than the limit of 1 megapixels (--max-pixels); not decoded", e.getMessage());
        // the heap-derived default refuses it too, without running out of memory
        assertTrue(assertThrows(ImageReadException.class, () -> ImageReader.read(bomb)).getMessage()
                .contains("image too large: it declares 100000 x 100000 pixels x 3 channels"));
        // over the limit of one array, the message gives the declared channels (it said "x 1 samples")
        Path wide = Files.write(dir.resolve("wide.png"), TestImages.headerOnlyPng(30_000, 30_000, 6));
        assertTrue(assertThrows(ImageReadException.class, () -> ImageReader.read(wide, null, Long.MAX_VALUE)).getMessage()
                .contains("image too large (30000 x 30000 pixels x 4 channels; at most"));
    }

    @Test
    void bigTiffIsNamedNotCalledNotAnImage() throws IOException {
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 'I').put((byte) 'I').putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(16);
        Path big = Files.write(dir.resolve("big.tif"), head.array());

        assertEquals("BigTIFF", ImageHeader.read(big).format());
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(big));
        assertTrue(e.getMessage().startsWith(big + ": BigTIFF is not supported"), e.getMessage());
    }

    private ImageHeader header(String name, BufferedImage img) throws IOException {
        String format = name.substring(name.indexOf('.') + 1);
        return ImageHeader.read(TestImages.write(dir.resolve(name), format.equals("tif") ? "tiff" : format, img));
    }
}
