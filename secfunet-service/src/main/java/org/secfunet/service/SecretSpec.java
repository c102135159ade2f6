package org.secfunet.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an operator-held secret (a card PIN, the metrics token) comes from: {@code env:NAME},
 * {@code file:PATH} (first line) or {@code pass:VALUE} (visible in the config: for tests). Never
 * printed.
 */
public record SecretSpec(String spec, Path base) {
    static final int MAX_SECRET = 256;

    public SecretSpec {
        if (!spec.startsWith("env:") && !spec.startsWith("file:") && !spec.startsWith("pass:")) {
            throw new IllegalArgumentException("a secret source must be env:NAME, file:PATH or pass:VALUE");
        }
    }

    public char[] read() {
        String v;
        if (spec.startsWith("env:")) {
            v = System.getenv(spec.substring(4));
            if (v == null) {
                throw new IllegalStateException("the variable " + spec.substring(4) + " is not set");
            }
        } else if (spec.startsWith("file:")) {
            Path p = base.resolve(spec.substring(5));
            try {
                if (Files.size(p) > 1024) {
                    throw new IllegalStateException("the secret file " + p + " is larger than 1024 bytes");
                }
                v = Files.readString(p, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the secret file " + p + ": " + e.getMessage());
            }
        } else {
            v = spec.substring(5);
        }
        if (v.isEmpty() || v.length() > MAX_SECRET) {
            throw new IllegalStateException("the secret from " + spec.substring(0, spec.indexOf(':')) + ": is empty or too long");
        }
        return v.toCharArray();
    }

    @Override
    public String toString() {
        return spec.startsWith("pass:") ? "pass:***" : spec;
    }
}
