package org.gmmseg.spark;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Where gmmseg-spark runs: {@code --master}, {@code --partitions}. One instance is mixed into every
 * command (only one command runs), so it holds no command spec; values are checked while parsing.
 */
public final class SparkOptions {
    /** The master when neither {@code --master} nor spark-submit names one. */
    static final String DEFAULT_MASTER = "local[*]";

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else "
                    + DEFAULT_MASTER + ").")
    String master;

    @Option(names = "--partitions", paramLabel = "N", converter = PositiveConverter.class,
            description = "Partitions of the samples for --distributed-em (default: Spark's default parallelism); "
                    + "results do not depend on it.")
    Integer partitions;

    /** The {@code --master} given, or null. */
    public String master() {
        return master;
    }

    /** The {@code --partitions} given, or null. */
    public Integer partitions() {
        return partitions;
    }

    /** A whole number of at least 1. */
    static final class PositiveConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, got " + n);
            }
            return n;
        }
    }
}
