package org.gmmseg.core.em;

import java.util.concurrent.TimeUnit;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HMRF-EM sweep (mean-field E-step with the field of the previous sweep, then the M-step)
 * against one plain EM iteration on the same pixels from the same model: an image of
 * {@code side} x {@code side} pixels drawn from a seeded mixture of {@code k} components in
 * {@code d} dimensions. Run by bench/run.sh, e.g.
 * {@code java -cp ... org.openjdk.jmh.Main HmrfSweepBenchmark -p threads=1,2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// the JIT options of the ./gmmseg launcher (see there)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,org.gmmseg.core.em.VectorEStepKernel::*"})
public class HmrfSweepBenchmark {
    @Param({"1000"})
    public int side;
    @Param({"3"})
    public int d;
    @Param({"4"})
    public int k;
    @Param({"full"})
    public String covariance;
    @Param({"1", "2"})
    public int threads;

    private EmFitter plain;
    private HmrfFitter hmrf;
    private GaussianMixture start;

    @Setup(Level.Trial)
    public void setUp() {
        CovarianceType type = CovarianceType.parse(covariance);
        Samples pixels = EStepKernelTest.randomMixture(type, k, d, 1).sample(side * side, 2).samples();
        start = EStepKernelTest.randomMixture(type, k, d, 3);
        plain = EmFitter.open(pixels, FitOptions.warmStart(start).withThreads(threads));
        hmrf = HmrfFitter.open(start, PixelGrid.of(side, side), PixelFeatures.of(pixels.values(), d, null),
                HmrfOptions.of(1).withThreads(threads));
    }

    @Benchmark
    public GaussianMixture plainIteration() {
        return plain.iterate(start);
    }

    @Benchmark
    public GaussianMixture hmrfSweep() {
        return hmrf.step(start);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plain.close();
        hmrf.close();
    }
}
