package org.gmmseg.core.em;

/**
 * Whether the SIMD kernel can run: the incubator module {@code jdk.incubator.vector} is in the
 * boot layer (the {@code gmmseg} launcher adds it with {@code --add-modules}), its preferred
 * vector of doubles divides {@link EStepKernel#LANES}, and {@code -Dgmmseg.simd=false} is not set.
 * Without it the scalar kernel gives the same results, only slower.
 */
final class VectorSupport {
    private static final boolean AVAILABLE = probe();

    private VectorSupport() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** Which kernel EM runs, for {@code --version} and bug reports. */
    static String description() {
        if (!AVAILABLE) {
            return "scalar (for SIMD, run Java with --add-modules jdk.incubator.vector, as ./gmmseg does)";
        }
        return "SIMD, " + VectorEStepKernel.SPECIES.length() + " x 64-bit lanes (Vector API)";
    }

    static EStepKernel kernel(int k, int d, boolean triangular) {
        return new VectorEStepKernel(k, d, triangular);
    }

    private static boolean probe() {
        if (!Boolean.parseBoolean(System.getProperty(EStepKernel.SIMD_PROPERTY, "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            new VectorEStepKernel(1, 1, false);
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
