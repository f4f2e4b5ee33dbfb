import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes samples/tables/mixture.csv: 600 rows drawn from a known 3-component 2-D Gaussian mixture
 * (README.md in this folder lists the parameters). Run once from the repository root:
 *
 * <pre>java samples/tables/MixtureTable.java &gt; samples/tables/mixture.csv</pre>
 *
 * Normal variates come from Box-Muller on {@link SplittableRandom#nextDouble()}, whose sequence is
 * specified, so the output does not depend on the JDK.
 */
public final class MixtureTable {
    static final long SEED = 20261122L;
    static final int ROWS = 600;
    static final double[] WEIGHTS = {0.5, 0.3, 0.2};
    static final double[][] MEANS = {{0, 0}, {5, 1}, {2, 6}};
    /** Lower Cholesky factors L of the covariances (Sigma = L L^T), row-major {l11, l21, l22}. */
    static final double[][] CHOLESKY = {{1.0, 0.0, 1.0}, {0.8, 0.6, 0.5}, {0.6, -0.4, 0.9}};

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(SEED);
        StringBuilder out = new StringBuilder("x,y\n");
        for (int i = 0; i < ROWS; i++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < WEIGHTS.length - 1 && u >= WEIGHTS[k]) {
                u -= WEIGHTS[k];
                k++;
            }
            double r = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double theta = 2 * Math.PI * random.nextDouble();
            double z1 = r * Math.cos(theta);
            double z2 = r * Math.sin(theta);
            double[] l = CHOLESKY[k];
            double x = MEANS[k][0] + l[0] * z1;
            double y = MEANS[k][1] + l[1] * z1 + l[2] * z2;
            out.append(String.format(Locale.ROOT, "%.4f,%.4f", x, y)).append('\n');
        }
        System.out.print(out);
    }
}
