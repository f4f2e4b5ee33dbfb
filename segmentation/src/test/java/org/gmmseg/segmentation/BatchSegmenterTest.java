package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.core.GmmException;
import org.junit.jupiter.api.Test;

class BatchSegmenterTest {
    private static final SegmentationOptions OPTIONS = SegmentationOptions.of(3).withSeed(1).withThreads(2);

    private static List<ArrayImg<UnsignedByteType, ByteArray>> images(int n) {
        List<ArrayImg<UnsignedByteType, ByteArray>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SegmenterTest.threeRegions(30, 20, 100 + i));
        }
        return out;
    }

    @Test
    void sharedModelLabelsLikeTheFacade() {
        var images = images(3);
        BatchSegmenter segmenter = new BatchSegmenter(OPTIONS);
        List<String> progress = new ArrayList<>();
        segmenter.setProgressListener((message, done, total) -> progress.add(message + " " + done + "/" + total));
        SegmentationModel model = segmenter.fitShared(images);
        List<Img<UnsignedByteType>> labels = new ArrayList<>();
        List<Img<FloatType>> probabilities = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            labels.add(ArrayImgs.unsignedBytes(30, 20));
            probabilities.add(ArrayImgs.floats(30, 20, 3));
        }
        List<SegmentationModel> used = segmenter.segment(images, model, labels::get, probabilities::get);

        assertEquals(List.of(model, model, model), used);
        SegmentationModel direct = GmmSegmentation.fitShared(images, OPTIONS);
        assertEquals(direct.mixture(), model.mixture());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(SegmenterTest.labels(GmmSegmentation.segment(images.get(i), model)),
                    SegmenterTest.labels(labels.get(i)));
        }
        // the steps, and within them every EM iteration and block of rows labelled
        assertEquals(List.of("fitting a shared model on 3 images 0/1", "fitted 1/1", "labelling 1/3 0/3",
                "labelling 2/3 1/3", "labelling 3/3 2/3", "done 3/3"), progress.stream()
                        .filter(p -> !p.contains(": EM iteration") && !(p.startsWith("labelling") && p.endsWith("/6")))
                        .toList());
        assertTrue(progress.contains("fitting a shared model on 3 images: EM iteration 1/100 1/100"), progress.toString());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("labelling 3/3 ") && p.endsWith("/6")),
                "blocks as a fraction of the steps: " + progress);
    }

    @Test
    void withoutAModelEveryImageGetsItsOwn() {
        var images = images(2);
        List<SegmentationModel> used = new BatchSegmenter(OPTIONS).segment(images, null, null, null);
        assertEquals(2, used.size());
        assertNotEquals(used.get(0).mixture(), used.get(1).mixture());
        assertEquals(GmmSegmentation.fit(images.get(1), OPTIONS).mixture(), used.get(1).mixture());
    }

    @Test
    void cancellationStopsBeforeTheNextStepAndKeepsFinishedOutputs() {
        var images = images(3);
        BatchSegmenter segmenter = new BatchSegmenter(OPTIONS);
        AtomicInteger polls = new AtomicInteger();
        // stops in the second image's fit, after the first image was fitted and labelled
        java.util.concurrent.atomic.AtomicBoolean second = new java.util.concurrent.atomic.AtomicBoolean();
        segmenter.setProgressListener((message, done, total) -> second.compareAndSet(false, message.startsWith("fitting 2/3")));
        segmenter.setCancellation(() -> second.get() && polls.incrementAndGet() > 0);
        List<Img<UnsignedByteType>> labels = List.of(ArrayImgs.unsignedBytes(30, 20), ArrayImgs.unsignedBytes(30, 20),
                ArrayImgs.unsignedBytes(30, 20));
        assertThrows(CancellationException.class, () -> segmenter.segment(images, null, labels::get, null));
        assertTrue(segmenter.isCancelled());
        assertTrue(SegmenterTest.labels(labels.get(0))[0] > 0, "the first image was labelled");
        assertEquals(0, SegmenterTest.labels(labels.get(1))[0], "the second was not");
        assertThrows(CancellationException.class, () -> segmenter.fitShared(images), "stays cancelled");
    }

    @Test
    void cancelFromAnotherThreadStopsTheRun() {
        BatchSegmenter segmenter = new BatchSegmenter(OPTIONS);
        segmenter.cancel();
        assertThrows(CancellationException.class, () -> segmenter.fitShared(images(1)));
    }

    @Test
    void failuresNameTheImage() {
        List<RandomAccessibleInterval<UnsignedByteType>> images = new ArrayList<>(images(1));
        images.add(ArrayImgs.unsignedBytes(30, 20)); // one value only
        GmmException e = assertThrows(GmmException.class,
                () -> new BatchSegmenter(OPTIONS).segment(images, null, null, null));
        assertTrue(e.getMessage().startsWith("image 2/2: only 1 distinct sample"), e.getMessage());
        GmmException single = assertThrows(GmmException.class,
                () -> new BatchSegmenter(OPTIONS).segment(images.subList(1, 2), null, null, null));
        assertTrue(single.getMessage().startsWith("only 1 distinct sample"), "a single image's error is passed on as it is");
    }
}
