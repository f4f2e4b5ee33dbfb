package org.gmmseg.cli.options;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import picocli.CommandLine.ITypeConverter;

/**
 * Converts an argument to a path without ever failing the command. The JVM decodes arguments and
 * encodes file names with the locale's charset ({@code sun.jnu.encoding}); under {@code LANG=C}
 * that is ASCII, and {@code héllo.png} cannot become a path at all (picocli would stop the whole
 * batch with a usage error). Such an argument becomes a path with '?' for every character the
 * charset cannot represent, so that an INPUT alone fails ("no such file", with a hint about the
 * locale) and the others are processed. (An output path so given names another file, with '?';
 * the launcher's UTF-8 locale avoids both.) Registered for every path of gmmseg's command line;
 * stateless.
 */
public final class InputPathConverter implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            CharsetEncoder encoder = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder();
            StringBuilder representable = new StringBuilder(value.length());
            value.codePoints().forEach(c -> representable.append(
                    c != 0 && c != 0xFFFD && encoder.canEncode(new String(Character.toChars(c))) ? Character.toString(c) : "?"));
            return Path.of(representable.toString());
        }
    }
}
