package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import org.gmmseg.segmentation.io.DeclaredAxes;
import org.gmmseg.segmentation.io.FileErrors;
import org.gmmseg.segmentation.io.ImageHeader;
import org.gmmseg.segmentation.io.ImageReader;

/**
 * One run of a batch ({@code segment}, {@code apply}, or a front end's folder command) over images:
 * the images and their output files, which of them are already done, parallel processing of the
 * others, and {@code report.csv}. What is shown to the user (summary, warnings, failures, exit
 * code) is the front end's, from the {@link Summary} of {@link #finish}.
 *
 * <p>A batch locks its output folder from {@link #plan} to {@link #close}, so that a second run on
 * it stops at once, and records there the settings (the options that decide the outputs) of each
 * image it processes ({@link OutputState}). An image is done when its label file exists, is not
 * empty and has a readable header of the image's size, every output asked for exists, and the
 * settings recorded for it are this run's; it is then skipped unless {@code --overwrite}. An image
 * done with other settings is refused ({@link BatchPlanException} naming the options that differ)
 * unless {@code --overwrite}, which first removes what the other run wrote for it. A label file
 * without a record (an older gmmseg, or a user's file) counts as done, as it used to.
 *
 * <p>Images are processed in parallel by up to {@code --threads} workers, each image with
 * {@code threads / workers} threads of its own, which changes nothing in the results. A failing
 * image never stops the others, nor does one that is too large or runs out of memory
 * ({@link ReadLimits}).
 *
 * <p>{@code report.csv} is written when the run starts, rewritten as images finish (at most every
 * {@value #REPORT_INTERVAL_MILLIS} ms), and written a last time by {@link #finish}, each time
 * atomically. Its rows are in input order; images not finished yet have none, so the report of a
 * batch that was killed lists what was done (up to the last rewrite). A row is added only after the
 * image's label file is in place, so the report never lists an image whose outputs are not there;
 * when a write fails (a full disk), the report on disk is removed rather than left out of date, and
 * the {@link Summary} holds every row.
 *
 * <p>Used by one command thread; {@link #run} manages its own workers.
 */
public final class Batch implements AutoCloseable {
    /** Name of the report below the output folder. */
    public static final String REPORT = "report.csv";
    public static final List<String> REPORT_COLUMNS = List.of("input", "output", "components", "iterations", "converged",
            "log_likelihood", "status", "error", "warnings");
    /** Least time between two rewrites of the report while images finish. */
    static final long REPORT_INTERVAL_MILLIS = 1000;

    /**
     * Processes one image and returns its (ok) result; an exception makes the image fail.
     * Serialisable, so that a {@link BatchEngine} can run the very same job on other machines.
     */
    @FunctionalInterface
    public interface Job extends Serializable {
        ImageResult process(ImageInput input, OutputFiles files, int threads) throws Exception;

        /**
         * As {@link #process(ImageInput, OutputFiles, int)}, telling {@code progress} how the image
         * gets on; {@link Batch#run} calls this one. By default the progress hears nothing.
         */
        default ImageResult process(ImageInput input, OutputFiles files, int threads, ImageProgress progress)
                throws Exception {
            return process(input, files, threads);
        }

        /**
         * What the job does with an image, for the estimate of its memory ({@link MemoryEstimate});
         * null when unknown, which checks only the pixel limit.
         */
        default MemoryEstimate.Work work(OutputFiles files) {
            return null;
        }

        /** The axes the job reads the pages of its images with, or null when it takes them from each file. */
        default DeclaredAxes axes() {
            return null;
        }
    }

    private final Path out;
    private final List<String> warnings;
    private final List<ImageInput> inputs;
    private final List<OutputFiles> files;
    /** Guarded by itself: workers record their results while the report is written. */
    private final ImageResult[] results;
    private String abortReason;
    private ReadLimits limits = ReadLimits.defaults();
    /** The lock on the output folder and its record; null once closed. */
    private OutputState state;
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
        return plan(arguments, input, layout, overwrite, otherOutputs, Map.of());
    }

    /**
     * Finds the images, plans their outputs, locks the output folder and marks the images that are
     * done or cannot be processed; see the class javadoc. Close the batch to release the lock.
     *
     * @param layout the output folder and what is written for each image
     * @param overwrite whether images that are done are redone rather than skipped
     * @param otherOutputs further files the batch writes below the output folder (e.g. a shared model)
     * @param settings the options that decide what the outputs hold, by name (e.g. {@code --components}
     *     to {@code 3}), recorded for each image processed and compared with those of earlier runs
     * @throws BatchPlanException when there is no image, the output folder is a file or is being
     *     written by another run, an output would overwrite an input, the glob is malformed, or
     *     (without {@code overwrite}) images are done with other settings: nothing was written
     */
    public static Batch plan(List<Path> arguments, InputSelection input, OutputLayout layout, boolean overwrite,
            List<Path> otherOutputs, Map<String, String> settings) throws IOException {
        Path out = layout.folder();
        if (out.toString().isEmpty()) {
            // Path.of("") is the current folder: an empty --out (e.g. an unset variable) must not write there
            throw new BatchPlanException("--out is empty; give a folder (. for the current one)");
        }
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
        Batch batch = new Batch(out, new ArrayList<>(scan.warnings()), images, files);
        Set<Path> inputPaths = batch.refuseOverwritingInputs(otherOutputs);
        batch.state = OutputState.open(out);
        try {
            batch.warnings.addAll(batch.state.warnings());
            batch.markDone(overwrite, settings, inputPaths, otherOutputs);
        } catch (IOException | RuntimeException e) {
            batch.close();
            throw e;
        }
        return batch;
    }

    /**
     * Marks the images that are done (skipped), refuses images done with other settings unless
     * overwriting, then, holding the lock, removes leftover temporary files, removes the outputs of
     * images to redo that another run's settings made, and records this run's settings for the
     * images it will process.
     */
    private void markDone(boolean overwrite, Map<String, String> settings, Set<Path> inputPaths,
            List<Path> otherOutputs) throws IOException {
        List<String> redo = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        List<ImageInput> conflicts = new ArrayList<>();
        Map<String, String> conflicting = null;
        for (int i = 0; i < inputs.size(); i++) {
            ImageInput image = inputs.get(i);
            OutputFiles output = files.get(i);
            if (image.error() != null) {
                results[i] = ImageResult.failed(image, image.error());
                continue;
            }
            String stem = ImageInputs.slashes(image.stem());
            Map<String, String> earlier = state.settings(stem);
            boolean sameSettings = settings.equals(earlier);
            Path labels = output.existingLabels();
            boolean labelsDone = labels != null && labelsDone(labels, image.file());
            if (!overwrite && labelsDone && earlier == null) {
                // done by a gmmseg that kept no record (or a file named like a label file): as before
                results[i] = ImageResult.skipped(image, labels, DONE);
                continue;
            }
            if (!overwrite && labelsDone && sameSettings) {
                if (output.present(labels)) {
                    results[i] = ImageResult.skipped(image, labels, DONE);
                    continue;
                }
                redo.add(stem); // an output asked for now is missing: made again, the same
                continue;
            }
            if (!overwrite && labelsDone) {
                conflicts.add(image);
                conflicting = conflicting == null ? earlier : conflicting;
                continue;
            }
            redo.add(stem);
            if (!sameSettings) {
                // what another run (or no recorded run) wrote for it must not stay beside the new outputs
                for (Path old : OutputFiles.possible(out, image.stem(), true)) {
                    if (Files.exists(old) && !inputPaths.contains(old.toAbsolutePath().normalize())) {
                        stale.add(old);
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new BatchPlanException("--out " + out + " holds the outputs of an earlier run with other options for "
                    + conflicts.size() + " image" + (conflicts.size() == 1 ? "" : "s") + " (" + conflicts.get(0).display()
                    + (conflicts.size() > 1 ? ", ..." : "") + "): " + OutputState.differences(conflicting, settings)
                    + "; use --overwrite to redo them with these options, or another --out");
        }
        List<Path> written = new ArrayList<>(otherOutputs);
        written.add(report());
        written.add(out.resolve(OutputState.FOLDER).resolve(OutputState.RECORD));
        for (int i = 0; i < inputs.size(); i++) {
            written.addAll(OutputFiles.possible(out, inputs.get(i).stem()));
        }
        int leftovers = OutputState.removeLeftovers(OutputState.namesByFolder(written)).size();
        if (leftovers > 0) {
            warnings.add("removed " + leftovers + " temporary file" + (leftovers == 1 ? "" : "s")
                    + " that an interrupted run left in " + out);
        }
        for (Path old : stale) {
            Files.deleteIfExists(old);
        }
        if (!redo.isEmpty()) {
            state.record(redo, settings);
        }
    }

    /** Why an image is skipped. */
    private static final String DONE = "done before: the label file exists (--overwrite redoes it)";

    /**
     * Whether a label file is a finished one: not empty, its header readable and, when the input's
     * is, of the input's size. A zero-byte or corrupt file is not (the file is not decoded, so a
     * file cut short after its header still counts: gmmseg writes by renaming complete files).
     */
    private static boolean labelsDone(Path labels, Path input) {
        try {
            if (!Files.isRegularFile(labels) || Files.size(labels) == 0) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        ImageHeader header = ImageHeader.read(labels);
        if (header == null || header.width() <= 0 || header.height() <= 0) {
            return false;
        }
        ImageHeader image = ImageHeader.read(input);
        return image == null || image.width() == header.width() && image.height() == header.height();
    }

    /** Releases the lock on the output folder. */
    @Override
    public void close() throws IOException {
        if (state != null) {
            state.close();
            state = null;
        }
    }

    /** Remarks of the search for images, e.g. a folder without any; for the user to see. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * An output that is an input would destroy it: refused before anything is written.
     *
     * @return the inputs' paths, absolute and real
     */
    private Set<Path> refuseOverwritingInputs(List<Path> otherOutputs) throws IOException {
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
        return inputPaths.keySet();
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

    /** Sets the limits on the images read ({@link ReadLimits#defaults()} unless set). */
    public void limits(ReadLimits readLimits) {
        this.limits = Objects.requireNonNull(readLimits, "readLimits");
    }

    /** The limits on the images read. */
    public ReadLimits limits() {
        return limits;
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
     * <p>Before an image is decoded its header is checked against the {@link #limits}: too many
     * pixels, or more memory than Java may use by its {@link MemoryEstimate}, and it fails at once.
     * While it is processed, its expected memory is reserved, so that images processed at the same
     * time fit together (a large one waits for the others). An {@link OutOfMemoryError} that happens
     * anyway fails that image alone, with what to do, and the batch goes on.
     *
     * @param threads the {@code --threads} budget: up to that many images at once, each with its
     *     share of the threads
     * @param onImageDone called (from the workers) after each image, e.g. to advance a progress bar
     */
    public void run(int threads, Job job, Runnable onImageDone) throws InterruptedException {
        run(threads, job, onImageDone, ImageProgress.NONE);
    }

    /**
     * As {@link #run(int, Job, Runnable)}, telling {@code progress} how each image gets on (from the
     * workers, several images at a time).
     */
    public void run(int threads, Job job, Runnable onImageDone, ImageProgress progress) throws InterruptedException {
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
        MemoryBudget budget = new MemoryBudget(limits.available());
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
                        result = process(job, input, out, perImage, limits, progress, budget);
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
     * One image's job as {@link #run} runs it, for an engine that runs it elsewhere (e.g. on a
     * cluster's executor, with the limits of that JVM's heap): the header is checked against the
     * limits before the image is decoded, and an {@link OutOfMemoryError} fails the image alone.
     * Without {@link #run}'s memory budget: the engine decides how many images share a JVM.
     *
     * @return the image's result, ok or failed (never throws for the image)
     */
    public static ImageResult process(Job job, ImageInput input, OutputFiles out, int threads, ReadLimits limits) {
        return process(job, input, out, threads, limits, ImageProgress.NONE, null);
    }

    /** @param budget reserved for the image's expected memory while it runs; null for none */
    private static ImageResult process(Job job, ImageInput input, OutputFiles out, int threads, ReadLimits limits,
            ImageProgress progress, MemoryBudget budget) {
        ImageHeader header = null;
        MemoryEstimate estimate = null;
        long reserved = 0;
        try {
            header = ImageHeader.read(input.file(), job.axes());
            MemoryEstimate.Work work = job.work(out);
            estimate = header == null || work == null ? null : MemoryEstimate.of(header, work);
            limits.check(input.file(), header, estimate);
            if (budget != null) {
                reserved = budget.reserve(estimate == null ? 0 : estimate.expected());
            }
            return job.process(input, out, threads, progress);
        } catch (OutOfMemoryError e) {
            // what the image held is unreachable now that its job has unwound
            return ImageResult.failed(input, limits.outOfMemory(header, estimate));
        } catch (Exception e) {
            return ImageResult.failed(input, e);
        } finally {
            if (budget != null) {
                budget.release(reserved);
            }
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
     * Writes the report a last time, once every image has a result. When that fails (a full disk),
     * the report of an earlier write is removed, so that no report.csv is left that lists fewer (or
     * other) images than the label files present; the {@link Summary} says so and holds every row.
     *
     * @return what became of the images, for the front end to show
     */
    public Summary finish() {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                throw new IllegalStateException("image " + inputs.get(i).display() + " was not processed");
            }
        }
        String reportError = null;
        try {
            writeReport();
        } catch (IOException e) {
            reportError = FileErrors.oneLine(FileErrors.describe(e)) + removeReport();
        }
        return new Summary(List.of(results), abortReason, reportError, reportText());
    }

    /** Removes a report that is out of date; says what became of it, for the message. */
    private String removeReport() {
        Path report = report();
        try {
            if (Files.isRegularFile(report)) {
                Files.delete(report);
                return "; the out-of-date " + REPORT + " was removed";
            }
            return "";
        } catch (IOException e) {
            return "; the out-of-date " + report + " could not be removed either (" + FileErrors.describe(e) + ")";
        }
    }

    /**
     * The outcome of a batch.
     *
     * @param results one per image, in input order
     * @param abortReason why the pending images were given up ({@link #abort}), or null
     * @param reportError why report.csv could not be written at the end, or null when it was
     * @param report the content of report.csv, header and every row, for showing it elsewhere when
     *     it could not be written
     */
    public record Summary(List<ImageResult> results, String abortReason, String reportError, String report) {
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
            removeReport(); // an earlier report would list other images than the label files present
        }
        reportWritten = true;
        lastReport = now;
    }

    /** How the report is written, replaceable by tests to fail as a full disk does. */
    @FunctionalInterface
    interface ReportWriter {
        void write(Path report, String content) throws IOException;
    }

    private ReportWriter reportWriter = AtomicFiles::writeString;

    /** For tests: writes the report this way. */
    void reportWriter(ReportWriter writer) {
        this.reportWriter = writer;
    }

    /**
     * report.csv, written to a temporary file and renamed: a row for each finished image, in
     * input order.
     */
    private void writeReport() throws IOException {
        reportWriter.write(report(), reportText());
    }

    /** The report's content: a row for each finished image, in input order. */
    private String reportText() {
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
            row.add(String.join("; ", r.warnings()));
            csv.append(String.join(",", row.stream().map(Batch::csvField).toList())).append('\n');
        }
        return csv.toString();
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

    /**
     * The pixels of an image file, its alpha channel (if any) excluding pixels. The caller has
     * checked the header against its {@link ReadLimits} ({@link #run} and {@link ImagePooling} do),
     * so no pixel limit applies here.
     */
    public static ImagePixels readPixels(ImageInput input) throws IOException {
        return readPixels(input, null);
    }

    /**
     * The pixels of an image file with its axes and calibration, its alpha channel (if any) excluding pixels.
     *
     * @param axes the axes of its pages, or null to take them from the file
     */
    public static ImagePixels readPixels(ImageInput input, DeclaredAxes axes) throws IOException {
        return GmmSegmentation.pixels(ImageReader.read(input.file(), axes, Long.MAX_VALUE));
    }

    /**
     * Memory reserved by the images being processed, so that together they stay within what Java
     * may use: a reservation waits until enough is free. One larger than the whole is cut to the
     * whole, so that such an image runs alone rather than never. Thread-safe.
     */
    static final class MemoryBudget {
        private final long total;
        private long free;

        MemoryBudget(long total) {
            this.total = total;
            this.free = total;
        }

        /** Waits until {@code bytes} (at most the whole) are free and takes them; returns what was taken. */
        synchronized long reserve(long bytes) throws InterruptedException {
            long wanted = Math.max(0, Math.min(bytes, total));
            while (free < wanted) {
                wait();
            }
            free -= wanted;
            return wanted;
        }

        synchronized void release(long bytes) {
            free += bytes;
            notifyAll();
        }
    }
}
