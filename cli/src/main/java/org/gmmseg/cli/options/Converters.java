package org.gmmseg.cli.options;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.segmentation.io.MaskFormat;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters and completion candidates for the core's named choices, so that a bad value
 * is a usage error listing the accepted names (core's {@code parse} messages).
 */
public final class Converters {
    private Converters() {
    }

    public static final class CovarianceTypeConverter implements ITypeConverter<CovarianceType> {
        @Override
        public CovarianceType convert(String value) {
            try {
                return CovarianceType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class InitializationConverter implements ITypeConverter<Initialization> {
        @Override
        public Initialization convert(String value) {
            try {
                return Initialization.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class CriterionConverter implements ITypeConverter<Criterion> {
        @Override
        public Criterion convert(String value) {
            try {
                return Criterion.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The ids of {@link Criterion}, for {@code ${COMPLETION-CANDIDATES}} in help. */
    public static final class CriterionIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Criterion.values()).map(Criterion::id).iterator();
        }
    }

    /** {@code png} or {@code tif} (also {@code tiff}), in any case. */
    public static final class MaskFormatConverter implements ITypeConverter<MaskFormat> {
        @Override
        public MaskFormat convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("tiff")) {
                return MaskFormat.TIF;
            }
            for (MaskFormat format : MaskFormat.values()) {
                if (format.extension().equals(v)) {
                    return format;
                }
            }
            throw new TypeConversionException("unknown mask format '" + value + "' (expected png or tif)");
        }
    }

    /** The ids of {@link CovarianceType}, for {@code ${COMPLETION-CANDIDATES}} in help. */
    public static final class CovarianceTypeIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(CovarianceType.values()).map(CovarianceType::id).iterator();
        }
    }

    /** The ids of {@link Initialization}, for {@code ${COMPLETION-CANDIDATES}} in help. */
    public static final class InitializationIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Initialization.values()).map(Initialization::id).iterator();
        }
    }
}
