package org.gmmseg.segmentation.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Against values printed by scikit-learn 1.2.1's adjusted_rand_score. */
class AdjustedRandIndexTest {
    @Test
    void matchesScikitLearn() {
        assertEquals(1.0, AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1}), 1e-15);
        assertEquals(1.0, AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0}), 1e-15);
        assertEquals(0.24242424242424243, AdjustedRandIndex.of(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}), 1e-15);
        assertEquals(0.047619047619047616,
                AdjustedRandIndex.of(new int[] {0, 0, 1, 2, 2, 2, 1, 0}, new int[] {1, 1, 1, 2, 2, 0, 0, 0}), 1e-15);
        assertEquals(1.0, AdjustedRandIndex.of(new int[] {0, 0, 0, 0, 0}, new int[] {0, 0, 0, 0, 0}), 1e-15);
        assertEquals(0.0, AdjustedRandIndex.of(new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 0}), 1e-15);
    }
}
