package org.secfunet.grid.racs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;

/**
 * What one SE accepts: the deny rules (global ones, then the SE's own) and, when configured, the
 * AID allowlist. With an allowlist, until an allowed application has been selected successfully
 * the only command let through is SELECT by AID of a listed AID (logical channel bits of CLA
 * ignored); SELECT by AID of any other AID is always refused, and so are MANAGE CHANNEL (a new
 * channel could reach the card's default application) and SELECT by AID for a next occurrence
 * (it could land on another application). Pure decisions; the caller keeps the selection state.
 */
public final class ApduFirewall {
    private static final int INS_SELECT = 0xA4;
    private static final int INS_MANAGE_CHANNEL = 0x70;

    private final List<DenyRule> deny;
    private final Set<String> aids;

    public ApduFirewall(List<DenyRule> deny, List<String> aidsHex) {
        this.deny = List.copyOf(deny);
        Set<String> a = new LinkedHashSet<>();
        for (String s : aidsHex) {
            a.add(s.toUpperCase(java.util.Locale.ROOT));
        }
        this.aids = Set.copyOf(a);
    }

    public static ApduFirewall open() {
        return new ApduFirewall(List.of(), List.of());
    }

    public boolean hasAidList() {
        return !aids.isEmpty();
    }

    public List<DenyRule> denyRules() {
        return deny;
    }

    /**
     * Null when {@code command} (at least 4 bytes) may be sent, else the reason it may not.
     * {@code allowedAidSelected}: whether a listed application is currently selected.
     */
    public String refusal(byte[] command, boolean allowedAidSelected) {
        String denied = denied(command);
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
        String denied = denied(header);
        if (denied != null || aids.isEmpty()) {
            return denied;
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

    private String denied(byte[] command) {
        for (DenyRule r : deny) {
            if (r.matches(command)) {
                return "APDU refused by the firewall (CLA INS P1 P2 " + RacsHex.encode(java.util.Arrays.copyOf(command, 4)) + ")";
            }
        }
        return null;
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
