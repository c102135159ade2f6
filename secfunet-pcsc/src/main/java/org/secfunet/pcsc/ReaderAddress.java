package org.secfunet.pcsc;

import java.nio.file.Path;

/**
 * One syntax for every place a card can be: a PC/SC reader by index ({@code 0}) or name
 * ({@code "VPCD0 00 00"}), or an address of a scheme that a {@link ReaderProvider} plugs in
 * (e.g. {@code vcard:FILE} for software cards, {@code racs://host:port/SEID} for a RACS grid).
 * This layer knows the PC/SC forms only; each scheme's provider parses its own addresses.
 */
public interface ReaderAddress {

    /** The text form, as a user would type it. */
    String text();

    /** The scheme of a plug-in address ({@code "vcard"}, {@code "racs"}); empty for PC/SC readers. */
    default String scheme() {
        return "";
    }

    /** This address with a relative file in it resolved against {@code base} (a config's directory). */
    default ReaderAddress resolveAgainst(Path base) {
        return this;
    }

    record PcscIndex(int index) implements ReaderAddress {
        public String text() {
            return Integer.toString(index);
        }
    }

    record PcscName(String name) implements ReaderAddress {
        public String text() {
            return name;
        }
    }

    /** {@code scheme://...} of a scheme no installed provider parses: {@link Readers} says which support is missing. */
    record Unclaimed(String scheme, String text) implements ReaderAddress {
    }

    /** Parses a reader address with the providers on the class path; the message of the exception says what is wrong. */
    static ReaderAddress parse(String text) {
        return ReaderSchemes.INSTALLED.parse(text);
    }
}
