package org.gmmseg.cli;

import org.gmmseg.cli.options.VerboseOption;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The top command {@code gmmseg}. It does nothing itself: without a subcommand picocli reports
 * "Missing required subcommand" as a usage error. Its subcommands are registered by
 * {@link CommandLines}.
 */
@Command(name = "gmmseg",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Fit Gaussian mixture models by EM and use them to segment images.",
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 some inputs failed, 4 the fit failed or an output "
                + "could not be written."})
public final class GmmSegCommand {
    @Mixin
    VerboseOption verbose;
}
