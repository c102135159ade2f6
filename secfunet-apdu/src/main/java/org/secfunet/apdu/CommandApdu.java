package org.secfunet.apdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * An ISO/IEC 7816-4 command APDU, immutable. {@code ne} is the number of expected response bytes:
 * 0 means "no Le field", 1..256 fits a short Le, up to 65536 needs an extended Le.
 * The short form is used unless the data or Ne need the extended form, or it is asked for.
 */
public final class CommandApdu {
    public static final int MAX_SHORT_DATA = 255;
    public static final int MAX_SHORT_NE = 256;
    public static final int MAX_EXTENDED_DATA = 65535;
    public static final int MAX_EXTENDED_NE = 65536;
    /** Largest well-formed encoding: case 4E with 65535 data bytes. */
    public static final int MAX_ENCODED_LENGTH = 4 + 3 + MAX_EXTENDED_DATA + 2;

    private final int cla;
    private final int ins;
    private final int p1;
    private final int p2;
    private final byte[] data;
    private final int ne;
    private final boolean forced;
    private final boolean extended;

    private CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne, boolean forceExtended) {
        this.cla = checkByte("CLA", cla);
        this.ins = checkByte("INS", ins);
        this.p1 = checkByte("P1", p1);
        this.p2 = checkByte("P2", p2);
        Objects.requireNonNull(data, "data");
        if (data.length > MAX_EXTENDED_DATA) {
            throw new ApduFormatException("command data of " + data.length + " bytes exceeds the extended maximum of " + MAX_EXTENDED_DATA);
        }
        if (ne < 0 || ne > MAX_EXTENDED_NE) {
            throw new ApduFormatException("Ne " + ne + " is out of range 0.." + MAX_EXTENDED_NE);
        }
        this.data = data.clone();
        this.ne = ne;
        this.forced = forceExtended;
        this.extended = forceExtended || data.length > MAX_SHORT_DATA || ne > MAX_SHORT_NE;
    }

    private static int checkByte(String what, int v) {
        if (v < 0 || v > 0xFF) {
            throw new ApduFormatException(what + " must be one byte (0..FF), got " + v);
        }
        return v;
    }

    public static CommandApdu of(int cla, int ins, int p1, int p2) {
        return new CommandApdu(cla, ins, p1, p2, new byte[0], 0, false);
    }

    public static CommandApdu of(int cla, int ins, int p1, int p2, int ne) {
        return new CommandApdu(cla, ins, p1, p2, new byte[0], ne, false);
    }

    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data) {
        return new CommandApdu(cla, ins, p1, p2, data, 0, false);
    }

    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        return new CommandApdu(cla, ins, p1, p2, data, ne, false);
    }

    /** Same command, always encoded in the extended form (when it has Lc or Le). */
    public CommandApdu asExtended() {
        return new CommandApdu(cla, ins, p1, p2, data, ne, true);
    }

    public CommandApdu withNe(int newNe) {
        return new CommandApdu(cla, ins, p1, p2, data, newNe, forced);
    }

    public CommandApdu withCla(int newCla) {
        return new CommandApdu(newCla, ins, p1, p2, data, ne, forced);
    }

    public CommandApdu withP1(int newP1) {
        return new CommandApdu(cla, ins, newP1, p2, data, ne, forced);
    }

    public CommandApdu withData(byte[] newData) {
        return new CommandApdu(cla, ins, p1, p2, newData, ne, forced);
    }

    /** Strict parse: every malformed encoding gives an {@link ApduFormatException} saying what is wrong. */
    public static CommandApdu parse(byte[] apdu) {
        if (apdu == null) {
            throw new ApduFormatException("APDU is missing");
        }
        int n = apdu.length;
        if (n < 4) {
            throw new ApduFormatException("APDU too short: " + n + " byte(s); a command needs at least the 4-byte header CLA INS P1 P2");
        }
        if (n > MAX_ENCODED_LENGTH) {
            throw new ApduFormatException("APDU too long: " + n + " bytes; the largest command is " + MAX_ENCODED_LENGTH + " bytes");
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (n == 4) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], 0, false);
        }
        int b4 = apdu[4] & 0xFF;
        if (n == 5) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], b4 == 0 ? 256 : b4, false);
        }
        if (b4 != 0) {
            int lc = b4;
            if (n == 5 + lc) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + lc), 0, false);
            }
            if (n == 6 + lc) {
                int le = apdu[n - 1] & 0xFF;
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + lc), le == 0 ? 256 : le, false);
            }
            throw new ApduFormatException("short Lc says " + lc + " data bytes, but " + (n - 5)
                    + " bytes follow the Lc byte (expected " + lc + ", or " + (lc + 1) + " with Le)");
        }
        if (n == 6) {
            throw new ApduFormatException("6-byte APDU with Lc=00: a short Lc cannot be 0 and an extended length needs 2 more bytes");
        }
        int len = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (n == 7) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], len == 0 ? 65536 : len, true);
        }
        int lc = len;
        if (lc == 0) {
            throw new ApduFormatException("extended Lc of 0000 followed by " + (n - 7) + " byte(s): an extended Lc cannot be 0");
        }
        if (n == 7 + lc) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + lc), 0, true);
        }
        if (n == 9 + lc) {
            int le = ((apdu[n - 2] & 0xFF) << 8) | (apdu[n - 1] & 0xFF);
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + lc), le == 0 ? 65536 : le, true);
        }
        throw new ApduFormatException("extended Lc says " + lc + " data bytes, but " + (n - 7)
                + " bytes follow the Lc field (expected " + lc + ", or " + (lc + 2) + " with Le)");
    }

    public byte[] encode() {
        int lcLen = data.length == 0 ? 0 : (extended ? 3 : 1);
        int leLen = ne == 0 ? 0 : (extended ? (data.length == 0 ? 3 : 2) : 1);
        byte[] out = new byte[4 + lcLen + data.length + leLen];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int off = 4;
        if (data.length > 0) {
            if (extended) {
                out[off++] = 0;
                out[off++] = (byte) (data.length >> 8);
                out[off++] = (byte) data.length;
            } else {
                out[off++] = (byte) data.length;
            }
            System.arraycopy(data, 0, out, off, data.length);
            off += data.length;
        }
        if (ne > 0) {
            if (extended) {
                if (data.length == 0) {
                    out[off++] = 0;
                }
                int le = ne == 65536 ? 0 : ne;
                out[off++] = (byte) (le >> 8);
                out[off] = (byte) le;
            } else {
                out[off] = (byte) (ne == 256 ? 0 : ne);
            }
        }
        return out;
    }

    public ApduCase apduCase() {
        boolean hasData = data.length > 0;
        boolean hasLe = ne > 0;
        if (!hasData && !hasLe) {
            return ApduCase.CASE_1;
        }
        if (!hasData) {
            return extended ? ApduCase.CASE_2E : ApduCase.CASE_2S;
        }
        if (!hasLe) {
            return extended ? ApduCase.CASE_3E : ApduCase.CASE_3S;
        }
        return extended ? ApduCase.CASE_4E : ApduCase.CASE_4S;
    }

    public int cla() {
        return cla;
    }

    public int ins() {
        return ins;
    }

    public int p1() {
        return p1;
    }

    public int p2() {
        return p2;
    }

    /** A copy of the command data (Nc bytes). */
    public byte[] data() {
        return data.clone();
    }

    public int nc() {
        return data.length;
    }

    public int ne() {
        return ne;
    }

    public boolean isExtended() {
        return extended && (data.length > 0 || ne > 0);
    }

    /** True when CLA is an inter-industry class (first byte 0x0X..0x7X) and bit 5 (0x10) asks for command chaining. */
    public boolean isChained() {
        return (cla & 0x80) == 0 && (cla & 0x10) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && Arrays.equals(encode(), c.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    /** Header, lengths and data in hex; callers that may hold PINs trace through {@link Redaction}. */
    @Override
    public String toString() {
        return "CommandApdu[" + Hex.spaced(new byte[] {(byte) cla, (byte) ins, (byte) p1, (byte) p2})
                + " " + apduCase() + " Nc=" + data.length + " Ne=" + ne + "]";
    }
}
