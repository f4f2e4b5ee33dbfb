package org.gmmseg.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Mixtures;
import org.junit.jupiter.api.Test;

class SelectionOptionsTest {

    private static String parseError(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SelectionOptions.parseComponents(text)).getMessage();
    }

    @Test
    void componentsParseRangesSingleValuesAndLists() {
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), SelectionOptions.parseComponents("2..10"));
        assertEquals(List.of(3), SelectionOptions.parseComponents("3"));
        assertEquals(List.of(2, 4, 8), SelectionOptions.parseComponents("2,4,8"));
        assertEquals(List.of(1, 2, 3, 8), SelectionOptions.parseComponents(" 1 .. 3 , 8 "));
        assertEquals(List.of(5, 2), SelectionOptions.parseComponents("5,2"), "order as written");
        assertEquals(List.of(4), SelectionOptions.parseComponents("4..4"));
    }

    @Test
    void componentErrorsNameTheProblem() {
        String m = parseError("5..2");
        assertTrue(m.contains("empty range '5..2'") && m.contains("upper end"), m);
        m = parseError("0..3");
        assertTrue(m.contains("at least 1, got 0"), m);
        m = parseError("a");
        assertTrue(m.contains("'a'") && m.contains("not a number of components") && m.contains("2..10"), m);
        assertTrue(parseError("2..").contains("not a number"));
        assertTrue(parseError("2,,3").contains("not a number"));
        assertTrue(parseError("").contains("no numbers of components"));
        assertTrue(parseError("-1").contains("at least 1"));
        assertTrue(parseError("2..4,3").contains("K=3 appears twice"));
        assertTrue(parseError("1..2000000000").contains("more than 1000"));
        assertTrue(parseError("99999999999").contains("not a number"));
    }

    @Test
    void covarianceTypesParse() {
        assertEquals(List.of(CovarianceType.FULL, CovarianceType.DIAG), SelectionOptions.parseCovarianceTypes("full,diag"));
        assertEquals(List.of(CovarianceType.values()), SelectionOptions.parseCovarianceTypes("ALL"));
        String m = assertThrows(IllegalArgumentException.class,
                () -> SelectionOptions.parseCovarianceTypes("full,round")).getMessage();
        assertTrue(m.contains("'round'") && m.contains("spherical"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> SelectionOptions.parseCovarianceTypes("diag, diag")).getMessage();
        assertTrue(m.contains("twice"), m);
    }

    @Test
    void criterionParses() {
        assertEquals(Criterion.ICL, Criterion.parse(" ICL "));
        assertEquals("bic", Criterion.BIC.id());
        String m = assertThrows(IllegalArgumentException.class, () -> Criterion.parse("mdl")).getMessage();
        assertTrue(m.contains("bic, icl, aic"), m);
    }

    @Test
    void defaultsAndValidation() {
        SelectionOptions o = SelectionOptions.of(List.of(1, 2, 3));
        assertEquals(List.of(CovarianceType.FULL), o.covarianceTypes());
        assertEquals(Criterion.BIC, o.criterion());
        assertEquals(3, o.maxRegCovarRetries());
        assertEquals(10, o.regCovarGrowth());
        assertEquals(6, o.withCovarianceTypes(List.of(CovarianceType.FULL, CovarianceType.DIAG)).gridSize());

        assertThrows(GmmException.class, () -> SelectionOptions.of(List.of()));
        assertThrows(GmmException.class, () -> SelectionOptions.of(List.of(0, 1)));
        assertTrue(assertThrows(GmmException.class, () -> SelectionOptions.of(List.of(2, 2))).getMessage()
                .contains("K=2 appears twice"));
        assertThrows(GmmException.class, () -> o.withCovarianceTypes(List.of()));
        assertThrows(GmmException.class, () -> o.withCovarianceTypes(List.of(CovarianceType.DIAG, CovarianceType.DIAG)));
        assertThrows(GmmException.class, () -> o.withMaxRegCovarRetries(-1));
        assertThrows(GmmException.class, () -> o.withRegCovarGrowth(1));
        assertThrows(GmmException.class, () -> o.withRegCovarGrowth(Double.NaN));
        String m = assertThrows(GmmException.class,
                () -> o.withFit(FitOptions.warmStart(Mixtures.threeBlobs()))).getMessage();
        assertTrue(m.contains("warm-start"), m);
    }
}
