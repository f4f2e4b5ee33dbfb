package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeCheckTest {
    @TempDir
    Path dir;

    /** The three-region image as 16-bit values holding 12 bits: v * 4095 / 255. */
    private static Img<UnsignedShortType> twelveBit(Img<UnsignedByteType> eightBit) {
        Img<UnsignedShortType> out = ArrayImgs.unsignedShorts(eightBit.dimensionsAsLongArray());
        Cursor<UnsignedByteType> in = eightBit.cursor();
        Cursor<UnsignedShortType> c = out.cursor();
        while (c.hasNext()) {
            c.next().set(in.next().get() * 4095 / 255);
        }
        return out;
    }

    @Test
    void theImagesOfTheFitAreInRange() {
        Img<UnsignedByteType> img = SegmenterTest.threeRegions(60, 40, 1);
        SegmentationModel model = GmmSegmentation.fit(img, SegmentationOptions.of(3).withSeed(1));
        assertEquals(Boolean.TRUE, model.eightBit());
        RangeCheck check = GmmSegmentation.check(img, model);
        assertTrue(check.ok(), check::toString);
        assertEquals(60 * 40, check.pixels());
        assertEquals(model.fit().logLikelihood(), check.meanLogLikelihood(), 1e-9, "the fit's own pixels");
        assertTrue(GmmSegmentation.check(SegmenterTest.threeRegions(60, 40, 2), model).ok(), "another noise draw");
    }

    @Test
    void aModelOf8BitImagesOnA16BitImageWarns() {
        Img<UnsignedByteType> img = SegmenterTest.threeRegions(60, 40, 1);
        SegmentationModel model = GmmSegmentation.fit(img, SegmentationOptions.of(3).withSeed(1));
        RangeCheck check = GmmSegmentation.check(twelveBit(img), model);
        assertFalse(check.ok());
        assertTrue(check.warnings().get(0).startsWith("the model was fitted on 8-bit images but this image is not "
                + "8-bit"), check::toString);
    }

    @Test
    void aModelOf16BitImagesOnAn8BitImageWarnsOfBoth() {
        Img<UnsignedByteType> img = SegmenterTest.threeRegions(60, 40, 1);
        SegmentationModel model = GmmSegmentation.fit(twelveBit(img), SegmentationOptions.of(3).withSeed(1));
        assertEquals(Boolean.FALSE, model.eightBit());
        RangeCheck check = GmmSegmentation.check(img, model);
        assertEquals(2, check.warnings().size(), check::toString);
        assertTrue(check.warnings().get(0).startsWith("the model was fitted on images of more than 8 bits but this "
                + "image is 8-bit"), check::toString);
        assertTrue(check.drop() > RangeCheck.MAX_DROP, check::toString);
        assertTrue(check.warnings().get(1).startsWith("most of the image lies far outside the model's components"),
                check::toString);
    }

    @Test
    void anImageFarOutsideEveryComponentWarnsAlsoWithoutTheBitDepth() throws IOException {
        Img<UnsignedByteType> img = SegmenterTest.threeRegions(60, 40, 1);
        SegmentationModel fitted = GmmSegmentation.fit(img, SegmentationOptions.of(3).withSeed(1));
        // a model file of an older gmmseg does not say whether its images were 8-bit
        Path file = dir.resolve("m.json");
        fitted.withEightBit(null).save(file);
        SegmentationModel model = SegmentationModel.load(file);
        assertNull(model.eightBit());
        RangeCheck check = GmmSegmentation.check(twelveBit(img), model);
        assertEquals(1, check.warnings().size(), check::toString);
        assertTrue(check.warnings().get(0).startsWith("most of the image lies far outside"), check::toString);
    }

    @Test
    void theBitDepthOfTheImagesIsSavedWithTheModel() throws IOException {
        SegmentationModel model = GmmSegmentation.fit(SegmenterTest.threeRegions(30, 20, 1), SegmentationOptions.of(2));
        Path file = dir.resolve("m.json");
        model.save(file);
        assertTrue(java.nio.file.Files.readString(file).contains("\"eightBit\" : true")
                || java.nio.file.Files.readString(file).contains("\"eightBit\": true"));
        assertEquals(Boolean.TRUE, SegmentationModel.load(file).eightBit());
    }
}
