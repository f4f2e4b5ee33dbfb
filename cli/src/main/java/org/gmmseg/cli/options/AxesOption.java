package org.gmmseg.cli.options;

import org.gmmseg.segmentation.io.DeclaredAxes;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --axes}: the axes of the input files' pages, for files whose metadata does not say or says wrong. */
public final class AxesOption {
    static final String AXES = "--axes";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = AXES, paramLabel = "AXES",
            description = "The axes of every input's pages, slowest first and ending in yx, as tifffile writes them: "
                    + "zyx (pages are slices), tyx (frames), cyx (channels), tzcyx (ImageJ's order); an axis may give "
                    + "its size, e.g. c2zyx. Default: from the file (OME-XML, ImageJ's description), else slices.")
    String axes;

    /**
     * The declared axes, or null to take them from each file.
     *
     * @throws ParameterException for a malformed declaration
     */
    public DeclaredAxes declared() {
        if (axes == null) {
            return null;
        }
        try {
            return DeclaredAxes.parse(axes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), AXES + ": " + e.getMessage());
        }
    }

    /** Whether {@code --axes} was given. */
    public boolean given() {
        return axes != null;
    }
}
