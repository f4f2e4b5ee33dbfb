package org.gmmseg.cli;

import org.gmmseg.segmentation.Mrf;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --mrf BETA|auto} of segment and apply, read into an {@link Mrf}. */
final class MrfOption {
    private MrfOption() {
    }

    /**
     * @param value the option's value, or null when it was not given ({@link Mrf#NONE})
     * @throws ParameterException (a usage error) naming the value and the range
     */
    static Mrf parse(CommandSpec spec, String value) {
        if (value == null) {
            return Mrf.NONE;
        }
        try {
            return Mrf.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
