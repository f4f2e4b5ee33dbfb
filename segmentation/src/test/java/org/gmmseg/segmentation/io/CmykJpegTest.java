package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four-component JPEGs as print software writes them (issue 20, item 13): plain CMYK, Adobe's
 * inverted CMYK and Adobe's YCCK, made here from a raster of known samples (the JDK writes the
 * samples as given), with an APP14 "Adobe" segment added by hand. Each is read as RGB.
 */
class CmykJpegTest {
    /** Left half red, right half yellow, as screen colours. */
    private static final int[][] RGB = {{255, 0, 0}, {255, 255, 0}};
    private static final int TOLERANCE = 6; // JPEG at quality 1.0 on flat colours

    @TempDir
    Path dir;

    @Test
    void plainCmyk() throws IOException {
        // ink amounts: red is M + Y, yellow is Y; K none
        assertRgb(jpeg("plain.jpg", new int[][] {{0, 255, 255, 0}, {0, 0, 255, 0}}, -1));
    }

    @Test
    void adobeInvertedCmyk() throws IOException {
        // Adobe stores 255 - ink
        assertRgb(jpeg("adobe.jpg", new int[][] {{255, 0, 0, 255}, {255, 255, 0, 255}}, 0));
    }

    @Test
    void adobeYcck() throws IOException {
        // YCbCr of 255 minus the inverted samples, i.e. of the ink amounts (libjpeg's cmyk_ycck_convert)
        assertRgb(jpeg("ycck.jpg", new int[][] {ycc(0, 255, 255, 255), ycc(0, 0, 255, 255)}, 2));
    }

    private static int[] ycc(int c, int m, int y, int k) {
        double luma = 0.299 * c + 0.587 * m + 0.114 * y;
        return new int[] {(int) Math.round(luma), (int) Math.round(128 + 0.564 * (y - luma)),
            (int) Math.round(128 + 0.713 * (c - luma)), k};
    }

    private void assertRgb(Path file) throws IOException {
        assertEquals(new ImageHeader("JPEG", 16, 8, 3, 8, 1), ImageHeader.read(file));
        ImageData image = ImageReader.read(file);
        assertEquals(ChannelLayout.RGB, image.layout());
        assertEquals(3, image.channels());
        RandomAccess<? extends RealType<?>> ra = image.pixels().randomAccess();
        for (int half = 0; half < 2; half++) {
            for (int c = 0; c < 3; c++) {
                ra.setPosition(new long[] {half * 8 + 4, 4, c});
                double v = ra.get().getRealDouble();
                assertTrue(Math.abs(v - RGB[half][c]) <= TOLERANCE, file.getFileName() + " half " + half + " channel " + c
                        + ": " + v + ", expected " + RGB[half][c]);
            }
        }
    }

    /** A 16 x 8 JPEG of two halves of the given four samples, with an Adobe segment of that transform (-1: none). */
    private Path jpeg(String name, int[][] halves, int adobeTransform) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, halves[x / 8]);
            }
        }
        Path file = dir.resolve(name);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        if (adobeTransform >= 0) {
            byte[] jpeg = Files.readAllBytes(file);
            byte[] app14 = {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
                (byte) adobeTransform};
            byte[] with = new byte[jpeg.length + app14.length];
            System.arraycopy(jpeg, 0, with, 0, 2); // SOI
            System.arraycopy(app14, 0, with, 2, app14.length);
            System.arraycopy(jpeg, 2, with, 2 + app14.length, jpeg.length - 2);
            Files.write(file, with);
        }
        return file;
    }
}
