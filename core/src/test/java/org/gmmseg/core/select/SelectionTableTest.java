package org.gmmseg.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;

class SelectionTableTest {
    @Test
    void roundTripsThroughJsonWithSkippedCandidates() throws Exception {
        double[][] rows = new double[40][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i % 4, (i % 4) * 2};
        }
        SelectionResult r = ModelSelection.select(Samples.of(rows), SelectionOptions.of(List.of(1, 2, 5))
                .withCovarianceTypes(List.of(CovarianceType.FULL, CovarianceType.SPHERICAL)).withFit(FitOptions.of(1)));
        SelectionTable t = SelectionTable.of(r);
        assertEquals(6, t.rows().size());
        assertEquals("skipped", t.rows().get(4).status());
        String json = new ObjectMapper().writeValueAsString(t.toJson());
        SelectionTable back = SelectionTable.fromJson(new ObjectMapper().readTree(json));
        assertEquals(t.chosen(), back.chosen());
        assertEquals(t.criterion(), back.criterion());
        for (int i = 0; i < t.rows().size(); i++) {
            SelectionTable.Row a = t.rows().get(i);
            SelectionTable.Row b = back.rows().get(i);
            assertEquals(a.status(), b.status());
            assertEquals(a.bic(), b.bic(), 0);
            assertEquals(a.icl(), b.icl(), 0);
            assertEquals(a.note(), b.note());
        }
        assertEquals(r.chosen().bic(), back.chosenRow().bic(), 0);
        assertTrue(Double.isNaN(back.rows().get(4).bic()));
    }

    @Test
    void malformedBlocksNameTheKey() throws Exception {
        var m = new ObjectMapper();
        String e = assertThrows(IllegalArgumentException.class,
                () -> SelectionTable.fromJson(m.readTree("{\"criterion\":\"bic\",\"chosen\":0}"))).getMessage();
        assertTrue(e.contains("candidates"), e);
        e = assertThrows(IllegalArgumentException.class, () -> SelectionTable.fromJson(m.readTree(
                "{\"criterion\":\"bic\",\"chosen\":3,\"candidates\":[{\"components\":2,\"covarianceType\":\"full\",\"status\":\"ok\"}]}")))
                .getMessage();
        assertTrue(e.contains("chosen"), e);
    }
}
