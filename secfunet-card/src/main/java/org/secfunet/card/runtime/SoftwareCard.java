package org.secfunet.card.runtime;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.pcsc.CardDevice;

/**
 * A software card: power and reset lifecycle, ATR, applets selected by AID, and the ISO 7816-4
 * behaviours a real card's runtime provides: GET RESPONSE for answers longer than Ne (61xx),
 * command chaining (CLA bit 0x10), strict APDU parsing (malformed → 6700). Serialised: one
 * command at a time, as on a real card.
 */
public final class SoftwareCard implements CardDevice {
    /** T=1, extended Lc/Le advertised in the card capabilities (see docs/pcsc.md). */
    public static final byte[] DEFAULT_ATR = Hex.decode("3B 85 01 80 73 00 00 40 37");
    /** Upper bound for one command chain's collected data. */
    public static final int MAX_CHAIN_BYTES = 65535;

    private final String label;
    private final byte[] atr;
    private final List<Applet> applets;
    private final Applet defaultApplet;
    private boolean powered;
    private Applet selected;
    private byte[] pending;
    private int pendingOffset;
    private int pendingSw1 = 0x61;
    private ByteArrayOutputStream chain;
    private int chainIns = -1;

    public SoftwareCard(String label, byte[] atr, List<Applet> applets) {
        this(label, atr, applets, null);
    }

    /**
     * A card whose {@code defaultApplet} (one of {@code applets}, or null) processes the commands
     * that arrive while no applet has been selected by AID, as a UICC's file system does after
     * power-on. It is not told {@link Applet#select}; it sees those commands through
     * {@link Applet#process}.
     */
    public SoftwareCard(String label, byte[] atr, List<Applet> applets, Applet defaultApplet) {
        this.label = label;
        this.atr = atr.clone();
        this.applets = List.copyOf(applets);
        if (defaultApplet != null && !this.applets.contains(defaultApplet)) {
            throw new IllegalArgumentException("the default applet must be one of the card's applets");
        }
        this.defaultApplet = defaultApplet;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public synchronized byte[] atr() {
        return atr.clone();
    }

    @Override
    public synchronized void powerOn() {
        powered = true;
        clearVolatile();
    }

    @Override
    public synchronized void powerOff() {
        powered = false;
        clearVolatile();
    }

    @Override
    public synchronized void reset() {
        powered = true;
        clearVolatile();
    }

    public synchronized boolean powered() {
        return powered;
    }

    private void clearVolatile() {
        if (selected != null) {
            selected.deselect();
        }
        selected = null;
        pending = null;
        chain = null;
        chainIns = -1;
        for (Applet a : applets) {
            a.reset();
        }
    }

    @Override
    public synchronized byte[] transmit(byte[] raw) {
        if (!powered) {
            powerOn(); // a reader always powers the card before the first command
        }
        CommandApdu cmd;
        try {
            cmd = CommandApdu.parse(raw);
        } catch (ApduFormatException e) {
            return sw(StatusWord.WRONG_LENGTH);
        }
        if (cmd.cla() == 0xFF) {
            return sw(StatusWord.CLA_NOT_SUPPORTED);
        }
        if (cmd.ins() == 0xC0 && pending != null) {
            return nextPending(cmd.ne() == 0 ? 256 : cmd.ne());
        }
        pending = null;
        if (cmd.ins() == 0xC0) {
            return sw(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (cmd.isChained()) {
            return collectChain(cmd);
        }
        if (chain != null) {
            if (cmd.ins() != chainIns) {
                chain = null;
                return sw(StatusWord.LAST_COMMAND_OF_CHAIN_EXPECTED);
            }
            if (!appendToChain(cmd)) {
                return sw(0x6A84);
            }
            byte[] all = chain.toByteArray();
            chain = null;
            cmd = CommandApdu.of(cmd.cla(), cmd.ins(), cmd.p1(), cmd.p2(), all, cmd.ne());
        }
        ResponseApdu r = dispatch(cmd);
        return shape(cmd, r);
    }

    private byte[] collectChain(CommandApdu cmd) {
        if (chain == null) {
            chain = new ByteArrayOutputStream();
            chainIns = cmd.ins();
        } else if (chainIns != cmd.ins()) {
            chain = null;
            return sw(StatusWord.LAST_COMMAND_OF_CHAIN_EXPECTED);
        }
        return appendToChain(cmd) ? sw(StatusWord.OK) : sw(0x6A84);
    }

    /** Adds a part to the chain; false (and the chain dropped) when the cap is exceeded. */
    private boolean appendToChain(CommandApdu cmd) {
        chain.writeBytes(cmd.data());
        if (chain.size() > MAX_CHAIN_BYTES) {
            chain = null;
            return false;
        }
        return true;
    }

    private ResponseApdu dispatch(CommandApdu cmd) {
        if (cmd.ins() == 0xA4 && cmd.p1() == 0x04 && (cmd.cla() & 0x80) == 0) {
            return select(cmd);
        }
        Applet target = selected != null ? selected : defaultApplet;
        if (target == null) {
            return ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        }
        try {
            ResponseApdu r = target.process(cmd);
            return r == null ? ResponseApdu.of(StatusWord.NO_PRECISE_DIAGNOSIS) : r;
        } catch (RuntimeException e) {
            return ResponseApdu.of(StatusWord.NO_PRECISE_DIAGNOSIS);
        }
    }

    private ResponseApdu select(CommandApdu cmd) {
        byte[] aid = cmd.data();
        if (aid.length < 1 || aid.length > 16) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        for (Applet a : applets) {
            byte[] full = a.aid();
            if (full.length >= aid.length && Arrays.equals(full, 0, aid.length, aid, 0, aid.length)) {
                if (selected != null && selected != a) {
                    selected.deselect();
                }
                selected = a;
                return a.select(cmd);
            }
        }
        return ResponseApdu.of(StatusWord.FILE_NOT_FOUND);
    }

    /**
     * Answers longer than Ne, or data for a command that announced no Le, go out through 61xx and
     * GET RESPONSE, as a T=0 card would; the host's GET RESPONSE layer collects them.
     */
    private byte[] shape(CommandApdu cmd, ResponseApdu r) {
        byte[] data = r.data();
        if (data.length == 0 || r.sw() != StatusWord.OK) {
            return r.encode();
        }
        int limit = cmd.ne();
        if (limit >= data.length) {
            return r.encode();
        }
        pending = data;
        pendingOffset = 0;
        Applet target = selected != null ? selected : defaultApplet;
        pendingSw1 = target == null ? 0x61 : target.responseAvailableSw1(cmd) & 0xFF;
        if (limit == 0) {
            return sw(pendingSw1 << 8 | (Math.min(data.length, 256) & 0xFF));
        }
        return nextPending(limit);
    }

    private byte[] nextPending(int ne) {
        int n = Math.min(ne, pending.length - pendingOffset);
        byte[] out = new byte[n + 2];
        System.arraycopy(pending, pendingOffset, out, 0, n);
        pendingOffset += n;
        int left = pending.length - pendingOffset;
        int sw;
        if (left == 0) {
            pending = null;
            sw = StatusWord.OK;
        } else {
            sw = pendingSw1 << 8 | (Math.min(left, 256) & 0xFF);
        }
        out[n] = (byte) (sw >> 8);
        out[n + 1] = (byte) sw;
        return out;
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    public List<Applet> applets() {
        return applets;
    }
}
