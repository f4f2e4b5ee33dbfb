package org.gmmseg.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.io.ModelFormatException;
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

    @Test
    void malformedCandidatesNameTheirPosition() throws Exception {
        var m = new ObjectMapper();
        String candidate = "{\"components\":2,\"covarianceType\":\"full\",\"status\":\"ok\",\"bic\":1.5}";
        String e = assertThrows(IllegalArgumentException.class, () -> SelectionTable.fromJson(m.readTree(
                "{\"criterion\":\"bic\",\"chosen\":0,\"candidates\":[" + candidate + ","
                        + candidate.replace("1.5", "\"abc\"") + "]}"))).getMessage();
        assertEquals("'selection.candidates[1].bic' is 'abc', expected a number or null", e);
        e = assertThrows(IllegalArgumentException.class, () -> SelectionTable.fromJson(m.readTree(
                "{\"criterion\":\"bic\",\"chosen\":0,\"candidates\":[" + candidate.replace("\"ok\"", "\"done\"")
                        + "]}"))).getMessage();
        assertTrue(e.startsWith("'selection.candidates[0].status' is 'done'"), e);
        e = assertThrows(IllegalArgumentException.class, () -> SelectionTable.fromJson(m.readTree(
                "{\"criterion\":\"bic\",\"chosen\":0,\"candidates\":[" + candidate.replace("\"ok\"", "\"failed\"")
                        + "]}"))).getMessage();
        assertTrue(e.contains("'selection.chosen' is candidate 0, whose status is 'failed'"), e);
        e = assertThrows(IllegalArgumentException.class, () -> SelectionTable.fromJson(m.readTree(
                "{\"criterion\":\"bic\",\"candidates\":[" + candidate + "]}"))).getMessage();
        assertEquals("'selection.chosen' is missing, expected an integer", e);
    }

    @Test
    void fromDocumentChecksTheChosenCandidateAgainstTheModel() throws Exception {
        double[][] rows = new double[60][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {(i % 3) * 10 + (i % 7) * 0.1, (i % 5) * 0.1};
        }
        SelectionResult r = ModelSelection.select(Samples.of(rows), SelectionOptions.of(List.of(1, 2, 3)));
        SelectionTable t = SelectionTable.of(r);
        ModelFile.Document doc = new ModelFile.Document(r.model(), null, Map.of(SelectionTable.KEY, t.toJson()));
        assertEquals(t.chosen(), SelectionTable.fromDocument(doc, "m.json").chosen());
        assertNull(SelectionTable.fromDocument(new ModelFile.Document(r.model(), null), "m.json"));

        GaussianMixture other = r.candidate(1, CovarianceType.FULL).orElseThrow().model();
        ModelFile.Document wrong = new ModelFile.Document(other, null, Map.of(SelectionTable.KEY, t.toJson()));
        String e = assertThrows(ModelFormatException.class, () -> SelectionTable.fromDocument(wrong, "m.json"))
                .getMessage();
        assertEquals("m.json: 'selection.chosen' is K=" + t.chosenRow().components() + " full but the model has K=1 full",
                e);
        ModelFile.Document broken = new ModelFile.Document(r.model(), null,
                Map.of(SelectionTable.KEY, t.toJson().put("criterion", "xyz")));
        e = assertThrows(ModelFormatException.class, () -> SelectionTable.fromDocument(broken, "m.json")).getMessage();
        assertTrue(e.startsWith("m.json: 'selection.criterion': unknown criterion 'xyz'"), e);
    }
}
