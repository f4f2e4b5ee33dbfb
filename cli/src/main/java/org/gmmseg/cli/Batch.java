package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
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

import org.gmmseg.cli.ImageInputs.ImageInput;
import org.gmmseg.cli.options.InputOptions;
import org.gmmseg.cli.options.OutputOptions;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.AtomicFiles;
import org.gmmseg.segmentation.io.ImageReader;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * One run of a batch command ({@code segment}, {@code apply}) over images: the images and their
 * output files, which of them are already done, parallel processing of the others with a progress
 * bar, and the report ({@code report.csv}, the summary on stdout, warnings and failures on stderr).
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
final class Batch {
    /** Name of the report below the output folder. */
    static final String REPORT = "report.csv";
    static final List<String> REPORT_COLUMNS = List.of("input", "output", "components", "iterations", "converged",
            "log_likelihood", "status", "error");
    /** Least time between two rewrites of the report while images finish. */
    static final long REPORT_INTERVAL_MILLIS = 1000;

    /** Processes one image and returns its (ok) result; an exception makes the image fail. */
    @FunctionalInterface
    interface Job {
        ImageResult process(ImageInput input, OutputFiles files, int threads) throws Exception;
    }

    private final CommandSpec spec;
    private final OutputOptions options;
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

    private Batch(CommandSpec spec, OutputOptions options, List<ImageInput> inputs, List<OutputFiles> files) {
        this.spec = spec;
        this.options = options;
        this.inputs = inputs;
        this.files = files;
        this.results = new ImageResult[inputs.size()];
    }

    /**
     * Finds the images, plans their outputs and marks those that are done or cannot be processed.
     * Warnings of the scan (e.g. a folder without images) go to stderr.
     *
     * @param modelPerImage whether each image gets its {@code _model.json}
     * @param plotExtension "svg" or "png" when each image gets its criterion plot {@code _selection.svg|png}; or null
     * @param otherOutputs further files the batch writes below the output folder (e.g. a shared model)
     * @throws ParameterException when there is no image, {@code --out} is a file, or an output would
     *     overwrite an input
     */
    static Batch plan(CommandSpec spec, List<Path> arguments, InputOptions input, OutputOptions options,
            boolean modelPerImage, String plotExtension, List<Path> otherOutputs) throws IOException {
        Path out = options.out();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw usage(spec, "--out " + out + " is a file; give a folder");
        }
        ImageInputs.Scan scan = ImageInputs.scan(arguments, input, out);
        if (scan.images().isEmpty()) {
            throw usage(spec, ImageInputs.nothingFound("process", arguments, input));
        }
        PrintWriter err = spec.commandLine().getErr();
        scan.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        List<ImageInput> images = ImageInputs.withOutputConflicts(scan.images());
        List<OutputFiles> files = new ArrayList<>(images.size());
        for (ImageInput image : images) {
            files.add(OutputFiles.of(out, image.stem(), options, modelPerImage, plotExtension));
        }
        Batch batch = new Batch(spec, options, images, files);
        batch.refuseOverwritingInputs(otherOutputs);
        for (int i = 0; i < images.size(); i++) {
            ImageInput image = images.get(i);
            if (image.error() != null) {
                batch.results[i] = ImageResult.failed(image, image.error());
            } else if (!options.overwrite() && Files.exists(files.get(i).labels())) {
                batch.results[i] = ImageResult.skipped(image, files.get(i).labels(),
                        "done before: the label file exists (--overwrite redoes it)");
            }
        }
        return batch;
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
                    throw usage(spec, "--out " + options.out() + " would overwrite the input " + image.display()
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

    List<ImageInput> inputs() {
        return inputs;
    }

    /** Whether an image still has to be processed (not done, failed or skipped). */
    boolean pending(int index) {
        return results[index] == null;
    }

    int pendingCount() {
        int n = 0;
        for (ImageResult r : results) {
            n += r == null ? 1 : 0;
        }
        return n;
    }

    /** Sets the result of a pending image, e.g. a failure found before its job runs. */
    void setResult(int index, ImageResult result) {
        synchronized (results) {
            results[index] = result;
        }
    }

    /**
     * How often the report is rewritten while images finish, for tests: at most once every
     * {@code intervalNanos} of the clock ({@code System.nanoTime} by default).
     */
    void reportTiming(long intervalNanos, LongSupplier clock) {
        synchronized (results) {
            this.reportIntervalNanos = intervalNanos;
            this.clock = clock;
        }
    }

    /** The report file. */
    Path report() {
        return options.out().resolve(REPORT);
    }

    /**
     * Runs the job on every pending image, in parallel, with a progress bar when stderr is a
     * terminal.
     *
     * @param label what the bar says is happening, e.g. "segmenting"
     * @param threads the {@code --threads} budget
     */
    void run(String label, int threads, Job job) throws InterruptedException {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                pending.add(i);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        synchronized (results) {
            reportWhileRunning(true);
        }
        int workers = Math.min(threads, pending.size());
        int perImage = Math.max(1, threads / workers);
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "gmmseg-image-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (Progress progress = Progress.of(spec.commandLine().getErr(), label, pending.size(), options.quiet())) {
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
                        progress.step();
                    }
                    synchronized (results) {
                        results[index] = result;
                        reportWhileRunning(false);
                    }
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
     * Gives up on every image still pending for one reason (the shared model could not be fitted):
     * they fail with it in the report, it is printed once, and the exit code is
     * {@link ExitCodes#FIT_FAILED}.
     */
    void abort(String reason) {
        abortReason = reason;
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = ImageResult.failed(inputs.get(i), reason);
            }
        }
    }

    /**
     * Writes the report, prints warnings and failures (stderr, in input order) and the summary
     * (stdout).
     *
     * @param extra further "key value" lines for the summary, e.g. the shared model
     * @return the exit code: 1 if an image failed by a bug, else 4 if the batch was
     *     {@linkplain #abort aborted}, else 3 if any image failed, else 0
     */
    int finish(List<String[]> extra) throws IOException {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                throw new IllegalStateException("image " + inputs.get(i).display() + " was not processed");
            }
        }
        writeReport();
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = VerboseOption.given(spec);
        int ok = 0;
        int skipped = 0;
        int failed = 0;
        boolean internal = false;
        for (ImageResult r : results) {
            for (String warning : r.warnings()) {
                err.println("warning: " + r.input().display() + ": " + warning);
            }
            for (String note : r.notes()) {
                err.println("note: " + r.input().display() + ": " + note);
            }
            switch (r.status()) {
                case OK -> ok++;
                case SKIPPED -> skipped++;
                case FAILED -> {
                    failed++;
                    internal |= r.internal();
                    if (abortReason != null && abortReason.equals(r.error())) {
                        continue;
                    }
                    err.println(spec.qualifiedName() + ": " + r.input().display() + ": " + r.error()
                            + (r.internal() && !verbose ? " (run with --verbose for the stack trace)" : ""));
                    if (verbose && r.cause() != null) {
                        r.cause().printStackTrace(err);
                    }
                }
            }
        }
        if (abortReason != null) {
            err.println(spec.qualifiedName() + ": " + abortReason);
        }
        err.flush();
        List<String[]> summary = new ArrayList<>();
        summary.add(new String[] {"images", Integer.toString(results.length)});
        summary.add(new String[] {"processed", Integer.toString(ok)});
        summary.add(new String[] {"skipped", Integer.toString(skipped)});
        summary.add(new String[] {"failed", Integer.toString(failed)});
        summary.addAll(extra);
        summary.add(new String[] {"output", options.out().toString()});
        summary.add(new String[] {"report", report().toString()});
        PrintWriter out = spec.commandLine().getOut();
        Formats.keyValues(summary).forEach(out::println);
        out.flush();
        if (internal) {
            return ExitCodes.INTERNAL_ERROR;
        }
        if (abortReason != null) {
            return ExitCodes.FIT_FAILED;
        }
        return failed > 0 ? ExitCodes.SOME_INPUTS_FAILED : ExitCodes.OK;
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
    static String csvNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The pixels of an image file, its alpha channel (if any) excluding pixels. */
    static ImagePixels readPixels(ImageInput input) throws IOException {
        return GmmSegmentation.pixels(ImageReader.read(input.file()));
    }

    private static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
