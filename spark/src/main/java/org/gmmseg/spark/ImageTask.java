package org.gmmseg.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.gmmseg.core.em.KernelWarmUp;
import org.gmmseg.segmentation.ImageSample;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImagePooling;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.batch.OutputFiles;
import org.gmmseg.segmentation.batch.ReadLimits;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.AtomicFiles;
import org.gmmseg.segmentation.io.DeclaredAxes;
import org.gmmseg.segmentation.io.ImageReader;
import org.gmmseg.segmentation.io.MaskFormat;

/**
 * One image of a batch as an executor gets it: its path and output files as the driver planned
 * them, as text ({@link HadoopFileSystem#path} reads them back), so that messages and reasons are
 * the command line's. Relative paths mean the same only where the executors share the driver's
 * working folder (local masters); on a cluster, give absolute paths or URIs.
 *
 * <p>An image on a Hadoop file system is first copied to a local temporary folder, and outputs
 * for one are written there by the job and then published one by one as gmmseg writes them
 * (temporary name, rename; the label file last), so that the job's code reads and writes local
 * files in either case.
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

    /**
     * Runs the batch's job on the image, as {@link Batch#run} does on one machine: its header
     * checked against {@code maxPixels} and this executor's heap, running out of memory a failure
     * of the image ({@link Batch#process}).
     */
    TaskOutcome run(Batch.Job job, int threads, long maxPixels) {
        KernelWarmUp.start(); // once per executor JVM: the SIMD kernel compiled while the image is read
        OutputFiles target = new OutputFiles(path(labels), format, path(model), path(probabilities), path(overlay),
                path(plot));
        ImageInput input = new ImageInput(path(file), Path.of(stem), null);
        ImageInput local = input; // the reader's errors name the file it read: the copy, once made
        ImageResult result;
        try (Staging staging = new Staging()) {
            local = staging.input(input);
            ReadLimits limits = executorLimits(maxPixels);
            if (isLocal(target.labels())) {
                result = Batch.process(job, local, target, threads, limits);
            } else {
                OutputFiles files = staging.outputs(target);
                result = Batch.process(job, local, files, threads, limits);
                if (result.status() == ImageResult.Status.OK) {
                    staging.publish(files, target);
                }
            }
        } catch (Exception e) {
            result = ImageResult.failed(local, e);
        }
        return TaskOutcome.of(index, result);
    }

    /**
     * The image's subsample drawn with the seed, as {@link SamplePool#add} draws it, its header
     * checked as in {@link #run}; or why it failed.
     *
     * @param axes the axes of the image's pages, or null to take them from the file
     */
    SampleOutcome sample(FeatureSpec features, long maxSamples, long seed, DeclaredAxes axes, long maxPixels) {
        ImageInput input = new ImageInput(path(file), Path.of(stem), null);
        ImageInput local = input;
        try (Staging staging = new Staging()) {
            local = staging.input(input);
            return new SampleOutcome(index,
                    ImagePooling.sample(local, axes, executorLimits(maxPixels), features, maxSamples, seed), null);
        } catch (Exception e) {
            return new SampleOutcome(index, null, TaskOutcome.of(index, ImageResult.failed(local, e)));
        }
    }

    /** The driver's pixel limit, and the memory this executor's JVM may use. */
    private static ReadLimits executorLimits(long maxPixels) {
        return ReadLimits.defaults().withMaxPixels(maxPixels);
    }

    private static boolean isLocal(Path p) {
        return p.getFileSystem() == FileSystems.getDefault();
    }

    private static String string(Path p) {
        return p == null ? null : p.toString();
    }

    private static Path path(String s) {
        return s == null ? null : HadoopFileSystem.path(s);
    }

    /** An image's subsample, or (failure) why it could not be drawn. */
    record SampleOutcome(int index, ImageSample sample, TaskOutcome failure) implements Serializable {
        /** The outcome with the subsample's summary only, without its vectors. */
        SampleOutcome summary() {
            return new SampleOutcome(index, sample == null ? null : sample.summary(), failure);
        }
    }

    /** A local temporary folder for the files of one image on a Hadoop file system; deleted on close. */
    private static final class Staging implements AutoCloseable {
        private Path folder;

        private Path folder() throws IOException {
            if (folder == null) {
                folder = Files.createTempDirectory("gmmseg-spark-");
            }
            return folder;
        }

        /** The input itself when local, else a local copy under the same name. */
        ImageInput input(ImageInput input) throws IOException {
            if (isLocal(input.file())) {
                return input;
            }
            Path copy = Files.createDirectories(folder().resolve("in")).resolve(input.file().getFileName().toString());
            try (InputStream in = Files.newInputStream(input.file())) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                try {
                    ImageReader.read(input.file()); // says why, as for a local file: missing, a folder, ...
                } catch (UnsupportedOperationException passedTheChecks) {
                    // the reader reads only local files: the copy itself failed
                }
                throw e;
            }
            return new ImageInput(copy, input.stem(), null);
        }

        /** Local files with the targets' names. */
        OutputFiles outputs(OutputFiles target) throws IOException {
            Path out = Files.createDirectories(folder().resolve("out"));
            return new OutputFiles(local(out, target.labels()), target.format(), local(out, target.model()),
                    local(out, target.probabilities()), local(out, target.overlay()), local(out, target.plot()));
        }

        private static Path local(Path out, Path target) {
            return target == null ? null : out.resolve(target.getFileName().toString());
        }

        /** Each file the job wrote, in the order gmmseg writes them (label file last), to its target. */
        void publish(OutputFiles written, OutputFiles target) throws IOException {
            List<Path> from = written.all();
            List<Path> to = target.all();
            for (int i = 0; i < from.size(); i++) {
                Path source = from.get(i);
                if (Files.exists(source)) { // e.g. no criterion plot for a model that was not selected
                    AtomicFiles.write(to.get(i), out -> {
                        try (InputStream in = Files.newInputStream(source)) {
                            byte[] buffer = new byte[1 << 16];
                            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                                out.write(buffer, 0, n);
                            }
                        }
                    });
                }
            }
        }

        @Override
        public void close() {
            if (folder == null) {
                return;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
