package org.gmmseg.core.select;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GmmException;

/**
 * What {@link ModelSelection#select} tries: every number of components in {@code components} with
 * every type in {@code covarianceTypes}, in that order (K outer, type inner), each fitted with
 * {@code fit}. Build with {@link #of} and the {@code with*} methods; parse the grid with
 * {@link #parseComponents} and {@link #parseCovarianceTypes}.
 *
 * @param components the numbers of components K to try, in grid order; each at least 1, no repeats
 * @param covarianceTypes the covariance types to try, in grid order; no repeats
 * @param criterion the criterion that chooses among the fitted candidates
 * @param fit options of every fit (initialisation, restarts, iterations, tol, regCovar, seed,
 *     threads); its {@code components} and {@code covarianceType} are replaced per candidate, and
 *     it must not hold a warm-start model
 * @param maxRegCovarRetries how many times a degenerate fit is retried with a larger regCovar (at least 0)
 * @param regCovarGrowth the factor applied to regCovar on each retry (greater than 1)
 */
public record SelectionOptions(List<Integer> components, List<CovarianceType> covarianceTypes, Criterion criterion,
        FitOptions fit, int maxRegCovarRetries, double regCovarGrowth) implements Serializable {

    public static final int DEFAULT_MAX_REG_COVAR_RETRIES = 3;
    public static final double DEFAULT_REG_COVAR_GROWTH = 10;
    /** Largest number of K values a grid may hold, so a typo such as 2..20000000 fails at once. */
    public static final int MAX_COMPONENT_VALUES = 1000;

    public SelectionOptions {
        if (components == null || components.isEmpty()) {
            throw new GmmException("no numbers of components to try");
        }
        components = List.copyOf(components);
        if (components.size() > MAX_COMPONENT_VALUES) {
            throw new GmmException(components.size() + " numbers of components to try; at most "
                    + MAX_COMPONENT_VALUES);
        }
        Set<Integer> seen = new HashSet<>();
        for (int k : components) {
            if (k < 1) {
                throw new GmmException("the number of components must be at least 1, got " + k);
            }
            if (!seen.add(k)) {
                throw new GmmException("K=" + k + " appears twice in the numbers of components");
            }
        }
        if (covarianceTypes == null || covarianceTypes.isEmpty()) {
            throw new GmmException("no covariance types to try");
        }
        covarianceTypes = List.copyOf(covarianceTypes);
        if (new HashSet<>(covarianceTypes).size() != covarianceTypes.size()) {
            throw new GmmException("a covariance type appears twice in " + covarianceTypes);
        }
        if (criterion == null || fit == null) {
            throw new GmmException("criterion and fit options must be given");
        }
        if (fit.initialModel() != null) {
            throw new GmmException("model selection cannot warm-start from a model: the model fixes K and the "
                    + "covariance type");
        }
        if (maxRegCovarRetries < 0) {
            throw new GmmException("maxRegCovarRetries must be at least 0, got " + maxRegCovarRetries);
        }
        if (!(regCovarGrowth > 1) || Double.isInfinite(regCovarGrowth)) {
            throw new GmmException("regCovarGrowth must be a finite number > 1, got " + regCovarGrowth);
        }
    }

    /**
     * Defaults: full covariances, BIC, {@link FitOptions#of} defaults for the fits, 3 retries with
     * regCovar growing by 10.
     */
    public static SelectionOptions of(List<Integer> components) {
        return new SelectionOptions(components, List.of(CovarianceType.FULL), Criterion.BIC, FitOptions.of(1),
                DEFAULT_MAX_REG_COVAR_RETRIES, DEFAULT_REG_COVAR_GROWTH);
    }

    public SelectionOptions withComponents(List<Integer> ks) {
        return new SelectionOptions(ks, covarianceTypes, criterion, fit, maxRegCovarRetries, regCovarGrowth);
    }

    public SelectionOptions withCovarianceTypes(List<CovarianceType> types) {
        return new SelectionOptions(components, types, criterion, fit, maxRegCovarRetries, regCovarGrowth);
    }

    public SelectionOptions withCriterion(Criterion c) {
        return new SelectionOptions(components, covarianceTypes, c, fit, maxRegCovarRetries, regCovarGrowth);
    }

    public SelectionOptions withFit(FitOptions f) {
        return new SelectionOptions(components, covarianceTypes, criterion, f, maxRegCovarRetries, regCovarGrowth);
    }

    public SelectionOptions withMaxRegCovarRetries(int n) {
        return new SelectionOptions(components, covarianceTypes, criterion, fit, n, regCovarGrowth);
    }

    public SelectionOptions withRegCovarGrowth(double factor) {
        return new SelectionOptions(components, covarianceTypes, criterion, fit, maxRegCovarRetries, factor);
    }

    /** Number of candidates: |components| x |covarianceTypes|. */
    public int gridSize() {
        return components.size() * covarianceTypes.size();
    }

    /**
     * Parses numbers of components: comma-separated items, each a number ({@code 3}) or an
     * inclusive range ({@code 2..10}), e.g. {@code "2..10"}, {@code "3"}, {@code "2,4,8"},
     * {@code "1..3,8"}. The order is kept as written; it is the grid order.
     *
     * @throws IllegalArgumentException with a message naming the bad item: not a number, K below 1,
     *     a range whose upper end is below its lower end, a repeated K, or more than
     *     {@value #MAX_COMPONENT_VALUES} values
     */
    public static List<Integer> parseComponents(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no numbers of components given (expected e.g. 2..10, 3 or 2,4,8)");
        }
        List<Integer> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.trim();
            int dots = item.indexOf("..");
            int from;
            int to;
            if (dots < 0) {
                from = parseK(item, text);
                to = from;
            } else {
                from = parseK(item.substring(0, dots).trim(), text);
                to = parseK(item.substring(dots + 2).trim(), text);
                if (to < from) {
                    throw new IllegalArgumentException("empty range '" + item + "' in '" + text
                            + "': the upper end must be at least the lower end");
                }
            }
            if ((long) out.size() + to - from + 1 > MAX_COMPONENT_VALUES) {
                throw new IllegalArgumentException("'" + text + "' has more than " + MAX_COMPONENT_VALUES
                        + " numbers of components");
            }
            for (int k = from; k <= to; k++) {
                if (!seen.add(k)) {
                    throw new IllegalArgumentException("K=" + k + " appears twice in '" + text + "'");
                }
                out.add(k);
            }
        }
        return List.copyOf(out);
    }

    private static int parseK(String s, String text) {
        int k;
        try {
            k = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' in '" + text + "' is not a number of components "
                    + "(expected e.g. 2..10, 3 or 2,4,8)");
        }
        if (k < 1) {
            throw new IllegalArgumentException("the number of components must be at least 1, got " + k + " in '"
                    + text + "'");
        }
        return k;
    }

    /**
     * Parses comma-separated covariance types as written by {@link CovarianceType#id()}, e.g.
     * {@code "full,diag"}, or {@code "all"} for all four in declaration order.
     *
     * @throws IllegalArgumentException on an unknown name (listing the accepted ones) or a repeat
     */
    public static List<CovarianceType> parseCovarianceTypes(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no covariance types given (expected e.g. full,diag)");
        }
        if (text.trim().equalsIgnoreCase("all")) {
            return List.of(CovarianceType.values());
        }
        List<CovarianceType> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            CovarianceType t = CovarianceType.parse(item);
            if (out.contains(t)) {
                throw new IllegalArgumentException("covariance type " + t + " appears twice in '" + text + "'");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }
}
