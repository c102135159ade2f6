package org.secfunet.apdu.trace;

import java.util.Arrays;

/**
 * Hides secrets in traced commands: the data field of PIN commands (ISO 7816-4 VERIFY 20,
 * CHANGE REFERENCE DATA 24, DISABLE/ENABLE VERIFICATION 26/28, RESET RETRY COUNTER 2C, and the
 * EAP card's VERIFY variant 2A is not redacted as it is also PSO). Replaced bytes become 0x2A.
 */
public final class Redaction {
    private static final boolean[] PIN_INS = new boolean[256];

    static {
        for (int ins : new int[] {0x20, 0x21, 0x24, 0x26, 0x28, 0x2C}) {
            PIN_INS[ins] = true;
        }
    }

    private Redaction() {
    }

    /** True when this command carries a PIN or unblock code in its data field. */
    public static boolean carriesPin(byte[] command) {
        return command.length > 5 && PIN_INS[command[1] & 0xFF];
    }

    /**
     * The command with its data field replaced, or the command itself when nothing is secret.
     * The header and length bytes are kept so the trace still shows what was sent.
     */
    public static byte[] redact(byte[] command) {
        return carriesPin(command) ? blankCommandData(command) : command;
    }

    /** The response with its data replaced; the status word stays visible. */
    public static byte[] blankResponseData(byte[] answer) {
        byte[] out = answer.clone();
        Arrays.fill(out, 0, Math.max(0, out.length - 2), (byte) '*');
        return out;
    }

    /** The command with its data field replaced (header and lengths kept). */
    public static byte[] blankCommandData(byte[] command) {
        if (command.length <= 5) {
            return command;
        }
        byte[] out = command.clone();
        int from;
        int to;
        if (out[4] != 0) {
            from = 5;
            to = Math.min(out.length, 5 + (out[4] & 0xFF));
        } else if (out.length > 7) {
            from = 7;
            to = Math.min(out.length, 7 + (((out[5] & 0xFF) << 8) | (out[6] & 0xFF)));
        } else {
            return out;
        }
        Arrays.fill(out, from, to, (byte) '*');
        return out;
    }
}
