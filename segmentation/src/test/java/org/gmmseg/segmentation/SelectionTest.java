package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.SelectionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model selection through the facade: options, the chosen model, its table, and the model file. */
class SelectionTest {

    /** Three vertical bands of clearly different colours with Gaussian noise (sd 0.02). */
    static ArrayImg<FloatType, FloatArray> threeColours(int w, int h, long seed) {
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, 3);
        RandomAccess<FloatType> ra = img.randomAccess();
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] colours = {{0.1, 0.1, 0.2}, {0.8, 0.2, 0.2}, {0.9, 0.9, 0.85}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double g = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                    ra.setPositionAndGet(x, y, c).set((float) (colours[x * 3 / w][c] + 0.02 * g));
                }
            }
        }
        return img;
    }

    @Test
    void optionsWithSeveralCandidatesSelect() {
        SegmentationOptions plain = SegmentationOptions.of(3);
        assertFalse(plain.selecting());
        assertEquals(List.of(3), plain.candidateComponents());
        assertFalse(plain.withComponents("4").selecting());
        assertEquals(4, plain.withComponents("4").fit().components());

        SegmentationOptions o = plain.withComponents("2..5").withCovariances("full,diag").withCriterion("icl")
                .withSeed(5);
        assertTrue(o.selecting());
        assertEquals(5, o.maxComponents());
        assertEquals(List.of(2, 3, 4, 5), o.selection().components());
        assertEquals(List.of(CovarianceType.FULL, CovarianceType.DIAG), o.selection().covarianceTypes());
        assertEquals(Criterion.ICL, o.selection().criterion());
        assertEquals(5, o.selection().fit().seed(), "the seed is kept for every candidate");
        // a covariance list alone is a choice too; one K given through FitOptions replaces the range
        assertTrue(plain.withCovariances("all").selecting());
        SegmentationOptions single = o.withFit(o.fit().withComponents(6));
        assertEquals(List.of(6), single.candidateComponents());
        assertEquals(List.of(CovarianceType.FULL, CovarianceType.DIAG), single.candidateCovarianceTypes());
        assertThrows(IllegalArgumentException.class, () -> plain.withComponents("5..2"));
        assertThrows(IllegalArgumentException.class, () -> plain.withCriterion("best"));
    }

    @Test
    void fitChoosesKAndTheModelCarriesTheTableThroughItsFile(@TempDir Path dir) throws Exception {
        var img = threeColours(60, 30, 1);
        SegmentationOptions options = SegmentationOptions.of(3).withComponents("1..5").withCovariances("full,diag")
                .withSeed(1).withThreads(2);
        SegmentationModel model = GmmSegmentation.fit(img, options);
        assertEquals(3, model.components());
        SelectionTable table = model.selection();
        assertNotNull(table);
        assertEquals(Criterion.BIC, table.criterion());
        assertEquals(10, table.rows().size());
        SelectionTable.Row chosen = table.chosenRow();
        assertEquals(3, chosen.components());
        assertEquals(model.mixture().covarianceType(), chosen.covarianceType());
        assertEquals(model.fit().bic(), chosen.bic(), 0);
        for (SelectionTable.Row r : table.rows()) {
            assertTrue(r.bic() >= chosen.bic(), r.toString());
        }

        // the candidate's plain fit is the same model
        SegmentationModel plain = GmmSegmentation.fit(img, options.withComponents(3)
                .withCovariance(chosen.covarianceType().id()));
        assertNull(plain.selection());
        assertEquals(plain.mixture(), model.mixture());
        assertEquals(plain.fit().bic(), chosen.bic(), 0);

        Path file = dir.resolve("m.json");
        GmmSegmentation.save(model, file.toString());
        assertTrue(Files.readString(file).contains("\"selection\""));
        SegmentationModel back = GmmSegmentation.load(file.toString());
        assertEquals(table.chosen(), back.selection().chosen());
        assertEquals(table.rows().get(4).bic(), back.selection().rows().get(4).bic(), 0);

        Path broken = Files.writeString(dir.resolve("broken.json"),
                Files.readString(file).replace("\"criterion\": \"bic\"", "\"criterion\": 3"));
        String e = assertThrows(ModelFormatException.class, () -> SegmentationModel.load(broken)).getMessage();
        assertEquals("broken.json: 'selection.criterion' is 3, expected text", e);
    }

    @Test
    void aRangeAboveTheDistinctColoursStopsThere() {
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(20, 10);
        RandomAccess<FloatType> ra = img.randomAccess();
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                ra.setPositionAndGet(x, y).set(x < 10 ? 0.2f : 0.7f);
            }
        }
        SegmentationModel model = GmmSegmentation.fit(img, SegmentationOptions.of(1).withComponents("1..4"));
        assertEquals(2, model.components());
        assertEquals(List.of("ok", "ok", "skipped", "skipped"),
                model.selection().rows().stream().map(SelectionTable.Row::status).toList());
        assertTrue(model.selection().notes().contains("K=3 skipped: only 2 distinct samples"),
                model.selection().notes()::toString);
    }

    @Test
    void batchSegmenterChoosesPerImage() {
        var a = threeColours(30, 12, 2);
        BatchSegmenter segmenter = new BatchSegmenter(SegmentationOptions.of(2).withComponents("2..4").withSeed(1));
        List<SegmentationModel> models = segmenter.segment(List.of(a), null, i -> ArrayImgs.unsignedBytes(30, 12), null);
        assertEquals(3, models.get(0).components());
        assertNotNull(models.get(0).selection());
    }
}
