package org.secfunet.grid.hypervisor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * s_hypervisor's one-line answer to a VM (codec only). {@code OK key=value… subject=REST},
 * {@code BUSY retry_after_ms=N reason…}, or {@code ERR code reason…}. After {@code OK} the
 * connection carries plaintext (tunnel) or the TLS records (hand-off, the keys in {@code keys=}).
 */
public record VmReply(Kind kind, String code, Map<String, String> fields, String text) {
    public enum Kind { OK, BUSY, ERR }

    /** Longest reply line (keys in hex and a subject fit easily). */
    public static final int MAX_LINE = 4096;

    public static VmReply ok(Map<String, String> fields, String subject) {
        return new VmReply(Kind.OK, "", fields, subject);
    }

    public static VmReply busy(long retryAfterMillis, String why) {
        return new VmReply(Kind.BUSY, "busy", Map.of("retry_after_ms", Long.toString(retryAfterMillis)), why);
    }

    public static VmReply err(String code, String why) {
        return new VmReply(Kind.ERR, code, Map.of(), why);
    }

    public String line() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (kind == Kind.ERR) {
            sb.append(' ').append(code);
        }
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        if (kind == Kind.OK) {
            sb.append(" subject=").append(text.replace('\n', ' ').replace('\r', ' '));
        } else if (!text.isEmpty()) {
            sb.append(' ').append(text.replace('\n', ' ').replace('\r', ' '));
        }
        return sb.toString();
    }

    public static VmReply parse(String line) {
        String[] t = line.split(" ", -1);
        Kind kind;
        try {
            kind = Kind.valueOf(t[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hypervisor reply: '" + (line.length() > 80 ? line.substring(0, 80) + "…" : line) + "'");
        }
        int i = 1;
        String code = "";
        if (kind == Kind.ERR && t.length > 1) {
            code = t[1];
            i = 2;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (; i < t.length; i++) {
            int eq = t[i].indexOf('=');
            if (kind == Kind.OK && t[i].startsWith("subject=")) {
                text.append(String.join(" ", java.util.Arrays.copyOfRange(t, i, t.length)).substring("subject=".length()));
                break;
            }
            if (eq > 0 && text.isEmpty() && kind != Kind.OK || eq > 0 && kind == Kind.OK) {
                fields.put(t[i].substring(0, eq), t[i].substring(eq + 1));
            } else {
                text.append(String.join(" ", java.util.Arrays.copyOfRange(t, i, t.length)));
                break;
            }
        }
        return new VmReply(kind, code, fields, text.toString());
    }
}
