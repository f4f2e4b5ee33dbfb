package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

import org.gmmseg.segmentation.axes.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-page TIFFs with axes: ImageJ hyperstacks, OME-TIFF, declared axes. The fixtures are written with gmmseg's
 * {@link TiffWriter} and a description of the test's choosing; page p holds the value 1000 p + 10 x + y, so every
 * sample says which page it came from.
 */
class TiffStacksTest {
    private static final int W = 5;
    private static final int H = 4;

    @TempDir
    Path dir;

    private Path write(String name, int pages, String description, Calibration calibration) throws IOException {
        Path file = dir.resolve(name);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            TiffWriter.write(out, file, W, H, pages, TiffWriter.Sample.GRAY16, false, description, calibration,
                    (p, buffer) -> {
                        short[] s = (short[]) buffer;
                        for (int i = 0; i < s.length; i++) {
                            s[i] = (short) (1000 * p + 10 * (i % W) + i / W);
                        }
                    });
        }
        return file;
    }

    /** The page a sample of the image came from: its value / 1000. */
    private static int page(ImageData image, long... position) {
        RandomAccess<? extends RealType<?>> ra = image.pixels().randomAccess();
        ra.setPosition(position);
        double v = ra.get().getRealDouble();
        assertEquals(10 * position[0] + position[1], v % 1000, "x and y of the sample");
        return (int) (v / 1000);
    }

    @Test
    void imageJHyperstackHasItsAxesPlaneOrderAndCalibration() throws IOException {
        String description = "ImageJ=1.54p\nimages=12\nchannels=2\nslices=3\nframes=2\nhyperstack=true\nmode=composite\n"
                + "unit=\\u00B5m\nspacing=2.5\nfinterval=0.75\ntunit=min\nloop=false\n";
        Path file = write("h.tif", 12, description, Calibration.of(0.25, 0.5, 1, "micron"));

        ImageData image = ImageReader.read(file);

        assertEquals("xyczt", image.axes().letters());
        assertEquals(ChannelLayout.CHANNELS, image.layout());
        assertEquals(2, image.channels());
        assertEquals(3, image.depth());
        assertEquals(2, image.frames());
        // ImageJ's order: channel fastest, then slice, then frame
        assertEquals(0, page(image, 0, 0, 0, 0, 0));
        assertEquals(1, page(image, 4, 3, 1, 0, 0));
        assertEquals(2 * 2 + 1, page(image, 2, 1, 1, 2, 0));
        assertEquals(6 + 2 * 1 + 0, page(image, 1, 2, 0, 1, 1));
        Calibration cal = image.calibration();
        assertEquals("\u00b5m", cal.unit());
        assertEquals(0.25, cal.pixelWidth(), 1e-12);
        assertEquals(0.5, cal.pixelHeight(), 1e-12);
        assertEquals(2.5, cal.voxelDepth());
        assertEquals(0.75, cal.frameInterval());
        assertEquals("min", cal.timeUnit());
        // the header, read before decoding, knows the same axes: 2 channels x 3 slices x 2 frames of 12 pages
        ImageHeader header = ImageHeader.read(file);
        assertEquals(new ImageHeader("TIFF", W, H, 2, 16, 12, 3, 2), header);
        assertEquals((long) W * H * 3 * 2, header.pixels());
        assertEquals((long) W * H * 12, header.samples());
        assertEquals("5 x 4 pixels x 2 channels x 3 slices x 2 frames, 16-bit", header.describe());
    }

    @Test
    void imageJZStackWithoutUnitKeepsItsSpacingInPixels() throws IOException {
        Path file = write("z.tif", 3, "ImageJ=1.50c\nimages=3\nslices=3\nspacing=2.0\nloop=false\n", Calibration.NONE);

        ImageData image = ImageReader.read(file);

        assertEquals("xycz", image.axes().letters());
        assertEquals(Calibration.NONE.withVoxelDepth(2.0), image.calibration());
        assertEquals(2, page(image, 1, 1, 0, 2));
    }

    @Test
    void imageJChannelsStayAPlane() throws IOException {
        Path file = write("c.tif", 3, "ImageJ=1.53c\nimages=3\nchannels=3\nhyperstack=true\nmode=composite\n",
                Calibration.NONE);

        ImageData image = ImageReader.read(file);

        assertTrue(image.isPlanar());
        assertEquals(3, image.channels());
        assertEquals(2, page(image, 3, 2, 2));
    }

    @Test
    void malformedImageJDescriptionNamesTheFileAndKey() throws IOException {
        Path file = write("bad.tif", 2, "ImageJ=1.54p\nimages=2\nslices=two\n", Calibration.NONE);

        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(file));

        assertEquals(file + ": malformed ImageJ description: 'slices' is 'two', expected a whole number >= 1",
                e.getMessage());
    }

    @Test
    void imageJDescriptionWithMorePlanesThanPagesIsAnError() throws IOException {
        Path file = write("short.tif", 2, "ImageJ=1.54p\nimages=4\nslices=4\n", Calibration.NONE);

        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(file));

        assertEquals(file + ": malformed ImageJ description: 'images' is 4 but the file has 2 pages", e.getMessage());
    }

    @Test
    void imageJKeysThatDoNotMultiplyToTheImagesAreAnError() throws IOException {
        Path file = write("odd.tif", 6, "ImageJ=1.54p\nimages=6\nchannels=2\nslices=2\n", Calibration.NONE);

        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(file));

        assertTrue(e.getMessage().contains("channels=2 x slices=2 x frames=1 is not images=6"), e.getMessage());
    }

    @Test
    void declaredAxesOverrideTheDescription() throws IOException {
        Path file = write("h.tif", 8, "ImageJ=1.54p\nimages=8\nslices=8\nspacing=3.0\nunit=micron\n",
                Calibration.of(0.5, 0.5, 1, "micron"));

        ImageData image = ImageReader.read(file, DeclaredAxes.parse("c2zyx"));

        assertEquals("xycz", image.axes().letters());
        assertEquals(2, image.channels());
        assertEquals(4, image.depth());
        // c2zyx: the slices of channel 0 first, then those of channel 1
        assertEquals(0, page(image, 0, 0, 0, 0));
        assertEquals(3, page(image, 0, 0, 0, 3));
        assertEquals(4 + 1, page(image, 0, 0, 1, 1));
        assertEquals(3.0, image.calibration().voxelDepth(), "the calibration is still the file's");
        assertEquals(0.5, image.calibration().pixelWidth(), 1e-12);

        ImageData frames = ImageReader.read(file, DeclaredAxes.parse("tyx"));
        assertEquals("xyct", frames.axes().letters());
        assertEquals(8, frames.frames());
        assertEquals(5, page(frames, 1, 1, 0, 5));

        assertEquals(new ImageHeader("TIFF", W, H, 1, 16, 8, 8, 1), ImageHeader.read(file));
        assertEquals(new ImageHeader("TIFF", W, H, 2, 16, 8, 4, 1), ImageHeader.read(file, DeclaredAxes.parse("c2zyx")));
        assertEquals(new ImageHeader("TIFF", W, H, 1, 16, 8, 1, 8), ImageHeader.read(file, DeclaredAxes.parse("tyx")));
        // axes that do not fit: the header counts the pages as slices, and reading says what is wrong
        assertEquals(new ImageHeader("TIFF", W, H, 1, 16, 8, 8, 1), ImageHeader.read(file, DeclaredAxes.parse("c3zyx")));
    }

    @Test
    void declaredAxesThatDoNotFitThePagesAreAnError() throws IOException {
        Path file = write("seven.tif", 7, null, Calibration.NONE);

        ImageReadException e = assertThrows(ImageReadException.class,
                () -> ImageReader.read(file, DeclaredAxes.parse("c2zyx")));
        assertEquals(file + ": --axes c2zyx does not fit 7 pages (7 is not a multiple of 2)", e.getMessage());

        e = assertThrows(ImageReadException.class, () -> ImageReader.read(file, DeclaredAxes.parse("c2z3yx")));
        assertEquals(file + ": --axes c2z3yx has 6 planes but the file has 7 pages", e.getMessage());
    }

    @Test
    void declaredAxesAreParsedStrictly() {
        assertThrows(IllegalArgumentException.class, () -> DeclaredAxes.parse("zxy"));
        assertThrows(IllegalArgumentException.class, () -> DeclaredAxes.parse("czyx").layout(6));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeclaredAxes.parse("zzyx")).getMessage()
                .contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeclaredAxes.parse("qyx")).getMessage()
                .contains("'q' is not an axis of pages"));
        assertEquals("Z", DeclaredAxes.parse("ZYX").toString().substring(0, 1));
    }

    @Test
    void omeTiffWithTiffDataHasItsPlaneOrderAndPhysicalSizes() throws IOException {
        // XYZCT: Z fastest; the TiffData put the second channel's slices first in the file
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
                + "<Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYZCT\" Type=\"uint16\""
                + " SizeX=\"5\" SizeY=\"4\" SizeZ=\"3\" SizeC=\"2\" SizeT=\"1\""
                + " PhysicalSizeX=\"200\" PhysicalSizeXUnit=\"nm\" PhysicalSizeY=\"0.2\" PhysicalSizeYUnit=\"\u00b5m\""
                + " PhysicalSizeZ=\"1.5\">"
                + "<Channel ID=\"Channel:0:0\" SamplesPerPixel=\"1\"/><Channel ID=\"Channel:0:1\" SamplesPerPixel=\"1\"/>"
                + "<TiffData FirstC=\"1\" IFD=\"0\" PlaneCount=\"3\"/>"
                + "<TiffData FirstC=\"0\" IFD=\"3\" PlaneCount=\"3\"/>"
                + "</Pixels></Image></OME>";
        Path file = write("ome.tif", 6, xml, Calibration.NONE);

        ImageData image = ImageReader.read(file);

        assertEquals("xycz", image.axes().letters());
        assertEquals(2, image.channels());
        assertEquals(3, image.depth());
        assertEquals(3, page(image, 0, 0, 0, 0));
        assertEquals(5, page(image, 4, 3, 0, 2));
        assertEquals(1, page(image, 2, 2, 1, 1));
        Calibration cal = image.calibration();
        assertEquals("nm", cal.unit());
        assertEquals(200, cal.pixelWidth(), 1e-9);
        assertEquals(200, cal.pixelHeight(), 1e-9);
        assertEquals(1500, cal.voxelDepth(), 1e-9);
        assertEquals(new ImageHeader("TIFF", W, H, 2, 16, 6, 3, 1), ImageHeader.read(file));
    }

    @Test
    void omeTiffWithoutTiffDataTakesThePagesInDimensionOrder() throws IOException {
        String xml = "<OME><Image><Pixels DimensionOrder=\"XYCTZ\" SizeX=\"5\" SizeY=\"4\" SizeZ=\"2\" SizeC=\"2\""
                + " SizeT=\"3\" TimeIncrement=\"30\" TimeIncrementUnit=\"s\"/></Image></OME>";
        Path file = write("ome.tif", 12, xml, Calibration.NONE);

        ImageData image = ImageReader.read(file);

        assertEquals("xyczt", image.axes().letters());
        // XYCTZ: C fastest, then T, then Z
        assertEquals(1 + 2 * 2 + 6 * 1, page(image, 0, 0, 1, 1, 2));
        assertEquals(30, image.calibration().frameInterval());
        assertEquals(Calibration.PIXEL, image.calibration().unit());
    }

    @Test
    void malformedOmeXmlIsAnErrorNamingTheAttribute() throws IOException {
        Path file = write("bad.ome.tif", 2, "<OME><Image><Pixels DimensionOrder=\"XYZCT\" SizeX=\"5\" SizeY=\"4\""
                + " SizeZ=\"2\" SizeC=\"x\" SizeT=\"1\"/></Image></OME>", Calibration.NONE);

        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(file));

        assertEquals(file + ": cannot use its OME-XML: Pixels 'SizeC' is 'x', expected a whole number >= 1",
                e.getMessage());
    }

    @Test
    void omeXmlWithADoctypeIsRefused() throws IOException {
        Path file = write("dtd.ome.tif", 1, "<?xml version=\"1.0\"?><!DOCTYPE OME [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<OME><Image><Pixels DimensionOrder=\"XYZCT\" SizeX=\"5\" SizeY=\"4\" SizeZ=\"1\" SizeC=\"1\" SizeT=\"1\""
                + " Type=\"&e;\"/></Image></OME>", Calibration.NONE);

        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageReader.read(file));

        assertTrue(e.getMessage().startsWith(file + ": cannot use its OME-XML: OME-XML is not well-formed"),
                e.getMessage());
    }

    @Test
    void plainTiffWithCentimetreResolutionIsCalibratedButInchesAreNot() throws IOException {
        Path cm = write("cm.tif", 1, null, Calibration.of(0.01, 0.02, 1, "cm"));
        Path inch = write("inch.tif", 1, null, Calibration.of(1 / 300.0, 1 / 300.0, 1, "inch"));

        Calibration c = ImageReader.read(cm).calibration();
        assertEquals("cm", c.unit());
        assertEquals(0.01, c.pixelWidth(), 1e-12);
        assertEquals(0.02, c.pixelHeight(), 1e-12);
        assertEquals(Calibration.NONE, ImageReader.read(inch).calibration());
    }

    @Test
    void declaredAxesOnAPngMustBeOnePlane() throws IOException {
        Path png = TestImages.write(dir.resolve("a.png"), "png",
                TestImages.component(TestImages.GRAY, false, TestImages.BYTE, W, H, (x, y, b) -> x));

        assertTrue(ImageReader.read(png, DeclaredAxes.parse("zyx")).isPlanar());
        ImageReadException e = assertThrows(ImageReadException.class,
                () -> ImageReader.read(png, DeclaredAxes.parse("c2yx")));
        assertEquals(png + ": --axes c2yx has 2 planes but the file has 1 page", e.getMessage());
    }
}
