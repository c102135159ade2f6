package org.secfunet.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an operator-held secret (a card PIN, the metrics token, a RADIUS shared secret) comes
 * from: {@code env:NAME}, {@code file:PATH} (first line; relative to {@code base}) or
 * {@code pass:VALUE} (visible in the config or process list: for tests). The one parser of these
 * forms and the one size cap; a command line adds {@code stdin} and a console prompt on top of it.
 * Never printed: no message repeats the spec of a rejected source or a secret.
 */
public record SecretSpec(String spec, Path base) {
    /** The longest secret, in characters, from any source. */
    public static final int MAX_SECRET = 256;
    /** The largest file a {@code file:} secret is read from. */
    static final int MAX_FILE = 4096;
    /** The forms, for messages. */
    public static final String FORMS = "env:NAME, file:PATH or pass:VALUE";

    private static final String ENV = "env:";
    private static final String FILE = "file:";
    private static final String PASS = "pass:";

    public SecretSpec {
        if (!isSpec(spec)) {
            throw new IllegalArgumentException("a secret source must be " + FORMS);
        }
    }

    /** Whether {@code text} is of one of the forms (without reading anything). */
    public static boolean isSpec(String text) {
        return text != null && (text.startsWith(ENV) || text.startsWith(FILE) || text.startsWith(PASS));
    }

    /** The secret; a missing variable, unreadable file, or an empty or too long secret is an {@link IllegalStateException}. */
    public char[] read() {
        String v;
        if (spec.startsWith(ENV)) {
            v = System.getenv(spec.substring(ENV.length()));
            if (v == null) {
                throw new IllegalStateException("the environment variable " + spec.substring(ENV.length()) + " is not set");
            }
        } else if (spec.startsWith(FILE)) {
            Path p = base.resolve(spec.substring(FILE.length()));
            try {
                if (Files.size(p) > MAX_FILE) {
                    throw new IllegalStateException("the secret file " + p + " is larger than " + MAX_FILE + " bytes");
                }
                v = Files.readString(p, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the secret file " + p + ": " + e.getMessage());
            }
        } else {
            v = spec.substring(PASS.length());
        }
        return checked(v.toCharArray(), spec.substring(0, spec.indexOf(':') + 1));
    }

    /** {@code secret} if it is 1..MAX_SECRET characters; {@code from} names the source in the error. */
    public static char[] checked(char[] secret, String from) {
        if (secret.length == 0 || secret.length > MAX_SECRET) {
            java.util.Arrays.fill(secret, '\0');
            throw new IllegalStateException("the secret from " + from + " is empty or longer than " + MAX_SECRET + " characters");
        }
        return secret;
    }

    @Override
    public String toString() {
        return spec.startsWith(PASS) ? "pass:***" : spec;
    }
}
