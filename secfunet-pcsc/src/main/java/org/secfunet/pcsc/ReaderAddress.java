package org.secfunet.pcsc;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One syntax for every place a card can be: a PC/SC reader by index ({@code 0}) or name
 * ({@code "VPCD0 00 00"}), an in-process software card ({@code vcard:FILE}), or a card of a RACS
 * grid ({@code racs://host:port/SEID}).
 */
public sealed interface ReaderAddress {

    /** The text form, as a user would type it. */
    String text();

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

    record VirtualCard(Path store) implements ReaderAddress {
        public String text() {
            return "vcard:" + store;
        }
    }

    record Racs(String host, int port, String seid) implements ReaderAddress {
        public String text() {
            return "racs://" + host + ":" + port + "/" + seid;
        }
    }

    /** Parses a reader address; the message of the exception says what is wrong. */
    static ReaderAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("reader address is empty (give a PC/SC index or name, vcard:FILE or racs://host:port/SEID)");
        }
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("vcard:")) {
            String file = s.substring("vcard:".length());
            if (file.isBlank()) {
                throw new IllegalArgumentException("reader address '" + s + "' names no card store file (vcard:FILE)");
            }
            return new VirtualCard(Path.of(file));
        }
        if (lower.startsWith("racs://")) {
            return parseRacs(s);
        }
        if (s.chars().allMatch(Character::isDigit)) {
            if (s.length() > 4) {
                throw new IllegalArgumentException("reader index '" + s + "' is too large");
            }
            return new PcscIndex(Integer.parseInt(s));
        }
        return new PcscName(s);
    }

    private static Racs parseRacs(String s) {
        String rest = s.substring("racs://".length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("RACS address '" + s + "' has no SEID (racs://host:port/SEID)");
        }
        String hostPort = rest.substring(0, slash);
        String seid = rest.substring(slash + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || hostPort.endsWith("]") ) {
            throw new IllegalArgumentException("RACS address '" + s + "' has no port (racs://host:port/SEID)");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RACS address '" + s + "' has a port that is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("RACS address '" + s + "' has port " + port + " outside 1..65535");
        }
        return new Racs(host, port, seid);
    }
}
