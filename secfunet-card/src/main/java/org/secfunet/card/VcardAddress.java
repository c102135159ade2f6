package org.secfunet.card;

import java.nio.file.Path;
import org.secfunet.pcsc.ReaderAddress;

/** {@code vcard:FILE}: the software card of a store file, run in this process. */
public record VcardAddress(Path store) implements ReaderAddress {
    public static final String SCHEME = "vcard";
    static final String PREFIX = SCHEME + ":";
    static final String SYNTAX = PREFIX + "FILE";

    @Override
    public String text() {
        return PREFIX + store;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public VcardAddress resolveAgainst(Path base) {
        return new VcardAddress(base.resolve(store).normalize());
    }

    /** The address {@code s} names if it is {@code vcard:...} (any case), else null. */
    static VcardAddress parseOrNull(String s) {
        if (!s.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String file = s.substring(PREFIX.length());
        if (file.isBlank()) {
            throw new IllegalArgumentException("reader address '" + s + "' names no card store file (" + SYNTAX + ")");
        }
        return new VcardAddress(Path.of(file));
    }
}
