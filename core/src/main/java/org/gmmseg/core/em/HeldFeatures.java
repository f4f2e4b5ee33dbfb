package org.gmmseg.core.em;

/** {@link PixelFeatures} held in an array, read by {@link #copy}. */
abstract class HeldFeatures implements PixelFeatures {
    private final int d;
    private final boolean[] valid;

    HeldFeatures(int d, boolean[] valid) {
        this.d = d;
        this.valid = valid;
    }

    abstract void copy(int from, int to, double[] out);

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void read(int from, int to, double[] out, boolean[] ok) {
        copy(from, to, out);
        for (int n = from; n < to; n++) {
            ok[n - from] = valid == null || valid[n];
        }
    }
}
