package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void numbersKeepSevenSignificantDigitsWithoutTrailingZeros() {
        assertEquals("0", Text.number(0));
        assertEquals("600", Text.number(600));
        assertEquals("-3.453671", Text.number(-3.45367123));
        assertEquals("4253.153", Text.number(4253.15349));
        assertEquals("1.234568e+09", Text.number(1234567890));
        assertEquals("1.000000e-06", Text.number(1e-6));
    }

    @Test
    void aColumnSharesOneFormat() {
        assertArrayEquals(new String[] {"0.0911", "-9.9857", "10.0980"}, Text.column(new double[] {0.09109, -9.98574, 10.098}));
        assertArrayEquals(new String[] {"0.250000", "0.750000"}, Text.column(new double[] {0.25, 0.75}));
        assertArrayEquals(new String[] {"1.00000e-05", "2.00000e-04"}, Text.column(new double[] {1e-5, 2e-4}));
        assertArrayEquals(new String[] {"0.0", "0.0"}, Text.column(new double[] {0, 0}));
    }

    @Test
    void tablesAlignTheFirstColumnLeftAndTheOthersRight() {
        List<String> lines = Text.table(List.of(new String[] {"component", "weight"}, new String[] {"1", "0.5"}));
        assertEquals(List.of("component  weight", "1             0.5"), lines);
    }
}
