package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an operator-held card PIN comes from: {@code env:NAME}, {@code file:PATH} (first line) or
 * {@code pass:PIN} (visible in the config: for tests). Never printed.
 */
public record PinSpec(String spec, Path base) {
    static final int MAX_PIN = 64;

    public PinSpec {
        if (!spec.startsWith("env:") && !spec.startsWith("file:") && !spec.startsWith("pass:")) {
            throw new IllegalArgumentException("a PIN source must be env:NAME, file:PATH or pass:PIN");
        }
    }

    public char[] read() {
        String v;
        if (spec.startsWith("env:")) {
            v = System.getenv(spec.substring(4));
            if (v == null) {
                throw new IllegalStateException("the PIN variable " + spec.substring(4) + " is not set");
            }
        } else if (spec.startsWith("file:")) {
            Path p = base.resolve(spec.substring(5));
            try {
                if (Files.size(p) > 1024) {
                    throw new IllegalStateException("the PIN file " + p + " is larger than 1024 bytes");
                }
                v = Files.readString(p, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the PIN file " + p + ": " + e.getMessage());
            }
        } else {
            v = spec.substring(5);
        }
        if (v.isEmpty() || v.length() > MAX_PIN) {
            throw new IllegalStateException("the PIN from " + spec.substring(0, spec.indexOf(':')) + ": is empty or too long");
        }
        return v.toCharArray();
    }

    @Override
    public String toString() {
        return spec.startsWith("pass:") ? "pass:***" : spec;
    }
}
