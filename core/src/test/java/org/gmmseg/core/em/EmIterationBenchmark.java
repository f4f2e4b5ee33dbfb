package org.gmmseg.core.em;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.gmmseg.core.io.FeatureTables;
import org.gmmseg.core.io.ModelFile;
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
 * One EM iteration (fused E-step and M-step) from a fixed model, as scikit-learn's per-iteration
 * time is measured. With {@code table} and {@code initModel} set, the data and the starting model
 * are the files bench/run.sh also gives scikit-learn; otherwise a seeded synthetic mixture of
 * {@code k} components in {@code d} dimensions. Run by bench/run.sh, e.g.
 * {@code java -cp ... org.openjdk.jmh.Main EmIterationBenchmark -p threads=1,2}; add
 * {@code -jvmArgsAppend -Dgmmseg.simd=false} for the scalar kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// the JIT options of the ./gmmseg launcher (see there)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,org.gmmseg.core.em.VectorEStepKernel::*"})
public class EmIterationBenchmark {
    @Param({"1000000"})
    public int n;
    @Param({"3"})
    public int d;
    @Param({"8"})
    public int k;
    @Param({"full"})
    public String covariance;
    @Param({"1", "2"})
    public int threads;
    /** A .npy or .csv table; empty for synthetic data. */
    @Param({""})
    public String table;
    /** A gmmseg model file to start from; empty for a synthetic start. */
    @Param({""})
    public String initModel;

    private EmFitter fitter;
    private GaussianMixture start;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Samples data;
        if (table.isEmpty()) {
            CovarianceType type = CovarianceType.parse(covariance);
            data = EStepKernelTest.randomMixture(type, k, d, 1).sample(n, 2).samples();
            // start away from the truth, as EM's early iterations do
            start = EStepKernelTest.randomMixture(type, k, d, 3);
        } else {
            data = FeatureTables.read(Path.of(table));
            start = ModelFile.read(Path.of(initModel)).model();
        }
        fitter = EmFitter.open(data, FitOptions.warmStart(start).withThreads(threads));
    }

    @Benchmark
    public GaussianMixture iteration() {
        return fitter.iterate(start);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fitter.close();
    }
}
