package org.gmmseg.core.em;

import java.util.concurrent.TimeUnit;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Labelling: the argmax of eq. 5 for one million samples (a 1000 x 1000 image's features), with
 * the batch {@link MixtureEvaluator} and, for comparison, the model's per-sample
 * {@link GaussianMixture#weightedLogProbabilities}. One thread; images are labelled in bands of
 * rows on several.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EvaluatorBenchmark {
    @Param({"1000000"})
    public int n;
    @Param({"3"})
    public int d;
    @Param({"4", "8"})
    public int k;
    @Param({"full"})
    public String covariance;

    private GaussianMixture model;
    private double[] x;
    private int[] labels;
    private MixtureEvaluator evaluator;

    @Setup(Level.Trial)
    public void setUp() {
        model = EStepKernelTest.randomMixture(CovarianceType.parse(covariance), k, d, 1);
        x = model.sample(n, 2).samples().values();
        labels = new int[n];
        evaluator = new MixtureEvaluator(model);
    }

    @Benchmark
    public int[] evaluator() {
        evaluator.predict(x, 0, n, labels, 0);
        return labels;
    }

    @Benchmark
    public int[] perSample() {
        double[] lp = new double[k];
        double[] scratch = new double[d];
        for (int i = 0; i < n; i++) {
            model.weightedLogProbabilities(x, i * d, lp, scratch);
            labels[i] = GaussianMixture.argmax(lp, k);
        }
        return labels;
    }
}
