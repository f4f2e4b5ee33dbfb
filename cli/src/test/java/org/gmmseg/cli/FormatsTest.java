package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void numbersKeepSevenSignificantDigitsWithoutTrailingZeros() {
        assertEquals("0", Formats.number(0));
        assertEquals("600", Formats.number(600));
        assertEquals("-3.453671", Formats.number(-3.45367123));
        assertEquals("4253.153", Formats.number(4253.15349));
        assertEquals("1.234568e+09", Formats.number(1234567890));
        assertEquals("1.000000e-06", Formats.number(1e-6));
    }

    @Test
    void aColumnSharesOneFormat() {
        assertArrayEquals(new String[] {"0.0911", "-9.9857", "10.0980"}, Formats.column(new double[] {0.09109, -9.98574, 10.098}));
        assertArrayEquals(new String[] {"0.250000", "0.750000"}, Formats.column(new double[] {0.25, 0.75}));
        assertArrayEquals(new String[] {"1.00000e-05", "2.00000e-04"}, Formats.column(new double[] {1e-5, 2e-4}));
        assertArrayEquals(new String[] {"0.0", "0.0"}, Formats.column(new double[] {0, 0}));
    }

    @Test
    void tablesAlignTheFirstColumnLeftAndTheOthersRight() {
        List<String> lines = Formats.table(List.of(new String[] {"component", "weight"}, new String[] {"1", "0.5"}));
        assertEquals(List.of("component  weight", "1             0.5"), lines);
    }
}
