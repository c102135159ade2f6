package org.secfunet.grid.racs.client;

import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.service.HostPort;

/** {@code racs://host:port/SEID}: a card of a RACS grid (docs/racs.md). IPv6 hosts in brackets. */
public record RacsAddress(String host, int port, String seid) implements ReaderAddress {
    public static final String SCHEME = "racs";
    static final String PREFIX = SCHEME + "://";
    static final String SYNTAX = PREFIX + "host:port/SEID";

    @Override
    public String text() {
        return PREFIX + new HostPort(host, port) + "/" + seid;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** The address {@code s} names if it is {@code racs://...} (any case), else null. */
    static RacsAddress parseOrNull(String s) {
        if (!s.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String rest = s.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("RACS address '" + HostPort.printable(s) + "' has no SEID (" + SYNTAX + ")");
        }
        HostPort hp = HostPort.parseIn(rest.substring(0, slash), "RACS address '" + HostPort.printable(s) + "'", SYNTAX);
        return new RacsAddress(hp.host(), hp.port(), rest.substring(slash + 1));
    }
}
