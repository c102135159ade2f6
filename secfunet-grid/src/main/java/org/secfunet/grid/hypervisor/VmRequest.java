package org.secfunet.grid.hypervisor;

import java.util.Locale;
import org.secfunet.service.HostPort;

/**
 * A VM's request to s_hypervisor, one line (codec only):
 * {@code CONNECT host:port [mode=tunnel|handoff] [card=ID] [sni=NAME] [tls=1.2|1.3]}, optionally
 * preceded by {@code PIN digits} on its own line.
 */
public record VmRequest(HostPort target, HypervisorConfig.Mode mode, String card, String sni, String tls) {
    /** Longest request line. */
    public static final int MAX_LINE = 1024;
    /** A host name as the card's SNI option takes it. */
    private static final String SNI = "[A-Za-z0-9.-]{1,253}";

    public static VmRequest parse(String line) {
        String[] t = line.strip().split(" +");
        if (t.length < 2 || !t[0].equals("CONNECT")) {
            throw new IllegalArgumentException("expected 'CONNECT host:port [mode=tunnel|handoff] [card=ID] [sni=NAME] [tls=1.2|1.3]'");
        }
        HostPort target = HostPort.parse(t[1], "target");
        if (target.port() == 0) {
            throw new IllegalArgumentException("target port 0 is not a port");
        }
        HypervisorConfig.Mode mode = HypervisorConfig.Mode.TUNNEL;
        String card = null;
        String sni = null;
        String tls = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 2; i < t.length; i++) {
            int eq = t[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + HostPort.printable(t[i]) + "' is not name=value");
            }
            String k = t[i].substring(0, eq);
            String v = t[i].substring(eq + 1);
            if (!seen.add(k)) {
                throw new IllegalArgumentException("option '" + HostPort.printable(k) + "' is given twice");
            }
            switch (k) {
                case "mode" -> mode = switch (v) {
                    case "tunnel" -> HypervisorConfig.Mode.TUNNEL;
                    case "handoff" -> HypervisorConfig.Mode.HANDOFF;
                    default -> throw new IllegalArgumentException("mode must be tunnel or handoff, not '" + HostPort.printable(v) + "'");
                };
                case "card" -> {
                    if (!v.matches(HypervisorConfig.CARD_ID)) {
                        throw new IllegalArgumentException("card '" + HostPort.printable(v) + "' is not a card id (1-64 letters, digits, '_', '.' or '-')");
                    }
                    card = v;
                }
                case "sni" -> {
                    if (!v.matches(SNI)) {
                        throw new IllegalArgumentException("sni '" + HostPort.printable(v) + "' is not a host name");
                    }
                    sni = v;
                }
                case "tls" -> {
                    if (!v.equals("1.2") && !v.equals("1.3")) {
                        throw new IllegalArgumentException("tls must be 1.2 or 1.3, not '" + HostPort.printable(v) + "'");
                    }
                    tls = v;
                }
                default -> throw new IllegalArgumentException("unknown option '" + HostPort.printable(k) + "'");
            }
        }
        return new VmRequest(target, mode, card, sni, tls);
    }

    /** The card's TLS options for this session ("versions=…;sni=…"). */
    public String cardOptions() {
        StringBuilder sb = new StringBuilder();
        if (tls != null) {
            sb.append("versions=").append(tls);
        }
        if (sni != null) {
            sb.append(sb.isEmpty() ? "" : ";").append("sni=").append(sni);
        }
        return sb.toString();
    }

    public String line() {
        return "CONNECT " + target + " mode=" + mode.name().toLowerCase(Locale.ROOT) + (card == null ? "" : " card=" + card)
                + (sni == null ? "" : " sni=" + sni) + (tls == null ? "" : " tls=" + tls);
    }
}
