package org.gmmseg.core.select;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A model-selection criterion; for all three, lower is better (scikit-learn's sign convention).
 * Below, L is the weighted log-likelihood of the fitted model (eq. 16), p its number of free
 * parameters, N the total sample weight and gamma_nk the responsibilities (docs/em-derivation.md, §10).
 */
public enum Criterion {
    /** BIC = -2 L + p ln N (eq. 21). */
    BIC("bic"),
    /**
     * ICL = BIC + 2 EN, EN = -sum_n w_n sum_k gamma_nk ln gamma_nk (eqs. 22, 23): BIC plus a penalty
     * for overlapping components, so it prefers well-separated clusters.
     */
    ICL("icl"),
    /** AIC = -2 L + 2 p (eq. 21). */
    AIC("aic");

    private final String id;

    Criterion(String id) {
        this.id = id;
    }

    /** The lower-case name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /**
     * Parses a name as written by {@link #id()} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Criterion parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Criterion c : values()) {
            if (c.id.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown criterion '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Criterion::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
