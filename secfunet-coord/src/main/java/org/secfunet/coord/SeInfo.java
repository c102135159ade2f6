package org.secfunet.coord;

import java.util.List;

/**
 * A registered secure element under {@code /se/<seid>}: the RACS server it is on, its kind
 * (e.g. {@code vcard}, {@code pcsc}), its ATR (hex, may be empty), the AIDs of its applets (hex)
 * and its health. Nothing secret.
 */
public record SeInfo(String seid, String server, String kind, String atrHex, List<String> aids, SeHealth health) {
    public SeInfo {
        Znodes.checkId("SEID", seid);
        Znodes.checkId("server name", server);
        if (kind == null || !kind.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("SE " + seid + ": kind '" + kind + "' must be 1-32 letters, digits, '_', '.' or '-'");
        }
        atrHex = atrHex == null ? "" : atrHex.toUpperCase(java.util.Locale.ROOT);
        if (!atrHex.matches("([0-9A-F]{2}){0,33}")) {
            throw new IllegalArgumentException("SE " + seid + ": the ATR must be at most 33 bytes of hex");
        }
        aids = aids == null ? List.of() : List.copyOf(aids);
        if (aids.size() > 64) {
            throw new IllegalArgumentException("SE " + seid + ": at most 64 applet AIDs");
        }
        for (String a : aids) {
            if (a == null || !a.matches("([0-9A-Fa-f]{2}){5,16}")) {
                throw new IllegalArgumentException("SE " + seid + ": applet AID '" + a + "' must be 5-16 bytes of hex");
            }
        }
        health = health == null ? SeHealth.OK : health;
    }

    /** The same SE with another health. */
    public SeInfo withHealth(SeHealth h) {
        return new SeInfo(seid, server, kind, atrHex, aids, h);
    }
}
