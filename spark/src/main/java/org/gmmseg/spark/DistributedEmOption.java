package org.gmmseg.spark;

import picocli.CommandLine.Option;

/** {@code --distributed-em}, for the commands that fit ({@code segment}, {@code fit}). */
public final class DistributedEmOption {
    @Option(names = "--distributed-em",
            description = "Run every EM pass of a pooled fit (--shared-model, fit) on the executors: each holds whole "
                    + "chunks of the samples and returns their sums, which are merged in chunk order, so the model "
                    + "is the one a single machine fits.")
    boolean distributedEm;

    public boolean given() {
        return distributedEm;
    }
}
