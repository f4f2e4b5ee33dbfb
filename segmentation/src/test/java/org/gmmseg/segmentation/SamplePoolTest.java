package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;
import org.junit.jupiter.api.Test;

class SamplePoolTest {

    @Test
    void imagesAddedOneAtATimeGiveTheModelOfSegmenterFit() {
        ImagePixels a = GmmSegmentation.pixels(SegmenterTest.threeRegions(60, 40, 1));
        ImagePixels b = GmmSegmentation.pixels(SegmenterTest.threeRegions(50, 30, 2));
        FitOptions options = FitOptions.of(3).withSeed(5);
        Segmenter.Fit listed = Segmenter.fit(List.of(a, b), FeatureSpec.rgb(), options, 1000);

        SamplePool pool = new SamplePool(FeatureSpec.rgb(), 1000, 5);
        pool.add(a);
        pool.add(b);
        Segmenter.Fit pooled = pool.fit(options);

        assertEquals(listed.model().mixture(), pooled.model().mixture());
        assertEquals(listed.pixels(), pooled.pixels());
        assertEquals(2, pool.images());
        // subsampled to about 1000 of the 2400 and 1500 pixels
        assertTrue(pooled.pixels() > 1500 && pooled.pixels() < 2500, "pixels " + pooled.pixels());
    }

    @Test
    void anImageOfAnotherKindIsRefusedAndLeavesThePoolUnchanged() {
        ImagePixels rgb = GmmSegmentation.pixels(SegmenterTest.threeRegions(30, 20, 3));
        ImagePixels gray = ImagePixels.of(ArrayImgs.unsignedBytes(30, 20), false);
        SamplePool pool = new SamplePool(FeatureSpec.rgb(), 0, 1);
        pool.add(rgb);
        GmmException e = assertThrows(GmmException.class, () -> pool.add(gray));
        assertEquals("it has 1 colour channel but the images pooled before it have 3; a shared model needs images of "
                + "one kind (fit gray and colour images separately)", e.getMessage());
        assertEquals(1, pool.images());
        assertEquals(600, pool.pixels());
    }

    @Test
    void subsamplesDrawnElsewhereGiveThePoolOfTheImages() {
        ImagePixels a = GmmSegmentation.pixels(SegmenterTest.threeRegions(60, 40, 1));
        ImagePixels gray = ImagePixels.of(ArrayImgs.unsignedBytes(30, 20), false);
        ImagePixels b = GmmSegmentation.pixels(SegmenterTest.threeRegions(50, 30, 2));
        FeatureSpec lab = FeatureSpec.parse("lab", 1, 0);
        SamplePool direct = new SamplePool(lab, 1000, 7);
        direct.add(a);
        assertThrows(GmmException.class, () -> direct.add(gray));
        direct.add(b);

        SamplePool remote = new SamplePool(lab, 1000, 7);
        long[] seeds = remote.nextSeeds(3);
        assertEquals(seeds[0], remote.nextSeed());
        remote.add(SamplePool.sample(a, lab, 1000, seeds[0]));
        // the gray image is refused and takes no seed, so b drawn with the third seed does not fit
        assertThrows(GmmException.class, () -> remote.add(SamplePool.sample(gray, lab, 1000, seeds[1])));
        ImageSample late = SamplePool.sample(b, lab, 1000, seeds[2]);
        assertThrows(IllegalArgumentException.class, () -> remote.add(late));
        assertEquals(seeds[1], remote.nextSeeds(1)[0]);
        remote.add(SamplePool.sample(b, lab, 1000, remote.nextSeed()));

        assertEquals(2, remote.images());
        assertEquals(direct.pixels(), remote.pixels());
        FitOptions options = FitOptions.of(3).withSeed(2);
        assertEquals(direct.fit(options).model().mixture(), remote.fit(options).model().mixture());
    }

    @Test
    void anEmptyPoolCannotBeFitted() {
        SamplePool pool = new SamplePool(FeatureSpec.rgb(), 0, 1);
        assertEquals("no images to fit", assertThrows(GmmException.class, () -> pool.fit(FitOptions.of(2))).getMessage());
    }
}
