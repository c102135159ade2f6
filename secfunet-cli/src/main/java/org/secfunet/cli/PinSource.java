package org.secfunet.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret comes from, in openssl's habits: {@code pass:TEXT}, {@code env:VAR},
 * {@code file:PATH} (first line), {@code stdin}; with none given, a no-echo prompt on the console.
 */
final class PinSource {
    private PinSource() {
    }

    static char[] read(String spec, String prompt) {
        if (spec == null) {
            Console console = System.console();
            if (console == null) {
                throw new UserException("no PIN given and no console to ask for one (use --pin pass:…, env:…, file:… or stdin)", Errors.USAGE);
            }
            char[] pin = console.readPassword("%s", prompt);
            if (pin == null) {
                throw new UserException("no PIN entered");
            }
            return pin;
        }
        if (spec.startsWith("pass:")) {
            return spec.substring(5).toCharArray();
        }
        if (spec.startsWith("env:")) {
            String v = System.getenv(spec.substring(4));
            if (v == null) {
                throw new UserException("environment variable " + spec.substring(4) + " is not set", Errors.USAGE);
            }
            return v.toCharArray();
        }
        if (spec.startsWith("file:")) {
            try {
                Path p = Path.of(spec.substring(5));
                if (Files.size(p) > 4096) {
                    throw new UserException("PIN file " + p + " is larger than 4096 bytes", Errors.USAGE);
                }
                String first = Files.readAllLines(p, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                return first.toCharArray();
            } catch (IOException e) {
                throw new UserException("cannot read PIN file: " + e.getMessage(), Errors.USAGE);
            }
        }
        if (spec.equals("stdin")) {
            try {
                // one line of at most 256 bytes, read byte by byte so that nothing after it (the data
                // s_scard sends on) is consumed
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                for (int c; (c = System.in.read()) >= 0 && c != '\n'; ) {
                    if (line.size() >= 256) {
                        throw new UserException("the PIN read from stdin is longer than 256 bytes", Errors.USAGE);
                    }
                    if (c != '\r') {
                        line.write(c);
                    }
                }
                byte[] raw = line.toByteArray();
                java.nio.CharBuffer decoded = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw));
                char[] pin = new char[decoded.remaining()];
                decoded.get(pin);
                java.util.Arrays.fill(raw, (byte) 0);
                return pin;
            } catch (IOException e) {
                throw new UserException("cannot read PIN from stdin: " + e.getMessage());
            }
        }
        throw new UserException("unknown PIN source '" + spec.replaceAll(":.*", ":…") + "' (use pass:…, env:…, file:… or stdin)", Errors.USAGE);
    }
}
