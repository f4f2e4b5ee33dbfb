package org.gmmseg.spark;

import java.io.Serializable;
import java.nio.file.Path;

import org.gmmseg.core.em.KernelWarmUp;
import org.gmmseg.segmentation.ImageSample;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.batch.OutputFiles;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.MaskFormat;

/**
 * One image of a batch as an executor gets it: its path and output files as the driver planned
 * them, given exactly as on the command line, so that messages and reasons are the command line's
 * (relative paths therefore only where the executors share the driver's working folder: local
 * masters, or a folder mounted alike everywhere).
 */
final class ImageTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String file;
    private final String stem;
    private final String labels;
    private final MaskFormat format;
    private final String model;
    private final String probabilities;
    private final String overlay;
    private final String plot;

    /**
     * @param files the image's output files, or null for an image that is only sampled
     */
    ImageTask(int index, ImageInput input, OutputFiles files) {
        this.index = index;
        this.file = input.file().toString();
        this.stem = input.stem().toString();
        this.labels = files == null ? null : files.labels().toString();
        this.format = files == null ? null : files.format();
        this.model = files == null ? null : string(files.model());
        this.probabilities = files == null ? null : string(files.probabilities());
        this.overlay = files == null ? null : string(files.overlay());
        this.plot = files == null ? null : string(files.plot());
    }

    int index() {
        return index;
    }

    /** Runs the batch's job on the image, as {@link Batch#run} does on one machine. */
    TaskOutcome run(Batch.Job job, int threads) {
        KernelWarmUp.start(); // once per executor JVM: the SIMD kernel compiled while the image is read
        ImageInput input = input();
        ImageResult result;
        try {
            result = job.process(input, new OutputFiles(Path.of(labels), format, path(model), path(probabilities),
                    path(overlay), path(plot)), threads);
        } catch (Exception e) {
            result = ImageResult.failed(input, e);
        }
        return TaskOutcome.of(index, result);
    }

    /** The image's subsample drawn with the seed, as {@link SamplePool#add} draws it; or why it failed. */
    SampleOutcome sample(FeatureSpec features, long maxSamples, long seed) {
        ImageInput input = input();
        try {
            return new SampleOutcome(index, SamplePool.sample(Batch.readPixels(input), features, maxSamples, seed), null);
        } catch (Exception e) {
            return new SampleOutcome(index, null, TaskOutcome.of(index, ImageResult.failed(input, e)));
        }
    }

    private ImageInput input() {
        return new ImageInput(Path.of(file), Path.of(stem), null);
    }

    private static String string(Path p) {
        return p == null ? null : p.toString();
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    /** An image's subsample, or (failure) why it could not be drawn. */
    record SampleOutcome(int index, ImageSample sample, TaskOutcome failure) implements Serializable {
    }
}
