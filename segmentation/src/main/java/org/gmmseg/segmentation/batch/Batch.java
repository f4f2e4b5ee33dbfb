package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.AtomicFiles;
import org.gmmseg.segmentation.io.ImageReader;

/**
 * One run of a batch ({@code segment}, {@code apply}, or a front end's folder command) over images:
 * the images and their output files, which of them are already done, parallel processing of the
 * others, and {@code report.csv}. What is shown to the user (summary, warnings, failures, exit
 * code) is the front end's, from the {@link Summary} of {@link #finish}.
 *
 * <p>An image is done when its label file exists; it is then skipped unless {@code --overwrite}.
 * Images are processed in parallel by up to {@code --threads} workers, each image with
 * {@code threads / workers} threads of its own, which changes nothing in the results. A failing
 * image never stops the others.
 *
 * <p>{@code report.csv} is written when the run starts, rewritten as images finish (at most every
 * {@value #REPORT_INTERVAL_MILLIS} ms), and written a last time by {@link #finish}, each time
 * atomically. Its rows are in input order; images not finished yet have none, so the report of a
 * batch that was killed lists what was done.
 *
 * <p>Used by one command thread; {@link #run} manages its own workers.
 */
public final class Batch {
    /** Name of the report below the output folder. */
    public static final String REPORT = "report.csv";
    public static final List<String> REPORT_COLUMNS = List.of("input", "output", "components", "iterations", "converged",
            "log_likelihood", "status", "error");
    /** Least time between two rewrites of the report while images finish. */
    static final long REPORT_INTERVAL_MILLIS = 1000;

    /**
     * Processes one image and returns its (ok) result; an exception makes the image fail.
     * Serialisable, so that a {@link BatchEngine} can run the very same job on other machines.
     */
    @FunctionalInterface
    public interface Job extends Serializable {
        ImageResult process(ImageInput input, OutputFiles files, int threads) throws Exception;
    }

    private final Path out;
    private final List<String> warnings;
    private final List<ImageInput> inputs;
    private final List<OutputFiles> files;
    /** Guarded by itself: workers record their results while the report is written. */
    private final ImageResult[] results;
    private String abortReason;
    private long reportIntervalNanos = REPORT_INTERVAL_MILLIS * 1_000_000L;
    private LongSupplier clock = System::nanoTime;
    /** When the report was last written while running, by {@link #clock}; guarded by results. */
    private long lastReport;
    private boolean reportWritten;
    /** An error writing the report while running: no further tries until {@link #finish}; guarded by results. */
    private IOException reportFailure;

    private Batch(Path out, List<String> warnings, List<ImageInput> inputs, List<OutputFiles> files) {
        this.out = out;
        this.warnings = warnings;
        this.inputs = inputs;
        this.files = files;
        this.results = new ImageResult[inputs.size()];
    }

    /**
     * Finds the images, plans their outputs and marks those that are done or cannot be processed.
     *
     * @param layout the output folder and what is written for each image
     * @param overwrite whether images that are done are redone rather than skipped
     * @param otherOutputs further files the batch writes below the output folder (e.g. a shared model)
     * @throws BatchPlanException when there is no image, the output folder is a file, an output
     *     would overwrite an input, or the glob is malformed: nothing was written
     */
    public static Batch plan(List<Path> arguments, InputSelection input, OutputLayout layout, boolean overwrite,
            List<Path> otherOutputs) throws IOException {
        Path out = layout.folder();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BatchPlanException("--out " + out + " is a file; give a folder");
        }
        ImageInputs.Scan scan;
        try {
            scan = ImageInputs.scan(arguments, input, out);
        } catch (IllegalArgumentException e) {
            throw new BatchPlanException(e.getMessage());
        }
        if (scan.images().isEmpty()) {
            throw new BatchPlanException(ImageInputs.nothingFound("process", arguments, input));
        }
        List<ImageInput> images = ImageInputs.withOutputConflicts(scan.images());
        List<OutputFiles> files = new ArrayList<>(images.size());
        for (ImageInput image : images) {
            files.add(OutputFiles.of(layout, image.stem()));
        }
        Batch batch = new Batch(out, scan.warnings(), images, files);
        batch.refuseOverwritingInputs(otherOutputs);
        for (int i = 0; i < images.size(); i++) {
            ImageInput image = images.get(i);
            if (image.error() != null) {
                batch.results[i] = ImageResult.failed(image, image.error());
            } else if (!overwrite && Files.exists(files.get(i).labels())) {
                batch.results[i] = ImageResult.skipped(image, files.get(i).labels(),
                        "done before: the label file exists (--overwrite redoes it)");
            }
        }
        return batch;
    }

    /** Remarks of the search for images, e.g. a folder without any; for the user to see. */
    public List<String> warnings() {
        return warnings;
    }

    /** An output that is an input would destroy it: refused before anything is written. */
    private void refuseOverwritingInputs(List<Path> otherOutputs) throws IOException {
        Map<Path, ImageInput> inputPaths = new HashMap<>();
        for (ImageInput image : inputs) {
            for (Path key : keys(image.file())) {
                inputPaths.putIfAbsent(key, image);
            }
        }
        List<Path> planned = new ArrayList<>(otherOutputs);
        planned.add(report());
        files.forEach(f -> planned.addAll(f.all()));
        for (Path output : planned) {
            for (Path key : keys(output)) {
                ImageInput image = inputPaths.get(key);
                if (image != null) {
                    throw new BatchPlanException("--out " + out + " would overwrite the input " + image.display()
                            + " with " + output + "; choose another output folder");
                }
            }
        }
    }

    /** The absolute normalised path, and the real path of an existing file. */
    private static List<Path> keys(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.exists(file)) {
            Path real = file.toRealPath();
            return real.equals(absolute) ? List.of(absolute) : List.of(absolute, real);
        }
        return List.of(absolute);
    }

    public List<ImageInput> inputs() {
        return inputs;
    }

    /** The files the batch writes for an image, by its index in {@link #inputs()}. */
    public OutputFiles outputs(int index) {
        return files.get(index);
    }

    /** Whether an image still has to be processed (not done, failed or skipped). */
    public boolean pending(int index) {
        return results[index] == null;
    }

    public int pendingCount() {
        int n = 0;
        for (ImageResult r : results) {
            n += r == null ? 1 : 0;
        }
        return n;
    }

    /** Sets the result of a pending image, e.g. a failure found before its job runs. */
    public void setResult(int index, ImageResult result) {
        synchronized (results) {
            results[index] = result;
        }
    }

    /**
     * How often the report is rewritten while images finish, for tests: at most once every
     * {@code intervalNanos} of the clock ({@code System.nanoTime} by default).
     */
    public void reportTiming(long intervalNanos, LongSupplier clock) {
        synchronized (results) {
            this.reportIntervalNanos = intervalNanos;
            this.clock = clock;
        }
    }

    /** The report file. */
    public Path report() {
        return out.resolve(REPORT);
    }

    /** The output folder. */
    public Path out() {
        return out;
    }

    /**
     * Runs the job on every pending image, in parallel.
     *
     * @param threads the {@code --threads} budget: up to that many images at once, each with its
     *     share of the threads
     * @param onImageDone called (from the workers) after each image, e.g. to advance a progress bar
     */
    public void run(int threads, Job job, Runnable onImageDone) throws InterruptedException {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                pending.add(i);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        started();
        int workers = Math.min(threads, pending.size());
        int perImage = Math.max(1, threads / workers);
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "gmmseg-image-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ImageResult>> futures = new ArrayList<>(pending.size());
            for (int index : pending) {
                ImageInput input = inputs.get(index);
                OutputFiles out = files.get(index);
                futures.add(pool.submit(() -> {
                    ImageResult result;
                    try {
                        result = job.process(input, out, perImage);
                    } catch (Exception e) {
                        result = ImageResult.failed(input, e);
                    } finally {
                        onImageDone.run();
                    }
                    finished(index, result);
                    return result;
                }));
            }
            for (int j = 0; j < pending.size(); j++) {
                try {
                    futures.get(j).get(); // the worker recorded its result
                } catch (ExecutionException e) {
                    // an Error (e.g. OutOfMemoryError) in a worker: not something to carry on from
                    Throwable cause = e.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The run of the pending images starts (here or on another engine's workers): the report is
     * written with the images finished before.
     */
    public void started() {
        synchronized (results) {
            reportWhileRunning(true);
        }
    }

    /**
     * Records the result of an image whose job has ended (here or on another engine's workers)
     * and rewrites the report if it was last written longer than the interval ago, so that a run
     * that is killed leaves the rows of the images it finished.
     */
    public void finished(int index, ImageResult result) {
        synchronized (results) {
            results[index] = result;
            reportWhileRunning(false);
        }
    }

    /**
     * Gives up on every image still pending for one reason (the shared model could not be fitted):
     * they fail with it in the report, and the {@link Summary} names it once.
     */
    public void abort(String reason) {
        abortReason = reason;
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = ImageResult.failed(inputs.get(i), reason);
            }
        }
    }

    /**
     * Writes the report a last time, once every image has a result.
     *
     * @return what became of the images, for the front end to show
     * @throws IOException when the report cannot be written
     */
    public Summary finish() throws IOException {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                throw new IllegalStateException("image " + inputs.get(i).display() + " was not processed");
            }
        }
        writeReport();
        return new Summary(List.of(results), abortReason);
    }

    /**
     * The outcome of a batch.
     *
     * @param results one per image, in input order
     * @param abortReason why the pending images were given up ({@link #abort}), or null
     */
    public record Summary(List<ImageResult> results, String abortReason) {
        public long count(ImageResult.Status status) {
            return results.stream().filter(r -> r.status() == status).count();
        }

        /** Whether an image failed by a bug rather than bad input. */
        public boolean internalError() {
            return results.stream().anyMatch(ImageResult::internal);
        }

        /** Whether a failure is the abort's, which is told once rather than per image. */
        public boolean byAbort(ImageResult result) {
            return abortReason != null && abortReason.equals(result.error());
        }
    }

    /**
     * Rewrites the report with the images finished so far, unless it was written less than the
     * interval ago ({@code force}: in any case) or could not be written before. A failure is kept
     * for later: {@link #finish} writes the report again and reports it. Called holding results.
     */
    private void reportWhileRunning(boolean force) {
        long now = clock.getAsLong();
        if (reportFailure != null || !force && reportWritten && now - lastReport < reportIntervalNanos) {
            return;
        }
        try {
            writeReport();
        } catch (IOException e) {
            reportFailure = e;
        }
        reportWritten = true;
        lastReport = now;
    }

    /**
     * report.csv, written to a temporary file and renamed: a row for each finished image, in
     * input order.
     */
    private void writeReport() throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", REPORT_COLUMNS)).append('\n');
        List<ImageResult> finished = new ArrayList<>(results.length);
        synchronized (results) {
            for (ImageResult r : results) {
                if (r != null) {
                    finished.add(r);
                }
            }
        }
        for (ImageResult r : finished) {
            List<String> row = new ArrayList<>(REPORT_COLUMNS.size());
            row.add(r.input().display());
            row.add(r.output() == null ? "" : r.output().toString());
            row.add(r.components() == null ? "" : r.components().toString());
            row.add(r.fit() == null ? "" : Integer.toString(r.fit().iterations()));
            row.add(r.fit() == null ? "" : Boolean.toString(r.fit().converged()));
            row.add(r.fit() == null ? "" : csvNumber(r.fit().logLikelihood()));
            row.add(r.status().id());
            row.add(r.error() == null ? "" : r.error());
            csv.append(String.join(",", row.stream().map(Batch::csvField).toList())).append('\n');
        }
        AtomicFiles.writeString(report(), csv.toString());
    }

    /**
     * A number for the report: exactly as Java prints a double (all its digits, so that it reads
     * back the same), but a whole number without ".0", e.g. {@code 240000} and not {@code 240000.0}.
     */
    public static String csvNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    public static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The pixels of an image file, its alpha channel (if any) excluding pixels. */
    public static ImagePixels readPixels(ImageInput input) throws IOException {
        return GmmSegmentation.pixels(ImageReader.read(input.file()));
    }
}
