package org.gmmseg.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a fit chooses its starting model when no warm-start model is given. */
public enum Initialization {
    /** k-means++ seeding followed by Lloyd's k-means iterations; hard assignments start EM (sklearn's "kmeans"). */
    KMEANS("kmeans"),
    /** k-means++ seeds only; each sample is assigned to its nearest seed. */
    KMEANS_PLUS_PLUS("kmeans++"),
    /** Random responsibilities, normalised per sample (sklearn's "random"). */
    RANDOM("random"),
    /** K distinct samples drawn at random as seeds; each sample is assigned to its nearest seed. */
    RANDOM_FROM_DATA("random-from-data");

    private final String id;

    Initialization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses a name as written by {@link #id()}; the error lists the accepted names. */
    public static Initialization parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Initialization i : values()) {
            if (i.id.equals(wanted)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initialisation '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Initialization::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
