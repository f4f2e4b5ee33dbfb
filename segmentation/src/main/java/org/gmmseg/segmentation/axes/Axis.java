package org.gmmseg.segmentation.axes;

import java.util.Locale;

/** An axis of an image: the spatial axes X, Y and Z, time T, and channels C. */
public enum Axis {
    X('x'), Y('y'), Z('z'), T('t'), C('c');

    private final char letter;

    Axis(char letter) {
        this.letter = letter;
    }

    /** The lower-case letter that names the axis in axes strings such as {@code "xyzc"}. */
    public char letter() {
        return letter;
    }

    /** Whether this is X, Y or Z. */
    public boolean spatial() {
        return this == X || this == Y || this == Z;
    }

    /**
     * The axis named by a letter, in either case.
     *
     * @throws IllegalArgumentException for another letter
     */
    public static Axis of(char letter) {
        char c = Character.toLowerCase(letter);
        for (Axis a : values()) {
            if (a.letter == c) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown axis '" + letter + "' (expected x, y, z, t or c)");
    }

    @Override
    public String toString() {
        return String.valueOf(letter).toUpperCase(Locale.ROOT);
    }
}
