package org.secfunet.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.secfunet.service.SecretSpec;

/**
 * A secret given on the command line, in openssl's habits: the forms of {@link SecretSpec}
 * ({@code pass:TEXT}, {@code env:VAR}, {@code file:PATH}) plus {@code stdin}; with none given, a
 * no-echo prompt on the console. Errors name the option, never the value given.
 */
final class SecretSource {
    static final String STDIN = "stdin";
    static final String FORMS = "pass:TEXT, env:VAR, file:PATH or stdin";

    private SecretSource() {
    }

    /**
     * The secret of {@code option} ({@code spec}, null when the option is absent); {@code prompt}
     * (e.g. "Card PIN: ") asks for it on the console and names it in errors.
     */
    static char[] read(String spec, String option, String prompt) {
        String what = prompt.replaceAll(":\\s*$", "");
        if (spec == null) {
            Console console = System.console();
            if (console == null) {
                throw new UserException("no " + what + " given and no console to ask for one (use " + option + " " + FORMS + ")", Errors.USAGE);
            }
            char[] secret = console.readPassword("%s", prompt);
            if (secret == null) {
                throw new UserException("no " + what + " entered");
            }
            return secret;
        }
        if (spec.equals(STDIN)) {
            return fromStdin();
        }
        if (!SecretSpec.isSpec(spec)) {
            throw new UserException("unknown secret source for " + option + " (" + what + "): use " + FORMS, Errors.USAGE);
        }
        try {
            return new SecretSpec(spec, Path.of("")).read();
        } catch (IllegalStateException e) {
            throw new UserException(option + ": " + e.getMessage(), Errors.USAGE);
        }
    }

    /**
     * One line of at most {@link SecretSpec#MAX_SECRET} bytes, read byte by byte so that nothing
     * after it (the data s_scard sends on) is consumed.
     */
    private static char[] fromStdin() {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int c; (c = System.in.read()) >= 0 && c != '\n'; ) {
                if (line.size() >= SecretSpec.MAX_SECRET) {
                    throw new UserException("the secret read from stdin is longer than " + SecretSpec.MAX_SECRET + " bytes", Errors.USAGE);
                }
                if (c != '\r') {
                    line.write(c);
                }
            }
            byte[] raw = line.toByteArray();
            CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw));
            char[] secret = new char[decoded.remaining()];
            decoded.get(secret);
            Arrays.fill(raw, (byte) 0);
            return secret;
        } catch (IOException e) {
            throw new UserException("cannot read the secret from stdin: " + e.getMessage());
        }
    }
}
