package org.gmmseg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gmmseg.segmentation.plot.CriterionPlot;
import org.gmmseg.core.select.SelectionTable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A model selection for people: the table of candidates that {@code fit} and {@code info} print,
 * the one-line choice, and the criterion plot's file name check. Stateless.
 */
final class SelectionReport {
    /** Marks the chosen candidate in the first column of the table. */
    static final String CHOSEN = "*";

    private SelectionReport() {
    }

    /**
     * "K=3 full, lowest bic of 12 candidates"; when some were skipped or failed, the count is of the
     * fitted ones: "K=3 full, lowest bic of 2 fitted candidates (3 of 5 not fitted)".
     */
    static String choice(SelectionTable table) {
        SelectionTable.Row chosen = table.chosenRow();
        int n = table.rows().size();
        int fitted = (int) table.rows().stream().filter(SelectionTable.Row::ok).count();
        String choice = "K=" + chosen.components() + " " + chosen.covarianceType() + ", lowest " + table.criterion()
                + " of " + fitted;
        if (fitted == n) {
            return choice + " candidate" + (n == 1 ? "" : "s");
        }
        return choice + " fitted candidate" + (fitted == 1 ? "" : "s") + " (" + (n - fitted) + " of " + n + " not fitted)";
    }

    /**
     * The table of candidates, in grid order, with a header; the chosen row starts with
     * {@value #CHOSEN}. Numbers of candidates that were not fitted show as "-". Each number column
     * has one format, so that values line up.
     */
    static List<String> table(SelectionTable table) {
        List<SelectionTable.Row> rows = table.rows();
        int n = rows.size();
        double[] ll = new double[n];
        double[] bic = new double[n];
        double[] aic = new double[n];
        double[] icl = new double[n];
        for (int i = 0; i < n; i++) {
            SelectionTable.Row r = rows.get(i);
            ll[i] = r.logLikelihood();
            bic[i] = r.bic();
            aic[i] = r.aic();
            icl[i] = r.icl();
        }
        String[] llColumn = column(ll);
        String[] bicColumn = column(bic);
        String[] aicColumn = column(aic);
        String[] iclColumn = column(icl);
        List<String[]> lines = new ArrayList<>(n + 1);
        lines.add(new String[] {"", "K", "covariance", "status", "log-likelihood", "bic", "aic", "icl", "iterations",
            "note"});
        for (int i = 0; i < n; i++) {
            SelectionTable.Row r = rows.get(i);
            lines.add(new String[] {i == table.chosen() ? CHOSEN : "", Integer.toString(r.components()),
                r.covarianceType().id(), r.status(), llColumn[i], bicColumn[i], aicColumn[i], iclColumn[i],
                r.ok() ? Integer.toString(r.iterations()) : "-", note(r)});
        }
        return Formats.table(lines, "LRLLRRRRRL");
    }

    /** The columns of {@link Formats#column}, with "-" for values that are not finite (not fitted). */
    private static String[] column(double[] values) {
        String[] out = Formats.column(values);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                out[i] = "-";
            }
        }
        return out;
    }

    /** The candidate's note without the "K=3 full" it starts with, which the row already shows. */
    static String note(SelectionTable.Row r) {
        String note = r.note();
        String label = "K=" + r.components() + " " + r.covarianceType().id();
        if (note.startsWith(label + ": ")) {
            return note.substring(label.length() + 2);
        }
        if (note.startsWith(label + " ")) {
            return note.substring(label.length() + 1);
        }
        String k = "K=" + r.components() + " ";
        return note.startsWith(k) ? note.substring(k.length()) : note;
    }

    /**
     * Refuses a plot file that is neither .svg nor .png before any work is done.
     *
     * @param option the option, for the message
     */
    static void checkPlotFile(CommandSpec spec, String option, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new ParameterException(spec.commandLine(), option + " " + file
                    + ": the plot is written as SVG or PNG, so the file name must end in .svg or .png");
        }
    }

    /** Writes the criterion plot. */
    static void plot(Path file, SelectionTable table) throws IOException {
        CriterionPlot.write(file, table);
    }
}
