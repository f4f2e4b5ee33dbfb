package org.gmmseg.core.em;

/** Runs the SIMD kernel's exp and log over arrays, for comparison with the scalar ones. */
final class VectorKernelProbe {
    private VectorKernelProbe() {
    }

    static double[] exp(double[] t) {
        double[] out = t.clone();
        VectorEStepKernel.exp(out, 0, out.length, new double[out.length]);
        return out;
    }

    static double[] log(double[] s) {
        double[] out = s.clone();
        VectorEStepKernel.log(out, out, out.length);
        return out;
    }
}
