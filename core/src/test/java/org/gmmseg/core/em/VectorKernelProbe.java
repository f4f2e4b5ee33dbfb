package org.gmmseg.core.em;

import jdk.incubator.vector.DoubleVector;

/** Runs the SIMD kernel's exp and log over arrays, for comparison with the scalar ones. */
final class VectorKernelProbe {
    private VectorKernelProbe() {
    }

    static double[] exp(double[] t) {
        double[] out = new double[t.length];
        int p = VectorEStepKernel.SPECIES.length();
        for (int i = 0; i < t.length; i += p) {
            VectorEStepKernel.exp(DoubleVector.fromArray(VectorEStepKernel.SPECIES, t, i)).intoArray(out, i);
        }
        return out;
    }

    static double[] log(double[] s) {
        double[] out = new double[s.length];
        int p = VectorEStepKernel.SPECIES.length();
        for (int i = 0; i < s.length; i += p) {
            VectorEStepKernel.log(DoubleVector.fromArray(VectorEStepKernel.SPECIES, s, i)).intoArray(out, i);
        }
        return out;
    }
}
