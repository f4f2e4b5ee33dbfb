package org.gmmseg.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shape of the component covariances, with scikit-learn's names and array shapes for
 * {@code covariances_}: {@code full} (K x D x D), {@code tied} (D x D, shared), {@code diag}
 * (K x D variances) and {@code spherical} (K variances).
 */
public enum CovarianceType {
    FULL("full"),
    TIED("tied"),
    DIAG("diag"),
    SPHERICAL("spherical");

    private final String id;

    CovarianceType(String id) {
        this.id = id;
    }

    /** The lower-case name used on the command line and in model files. */
    public String id() {
        return id;
    }

    /**
     * Parses a name as written by {@link #id()} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CovarianceType parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (CovarianceType t : values()) {
            if (t.id.equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown covariance type '" + name + "' (expected one of "
                + Arrays.stream(values()).map(CovarianceType::id).collect(Collectors.joining(", ")) + ")");
    }

    /** Number of free covariance parameters for K components in D dimensions (scikit-learn's count). */
    public long covarianceParameters(int k, int d) {
        long tri = (long) d * (d + 1) / 2;
        return switch (this) {
            case FULL -> k * tri;
            case TIED -> tri;
            case DIAG -> (long) k * d;
            case SPHERICAL -> k;
        };
    }

    /** Length of the flat covariance array for K components in D dimensions. */
    public int flatLength(int k, int d) {
        return switch (this) {
            case FULL -> k * d * d;
            case TIED -> d * d;
            case DIAG -> k * d;
            case SPHERICAL -> k;
        };
    }

    /** Shape of scikit-learn's {@code covariances_} for this type. */
    public int[] shape(int k, int d) {
        return switch (this) {
            case FULL -> new int[] {k, d, d};
            case TIED -> new int[] {d, d};
            case DIAG -> new int[] {k, d};
            case SPHERICAL -> new int[] {k};
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
