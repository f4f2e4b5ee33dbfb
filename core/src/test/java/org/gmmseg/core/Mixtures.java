package org.gmmseg.core;

/** Seeded test mixtures. */
public final class Mixtures {
    private Mixtures() {
    }

    /** Three well separated 3-D components with correlated covariances. */
    public static GaussianMixture threeBlobs() {
        return GaussianMixture.full(new double[] {0.5, 0.3, 0.2},
                new double[][] {{0, 0, 0}, {5, 5, 0}, {-4, 6, 3}},
                new double[][][] {
                    {{1.0, 0.3, 0.1}, {0.3, 0.8, 0.2}, {0.1, 0.2, 0.5}},
                    {{0.5, -0.1, 0}, {-0.1, 0.6, 0.1}, {0, 0.1, 0.7}},
                    {{0.9, 0, 0.2}, {0, 0.4, 0}, {0.2, 0, 1.1}}});
    }

    /** A model of the given type with the parameters of {@link #threeBlobs()} reduced to that type. */
    public static GaussianMixture threeBlobs(CovarianceType type) {
        GaussianMixture g = threeBlobs();
        double[] w = g.weights();
        double[][] m = g.means();
        return switch (type) {
            case FULL -> g;
            case TIED -> GaussianMixture.tied(w, m, g.covariance(0));
            case DIAG -> GaussianMixture.diag(w, m, new double[][] {{1.0, 0.8, 0.5}, {0.5, 0.6, 0.7}, {0.9, 0.4, 1.1}});
            case SPHERICAL -> GaussianMixture.spherical(w, m, new double[] {0.7, 0.5, 0.9});
        };
    }
}
