package org.gmmseg.segmentation.eval;

import java.util.HashMap;
import java.util.Map;

/** Adjusted Rand index of two labelings (Hubert and Arabie 1985), as scikit-learn's adjusted_rand_score. */
public final class AdjustedRandIndex {
    private AdjustedRandIndex() {
    }

    public static double of(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("labelings of different lengths");
        }
        Map<Long, long[]> pairs = new HashMap<>();
        Map<Integer, long[]> rows = new HashMap<>();
        Map<Integer, long[]> cols = new HashMap<>();
        for (int i = 0; i < truth.length; i++) {
            pairs.computeIfAbsent(((long) truth[i] << 32) ^ (predicted[i] & 0xffffffffL), k -> new long[1])[0]++;
            rows.computeIfAbsent(truth[i], k -> new long[1])[0]++;
            cols.computeIfAbsent(predicted[i], k -> new long[1])[0]++;
        }
        double index = pairs.values().stream().mapToDouble(c -> choose2(c[0])).sum();
        double a = rows.values().stream().mapToDouble(c -> choose2(c[0])).sum();
        double b = cols.values().stream().mapToDouble(c -> choose2(c[0])).sum();
        double expected = a * b / choose2(truth.length);
        double max = (a + b) / 2;
        if (max == expected) {
            return 1.0; // both labelings trivial in the same way (sklearn's special case)
        }
        return (index - expected) / (max - expected);
    }

    private static double choose2(long n) {
        return n * (n - 1) / 2.0;
    }
}
