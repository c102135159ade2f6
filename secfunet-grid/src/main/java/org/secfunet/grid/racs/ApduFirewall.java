package org.secfunet.grid.racs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;

/**
 * What one SE accepts: the deny rules (global ones, then the SE's own), when configured its allow
 * rules (then only a command matching one of them passes, and never one a deny rule matches), and
 * when configured the AID allowlist. With an allowlist, until an allowed application has been selected successfully
 * the only command let through is SELECT by AID of a listed AID (logical channel bits of CLA
 * ignored); SELECT by AID of any other AID is always refused, and so are MANAGE CHANNEL (a new
 * channel could reach the card's default application) and SELECT by AID for a next occurrence
 * (it could land on another application). Pure decisions; the caller keeps the selection state.
 */
public final class ApduFirewall {
    private static final int INS_SELECT = 0xA4;
    private static final int INS_MANAGE_CHANNEL = 0x70;

    private final List<ApduRule> deny;
    private final List<ApduRule> allow;
    private final Set<String> aids;

    /** {@code allow}: empty for no allow list (every command not denied passes). */
    public ApduFirewall(List<ApduRule> deny, List<ApduRule> allow, List<String> aidsHex) {
        this.deny = List.copyOf(deny);
        this.allow = List.copyOf(allow);
        Set<String> a = new LinkedHashSet<>();
        for (String s : aidsHex) {
            a.add(s.toUpperCase(java.util.Locale.ROOT));
        }
        this.aids = Set.copyOf(a);
    }

    public static ApduFirewall open() {
        return new ApduFirewall(List.of(), List.of(), List.of());
    }

    public boolean hasAidList() {
        return !aids.isEmpty();
    }

    public List<ApduRule> denyRules() {
        return deny;
    }

    public List<ApduRule> allowRules() {
        return allow;
    }

    /**
     * Null when {@code command} (at least 4 bytes; for a command chain, the reassembled command)
     * may be sent, else the reason it may not. {@code allowedAidSelected}: whether a listed
     * application is currently selected.
     */
    public String refusal(byte[] command, boolean allowedAidSelected) {
        String denied = ruleRefusal(command);
        if (denied != null || aids.isEmpty()) {
            return denied;
        }
        int cla = command[0] & 0xFF;
        int ins = command[1] & 0xFF;
        boolean interindustry = (cla & 0x80) == 0;
        if (interindustry && ins == INS_MANAGE_CHANNEL) {
            return "MANAGE CHANNEL is refused on an SE with an AID allowlist";
        }
        if (interindustry && ins == INS_SELECT && (command[2] & 0xFF) == 0x04) {
            if (!plainInterindustry(cla)) {
                return "SELECT by AID with secure messaging or chaining is refused on an SE with an AID allowlist";
            }
            if ((command[3] & 0x03) != 0) {
                return "SELECT by AID of a next or previous occurrence is refused on an SE with an AID allowlist";
            }
            String aid = aid(command);
            if (aid == null) {
                return "malformed SELECT by AID";
            }
            return aids.contains(aid) ? null : "AID " + (aid.isEmpty() ? "(empty)" : aid) + " is not allowed on this SE";
        }
        return allowedAidSelected ? null : "no allowed AID has been selected (send SELECT by AID first)";
    }

    /** Null when a FETCH= follow-up header may be used, else the reason it may not. */
    public String followUpRefusal(byte[] header) {
        String denied = ruleRefusal(header);
        if (denied != null) {
            return denied;
        }
        if (CommandApdu.of(header[0] & 0xFF, 0, 0, 0).isChained()) {
            return "a FETCH= header may not have the chaining bit of CLA";
        }
        if (aids.isEmpty()) {
            return null;
        }
        int ins = header[1] & 0xFF;
        if ((header[0] & 0x80) == 0 && (ins == INS_SELECT || ins == INS_MANAGE_CHANNEL)) {
            return "a FETCH= header may not be SELECT or MANAGE CHANNEL on an SE with an AID allowlist";
        }
        return null;
    }

    /** Whether the command is SELECT by AID (any interindustry CLA). */
    public static boolean isSelectByAid(byte[] command) {
        return command.length >= 4 && (command[0] & 0x80) == 0 && (command[1] & 0xFF) == INS_SELECT && (command[2] & 0xFF) == 0x04;
    }

    /** Whether a SW ends a successful SELECT: 9000, or 61xx (more data waiting). */
    public static boolean selectSucceeded(int sw) {
        return sw == 0x9000 || (sw >>> 8) == 0x61;
    }

    /**
     * Null when the header of {@code command} (at least 4 bytes) passes the rules: no deny rule
     * matches it and, with an allow list, an allow rule does. Else the reason.
     */
    public String ruleRefusal(byte[] command) {
        for (ApduRule r : deny) {
            if (r.matches(command)) {
                return "APDU refused by the firewall (CLA INS P1 P2 " + header(command) + ")";
            }
        }
        if (allow.isEmpty() || allow.stream().anyMatch(r -> r.matches(command))) {
            return null;
        }
        return "APDU not in the allow list of this SE (CLA INS P1 P2 " + header(command) + ")";
    }

    private static String header(byte[] command) {
        return RacsHex.encode(java.util.Arrays.copyOf(command, 4));
    }

    /** First interindustry CLA without SM or chaining (channels 0-3), or further interindustry without them (4-19). */
    private static boolean plainInterindustry(int cla) {
        return (cla & 0xFC) == 0x00 || (cla & 0xF0) == 0x40;
    }

    private static String aid(byte[] command) {
        try {
            return RacsHex.encode(CommandApdu.parse(command).data());
        } catch (ApduFormatException e) {
            return null;
        }
    }
}
