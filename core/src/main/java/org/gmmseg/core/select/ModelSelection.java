package org.gmmseg.core.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.DegenerateComponentException;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.NonFiniteLikelihoodException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EStepChunks;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.init.Seeding;

/**
 * Chooses the number of components and the covariance type by fitting every candidate of a grid
 * and comparing an information criterion (docs/em-derivation.md, §10): BIC = -2 L + p ln N,
 * AIC = -2 L + 2 p (eq. 21), ICL = BIC + 2 EN (eq. 23); the lowest wins.
 *
 * <p>Each candidate K x covariance type is fitted by {@link EmFitter} on the same samples, which
 * callers should pass de-duplicated and weighted. All candidates use the options of
 * {@link SelectionOptions#fit()} unchanged, seed included, so a candidate's fit is exactly
 * {@code EmFitter.fit(samples, fit.withComponents(K).withCovarianceType(type).withRegCovar(c.regCovar()))}
 * whatever the grid around it.
 *
 * <ul>
 *   <li><b>Too few distinct samples.</b> A K above the number of distinct samples is
 *       {@link Candidate.Status#SKIPPED} with a note, and the search goes on.</li>
 *   <li><b>Degenerate fits.</b> When a fit throws {@link DegenerateComponentException} or
 *       {@link NonFiniteLikelihoodException}, it is repeated with regCovar multiplied by
 *       {@link SelectionOptions#regCovarGrowth()} (a regCovar of 0 becomes
 *       {@link FitOptions#DEFAULT_REG_COVAR}), up to {@link SelectionOptions#maxRegCovarRetries()}
 *       times. If it still fails, or fails with another {@link GmmException}, the candidate is
 *       {@link Candidate.Status#FAILED} with the error in its note, and the search goes on.</li>
 *   <li><b>Parallelism and determinism.</b> Candidates run concurrently on
 *       min(threads, candidates) workers, and the threads of {@link FitOptions#threads()} are split
 *       between them. Results are stored by grid index and every fit is independent of its thread
 *       count, so the result is bit-identical for any number of threads.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelSelection {
    private ModelSelection() {
    }

    /**
     * Fits every candidate and chooses one; see the class javadoc.
     *
     * @throws GmmException if there are no samples, or no candidate could be fitted (the message
     *     lists why each was skipped or failed)
     */
    public static SelectionResult select(Samples samples, SelectionOptions options) {
        return select(samples, options, c -> { });
    }

    /**
     * As {@link #select(Samples, SelectionOptions)}, reporting each candidate as soon as it is
     * settled: skipped ones first, in grid order, on the calling thread; fitted and failed ones in
     * order of completion, on worker threads. The listener must be thread-safe and should be quick;
     * an exception it throws aborts the selection. The {@link FitOptions#monitor() monitor} of the
     * fit options hears of each candidate too, after the listener, and of every EM iteration of each;
     * when it cancels, the selection stops with a {@link java.util.concurrent.CancellationException}.
     */
    public static SelectionResult select(Samples samples, SelectionOptions options, Consumer<Candidate> listener) {
        Objects.requireNonNull(samples, "samples");
        return select(new Data(samples.size(), samples.totalWeight(), samples::distinctRows,
                fit -> EmFitter.fit(samples, fit), (model, threads) -> Criteria.entropy(model, samples, threads)),
                options, listener);
    }

    /**
     * As {@link #select(Samples, SelectionOptions, Consumer)} on samples held in their chunks,
     * e.g. by other machines: every candidate is fitted on them
     * ({@link EmFitter#fit(ChunkedSamples, FitOptions)}), with the same result. The threads of
     * {@link FitOptions#threads()} say how many candidates are fitted at once.
     */
    public static SelectionResult select(ChunkedSamples<EStepChunks.Chunk> chunks, SelectionOptions options,
            Consumer<Candidate> listener) {
        Objects.requireNonNull(chunks, "chunks");
        return select(new Data(chunks.size(), chunks.totalWeight(), limit -> Seeding.distinctRows(chunks, limit),
                fit -> EmFitter.fit(chunks, fit), (model, threads) -> Criteria.entropy(model, chunks)),
                options, listener);
    }

    /**
     * The samples the candidates are fitted on, wherever they are: their size, their distinct rows
     * (up to a limit), a fit, and the entropy of a model (with a thread count).
     */
    private record Data(int size, double totalWeight, IntUnaryOperator distinctRows, Function<FitOptions, FitResult> fit,
            BiFunction<GaussianMixture, Integer, Double> entropy) {
    }

    private static SelectionResult select(Data samples, SelectionOptions options, Consumer<Candidate> listener) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        FitMonitor monitor = options.fit().monitor();
        AtomicInteger settled = new AtomicInteger();
        int total = options.gridSize();
        Consumer<Candidate> report = c -> {
            listener.accept(c);
            monitor.candidate(settled.incrementAndGet(), total, c.components(), c.covarianceType(), c.ok());
        };
        if (samples.size() == 0 || !(samples.totalWeight() > 0)) {
            throw new GmmException("no samples to fit (empty data or all weights zero)");
        }
        List<Integer> ks = options.components();
        List<CovarianceType> types = options.covarianceTypes();
        int maxK = ks.stream().mapToInt(Integer::intValue).max().getAsInt();
        int distinct = samples.distinctRows().applyAsInt(maxK);

        Candidate[] grid = new Candidate[options.gridSize()];
        List<Integer> toFit = new ArrayList<>();
        for (int i = 0; i < ks.size(); i++) {
            for (int t = 0; t < types.size(); t++) {
                int index = i * types.size() + t;
                int k = ks.get(i);
                if (k > distinct) {
                    String note = "K=" + k + " skipped: only " + distinct + " distinct sample" + (distinct == 1 ? "" : "s");
                    grid[index] = notFitted(index, k, types.get(t), Candidate.Status.SKIPPED,
                            options.fit().regCovar(), 0, note);
                    report.accept(grid[index]);
                } else {
                    toFit.add(index);
                }
            }
        }

        int threads = options.fit().threads();
        int parallel = Math.max(1, Math.min(threads, toFit.size()));
        int threadsPerFit = Math.max(1, threads / parallel);
        if (parallel == 1) {
            for (int index : toFit) {
                grid[index] = fitCandidate(samples, options, index, threadsPerFit);
                report.accept(grid[index]);
            }
        } else {
            runInParallel(samples, options, toFit, parallel, threadsPerFit, grid, report);
        }
        return choose(List.of(grid), options.criterion(), distinct);
    }

    private static void runInParallel(Data samples, SelectionOptions options, List<Integer> toFit, int parallel,
            int threadsPerFit, Candidate[] grid, Consumer<Candidate> listener) {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "gmmseg-select");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Candidate>> futures = new ArrayList<>(toFit.size());
            for (int index : toFit) {
                futures.add(pool.submit(() -> {
                    Candidate c = fitCandidate(samples, options, index, threadsPerFit);
                    listener.accept(c);
                    return c;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                grid[toFit.get(i)] = futures.get(i).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GmmException("model selection interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new GmmException(String.valueOf(cause.getMessage()), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fits one candidate, retrying degenerate fits with a larger regCovar. */
    private static Candidate fitCandidate(Data samples, SelectionOptions options, int index, int threads) {
        List<CovarianceType> types = options.covarianceTypes();
        int k = options.components().get(index / types.size());
        CovarianceType type = types.get(index % types.size());
        String label = "K=" + k + " " + type;
        FitOptions fit = options.fit().withComponents(k).withCovarianceType(type).withThreads(threads);
        fit.monitor().throwIfCancelled();
        double regCovar = fit.regCovar();
        for (int attempt = 0;; attempt++) {
            try {
                FitResult r = samples.fit().apply(fit.withRegCovar(regCovar));
                double entropy = samples.entropy().apply(r.model(), threads);
                List<String> remarks = new ArrayList<>();
                if (attempt > 0) {
                    remarks.add("fitted with regCovar=" + format(regCovar) + " after " + attempt + " degenerate fit"
                            + (attempt == 1 ? "" : "s"));
                }
                if (!r.converged()) {
                    remarks.add("EM did not converge in " + r.iterations() + " iterations");
                }
                String note = remarks.isEmpty() ? "" : label + ": " + String.join("; ", remarks);
                return new Candidate(index, k, type, Candidate.Status.OK, r, r.logLikelihood(), r.bic(), r.aic(),
                        Criteria.icl(r.bic(), entropy), entropy, regCovar, attempt, note);
            } catch (GmmException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                boolean retryable = e instanceof DegenerateComponentException || e instanceof NonFiniteLikelihoodException;
                double next = regCovar > 0 ? regCovar * options.regCovarGrowth() : FitOptions.DEFAULT_REG_COVAR;
                if (!retryable || attempt == options.maxRegCovarRetries() || !Double.isFinite(next)) {
                    String note = label + " failed with regCovar=" + format(regCovar)
                            + (attempt == 0 ? "" : " after " + attempt + " retr" + (attempt == 1 ? "y" : "ies"))
                            + ": " + e.getMessage();
                    return notFitted(index, k, type, Candidate.Status.FAILED, regCovar, attempt, note);
                }
                regCovar = next;
            }
        }
    }

    private static Candidate notFitted(int index, int k, CovarianceType type, Candidate.Status status, double regCovar,
            int retries, String note) {
        return new Candidate(index, k, type, status, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                regCovar, retries, note);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * The OK candidate with the lowest criterion; ties go to the smaller K, then the earlier index.
     * A choice at the end of the fitted Ks is noted, but a larger K is suggested only when one is
     * possible: not when the larger candidates were skipped and the choice already has {@code distinct}
     * components.
     *
     * @param distinct the number of distinct samples, or at least the largest K when none was skipped
     */
    static SelectionResult choose(List<Candidate> candidates, Criterion criterion, int distinct) {
        List<Candidate> fitted = candidates.stream().filter(Candidate::ok).toList();
        Set<String> notes = new LinkedHashSet<>();
        candidates.stream().map(Candidate::note).filter(n -> !n.isEmpty()).forEach(notes::add);
        if (fitted.isEmpty()) {
            throw new GmmException("no candidate could be fitted: " + String.join("; ", notes));
        }
        Candidate chosen = fitted.stream()
                .min(Comparator.comparingDouble((Candidate c) -> c.value(criterion))
                        .thenComparingInt(Candidate::components)
                        .thenComparingInt(Candidate::index))
                .get();
        int[] fittedKs = fitted.stream().mapToInt(Candidate::components).distinct().sorted().toArray();
        if (fittedKs.length > 1) {
            int k = chosen.components();
            boolean largerSkipped = candidates.stream()
                    .anyMatch(c -> c.status() == Candidate.Status.SKIPPED && c.components() > k);
            if (k == fittedKs[fittedKs.length - 1]) {
                if (!largerSkipped) {
                    notes.add("the chosen K=" + k + " is the largest fitted; a larger K may be better");
                } else if (k < distinct) {
                    notes.add("the chosen K=" + k + " is the largest fitted; a larger K up to " + distinct
                            + " (the number of distinct samples) may be better");
                }
            } else if (k == fittedKs[0] && k > 1) {
                notes.add("the chosen K=" + k + " is the smallest tried; a smaller K may be better");
            }
        }
        return new SelectionResult(candidates, chosen, criterion, new ArrayList<>(notes));
    }
}
