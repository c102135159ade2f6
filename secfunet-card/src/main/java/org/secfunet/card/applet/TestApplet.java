package org.secfunet.card.applet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.pin.PinCommands;
import org.secfunet.card.pin.PinField;
import org.secfunet.card.pin.PinRef;
import org.secfunet.card.pin.PinRules;
import org.secfunet.card.pin.PinStatusWords;
import org.secfunet.card.runtime.Applet;
import org.secfunet.card.store.CardImage;
import org.secfunet.card.store.CardStore;

/**
 * The built-in test applet: enough behaviour to exercise every layer of the SDK against a card
 * that acts like a real one. AID {@code F0 53 45 43 46 55 4E 45 54 01} ("SECFUNET" proprietary,
 * version 1). Commands (see docs/test-applet.md):
 * <pre>
 *  00 01 00 00 Lc data [Le]   ECHO: returns the data (long answers via 61xx / GET RESPONSE)
 *  00 02 P1 P2 [Le]           GENERATE: returns P1P2 bytes, byte i = i mod 256
 *  00 CA 01 01 Le             GET DATA serial: exactly 16 bytes; any other Le gives 6C10
 *  00 20 00 80 [Lc PIN]       VERIFY: 63Cx wrong (x tries left), 6983 blocked; no data: status
 *  00 30 00 00 Le             COUNTER: PIN-gated; increments a persistent counter, returns 4 bytes
 *  A0 80 0m 00 Lc data        EAP-style ECHO: P1 bit 0 "More" chaining in; answers over 240 bytes
 *                             go out as 9F00 then FETCH (A0 12 00 00 xx) blocks, as the EAP card
 *  A0 12 00 00 xx             FETCH the next block
 * </pre>
 */
public final class TestApplet implements Applet {
    public static final byte[] AID = Hex.decode("F0 53 45 43 46 55 4E 45 54 01");
    public static final int DIRECT_RESPONSE_MAX = 240;
    public static final int MAX_MORE_BYTES = 16384;
    /** The PIN's longest form; a VERIFY with more data answers 6700. */
    public static final int MAX_PIN = 16;
    /**
     * VERIFY P1 00, P2 80 (or 00): the PIN as 1 to 16 bytes, trailing FF padding ignored; ISO
     * 7816-4 words (63Cx wrong, 6983 blocked, 6A86 other P1/P2).
     */
    static final PinRules PIN_RULES = new PinRules(new PinField(MAX_PIN, 1, MAX_PIN, 1, false), PinStatusWords.ISO,
            c -> c.p1() == 0x00 && (c.p2() == 0x80 || c.p2() == 0x00) ? PinRef.PIN : null, false);

    private final CardStore store;
    private final PinCommands<CardImage> pins;
    private ByteArrayOutputStream more;
    private byte[] fetch;
    private int fetchOffset;

    public TestApplet(CardStore store) {
        this.store = store;
        this.pins = new PinCommands<>(store);
    }

    @Override
    public byte[] aid() {
        return AID.clone();
    }

    @Override
    public String name() {
        return "secfunet test applet";
    }

    @Override
    public void deselect() {
        reset();
    }

    @Override
    public void reset() {
        pins.reset();
        more = null;
        fetch = null;
    }

    @Override
    public ResponseApdu process(CommandApdu c) {
        if (c.cla() == 0xA0) {
            return eapStyle(c);
        }
        if ((c.cla() & 0xFC) != 0x00 && (c.cla() & 0xFC) != 0x80) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        fetch = null;
        return switch (c.ins()) {
            case 0x01 -> ResponseApdu.ok(c.data());
            case 0x02 -> generate(c);
            case 0xCA -> serial(c);
            case PinCommands.VERIFY -> pins.process(PIN_RULES, c);
            case 0x30 -> counter(c);
            default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    private ResponseApdu generate(CommandApdu c) {
        int n = (c.p1() << 8) | c.p2();
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) i;
        }
        return ResponseApdu.ok(out);
    }

    private ResponseApdu serial(CommandApdu c) {
        if (c.p1() != 0x01 || c.p2() != 0x01) {
            return ResponseApdu.of(0x6A88);
        }
        byte[] serial = Hex.decode(store.image().serial);
        if (c.ne() != serial.length) {
            return ResponseApdu.of(0x6C00 | serial.length);
        }
        return ResponseApdu.ok(serial);
    }

    private ResponseApdu counter(CommandApdu c) {
        if (!pins.satisfied(PinRef.PIN)) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        CardImage next = store.image();
        next.counter++;
        store.update(next);
        return ResponseApdu.ok(ByteBuffer.allocate(4).putInt((int) next.counter).array());
    }

    private ResponseApdu eapStyle(CommandApdu c) {
        if (c.ins() == 0x12) {
            return fetchNext(c);
        }
        fetch = null;
        if (c.ins() != 0x80) {
            return ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        }
        if (more == null) {
            more = new ByteArrayOutputStream();
        }
        more.writeBytes(c.data());
        if (more.size() > MAX_MORE_BYTES) {
            more = null;
            return ResponseApdu.of(0x6A84);
        }
        if ((c.p1() & 0x01) != 0) {
            return ResponseApdu.of(StatusWord.OK);
        }
        byte[] all = more.toByteArray();
        more = null;
        if (all.length <= DIRECT_RESPONSE_MAX) {
            return ResponseApdu.ok(all);
        }
        fetch = all;
        fetchOffset = 0;
        return ResponseApdu.of(0x9F00);
    }

    private ResponseApdu fetchNext(CommandApdu c) {
        if (fetch == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        int want = c.ne() == 0 ? 256 : c.ne();
        int n = Math.min(want, fetch.length - fetchOffset);
        byte[] block = Arrays.copyOfRange(fetch, fetchOffset, fetchOffset + n);
        fetchOffset += n;
        int left = fetch.length - fetchOffset;
        if (left == 0) {
            fetch = null;
            return ResponseApdu.ok(block);
        }
        return new ResponseApdu(block, 0x9F00 | (Math.min(left, 256) & 0xFF));
    }
}
