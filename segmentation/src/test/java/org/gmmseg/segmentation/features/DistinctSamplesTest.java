package org.gmmseg.segmentation.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;

class DistinctSamplesTest {
    /** What the collector must give: first occurrences in order, by their bits, with their counts. */
    private static Samples reference(double[] v, int d) {
        Map<List<Long>, double[]> seen = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i += d) {
            List<Long> key = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                key.add(Double.doubleToLongBits(v[i + j]));
            }
            int at = i;
            seen.computeIfAbsent(key, k -> new double[] {at, 0})[1]++;
        }
        double[] values = new double[seen.size() * d];
        double[] counts = new double[seen.size()];
        int n = 0;
        for (double[] first : seen.values()) {
            System.arraycopy(v, (int) first[0], values, n * d, d);
            counts[n++] = first[1];
        }
        return Samples.wrap(values, d, counts);
    }

    private static Samples collect(double[] v, int d) {
        DistinctSamples samples = new DistinctSamples(d);
        for (int i = 0; i < v.length; i += d) {
            samples.add(v, i);
        }
        assertEquals(v.length / d, samples.total());
        return samples.toSamples();
    }

    /** As a row of an image is collected: {@code addAll} over runs of vectors of uneven lengths. */
    private static Samples collectInRuns(double[] v, int d) {
        DistinctSamples samples = new DistinctSamples(d);
        int n = v.length / d;
        for (int start = 0, run = 1; start < n; start += run, run = run * 7 % 101 + 1) {
            samples.addAll(v, start * d, Math.min(run, n - start));
        }
        assertEquals(n, samples.total());
        return samples.toSamples();
    }

    private static void assertSame(Samples expected, Samples actual) {
        assertEquals(expected.size(), actual.size());
        assertArrayEquals(expected.values(), actual.values());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.weight(i), actual.weight(i), "count of vector " + i);
        }
    }

    /**
     * Few distinct values among many vectors, with runs of repeats as in flat image regions, past
     * several growths of the table and rows, one vector at a time and in runs: D = 1 to 8.
     */
    @Test
    void keepsFirstOccurrencesInOrderWithTheirCounts() {
        for (int d = 1; d <= 8; d++) {
            Random random = new Random(d);
            double[] v = new double[150_000 * d];
            for (int i = 0; i < v.length; i += d) {
                if (i > 0 && random.nextInt(3) == 0) {
                    System.arraycopy(v, i - d, v, i, d); // a repeat of the vector before
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    v[i + j] = random.nextInt(d == 1 ? 50_000 : 40) / 40.0;
                }
            }
            Samples expected = reference(v, d);
            assertSame(expected, collect(v, d));
            assertSame(expected, collectInRuns(v, d));
        }
    }

    /** Vectors are told apart by their bits: 0 and -0 are two samples, as is the smallest double beside 0. */
    @Test
    void tellsVectorsApartByTheirBits() {
        double[] v = {0.0, 1, -0.0, 1, 0.0, 1, Double.MIN_VALUE, 1, -0.0, 1, 0.0, 1};
        Samples distinct = collect(v, 2);
        assertArrayEquals(new double[] {0.0, 1, -0.0, 1, Double.MIN_VALUE, 1}, distinct.values());
        assertEquals(3, distinct.weight(0));
        assertEquals(2, distinct.weight(1));
        assertEquals(1, distinct.weight(2));
    }

    /** Merging collectors in order, with their counts, gives what one collector over all vectors gives. */
    @Test
    void mergingCollectorsInOrderEqualsCollectingEverything() {
        int d = 3;
        Random random = new Random(7);
        double[] v = new double[120_000 * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(30);
        }
        DistinctSamples merged = new DistinctSamples(d);
        for (int part = 0; part < 4; part++) {
            DistinctSamples one = new DistinctSamples(d);
            for (int i = part * v.length / 4; i < (part + 1) * v.length / 4; i += d) {
                one.add(v, i);
            }
            Samples s = one.toSamples();
            for (int i = 0; i < s.size(); i++) {
                merged.add(s.values(), i * d, (long) s.weight(i));
            }
        }
        assertEquals(v.length / d, merged.total());
        assertSame(collect(v, d), merged.toSamples());
    }

    /** toSamples copies: the collector goes on after it without changing what it gave. */
    @Test
    void samplesTakenEarlierStayAsTheyWere() {
        DistinctSamples samples = new DistinctSamples(1);
        samples.add(new double[] {5}, 0);
        Samples early = samples.toSamples();
        samples.add(new double[] {5}, 0);
        samples.add(new double[] {6}, 0);
        assertEquals(1, early.size());
        assertEquals(1, early.weight(0));
        assertEquals(2, samples.distinct());
        assertEquals(3, samples.total());
    }
}
