package org.secfunet.card.eaptls;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.runtime.Applet;
import org.secfunet.card.pin.PinCommands;
import org.secfunet.card.pin.PinRef;
import org.secfunet.eap.method.EapTlsConfig;
import org.secfunet.eap.tls.engine.RecordKeys;
import org.secfunet.eap.tls.engine.TlsSessionInfo;

/**
 * The EAP-TLS smart card applet (draft-urien-eap-smartcard-38 command set, CLA A0) with the seed's
 * four parts: {@link EapEngine} (APDU segmentation both ways), {@link Credentials},
 * {@link AuthSession} (the authentication interface) and the EAP-TLS method it runs. The command
 * table, status words and every decision where the draft is silent are in docs/eap-card.md.
 */
public final class EapTlsApplet implements Applet {
    /** F0 "SECFUNET" 02: proprietary RID F0, application 2 (1 is the test applet). */
    public static final byte[] AID = Hex.decode("F0 53 45 43 46 55 4E 45 54 02");
    public static final int CLA = 0xA0;
    /** SecFuNet: in a TLS proxy session, the handshake is complete (this answer carries the last flight). */
    public static final int TLS_PROXY_DONE = 0x9001;
    static final int STATE_IDENTITY_NOT_SET = 1;
    static final int STATE_AUTHENTICATING = 2;
    static final int STATE_AUTHENTICATED = 3;
    static final int STATE_NOT_AUTHENTICATED = 4;

    private final EapCardStore store;
    private final Supplier<Instant> clock;
    private final EapTlsConfig config;
    private final EapEngine engine = new EapEngine();
    private final PinCommands<EapCardImage> pins;
    private EapCardImage.Identity current;
    private int state = STATE_IDENTITY_NOT_SET;
    private AuthSession session;
    private boolean proxy;
    private ProxyOptions proxyOptions = ProxyOptions.NONE;
    private int nextIdentity;

    public EapTlsApplet(EapCardStore store, Supplier<Instant> clock, EapTlsConfig config) {
        this.store = store;
        this.pins = new PinCommands<>(store);
        this.clock = clock;
        this.config = config;
    }

    @Override
    public byte[] aid() {
        return AID.clone();
    }

    @Override
    public String name() {
        return "secfunet EAP-TLS";
    }

    @Override
    public ResponseApdu select(CommandApdu select) {
        reset();
        return ResponseApdu.of(StatusWord.OK);
    }

    @Override
    public void deselect() {
        reset();
    }

    /** Power cycle or SELECT: PIN validations, the identity and the EAP session are forgotten. */
    @Override
    public void reset() {
        pins.reset();
        current = null;
        state = STATE_IDENTITY_NOT_SET;
        if (session != null) {
            session.wipe();
        }
        session = null;
        proxy = false;
        proxyOptions = ProxyOptions.NONE;
        engine.reset();
        nextIdentity = 0;
    }

    @Override
    public ResponseApdu process(CommandApdu c) {
        if (c.cla() != CLA) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        try {
            return switch (c.ins()) {
                case 0x20, 0x24, 0x26, 0x28, 0x2C -> pins.process(EapPinRules.RULES, c);
                case 0x16 -> setIdentity(c);
                case 0x17 -> identities(c);
                case 0x18 -> currentIdentity(c);
                case 0x19 -> stateCommand(c);
                case 0x80 -> processEap(c);
                case 0x12 -> engine.fetch(c);
                case 0xA6 -> sessionKey(c);
                case 0x86 -> exportedParameter(c);
                case 0x8A -> recordKeys(c);
                case 0x62 -> gated(c, () -> ModeOne.sign(this, c));
                case 0x64 -> gated(c, () -> ModeOne.decrypt(this, c));
                case 0xD0 -> Personalization.putData(this, c);
                case 0xD4 -> Personalization.generateKey(this, c);
                case 0xCA -> info(c);
                default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
            };
        } catch (EapEngine.Overflow e) {
            return ResponseApdu.of(0x6A84);
        }
    }

    // ---- identities (§9.5-9.11) -------------------------------------------------------------

    private ResponseApdu setIdentity(CommandApdu c) {
        if (c.p2() != 0x80 || c.p1() > 0x01) {
            return ResponseApdu.of(StatusWord.WRONG_P1P2);
        }
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        String text = new String(c.data(), StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        String label = nul < 0 ? text : text.substring(0, nul);
        ProxyOptions options;
        try {
            options = ProxyOptions.parse(nul < 0 ? "" : text.substring(nul + 1));
        } catch (IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        if (!options.isEmpty() && c.p1() != 0x01) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        EapCardImage.Identity id = find(label);
        if (id == null) {
            return ResponseApdu.of(0x6A88);
        }
        Credentials creds = Credentials.of(store.image());
        if (!creds.ready()) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (c.p1() == 0x01 && !"peer".equals(id.role)) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        current = id;
        proxy = c.p1() == 0x01;
        proxyOptions = options;
        try {
            startSession(creds);
        } catch (ProxyOptions.UntrustedCa e) {
            forgetSession();
            return ResponseApdu.of(0x6A88); // asked to trust a CA the card does not hold
        } catch (IllegalArgumentException e) {
            forgetSession();
            return ResponseApdu.of(StatusWord.WRONG_DATA); // the options leave no version or suite
        }
        return ResponseApdu.of(StatusWord.OK);
    }

    private void forgetSession() {
        session = null;
        current = null;
        proxy = false;
        proxyOptions = ProxyOptions.NONE;
        state = STATE_IDENTITY_NOT_SET;
    }

    private void startSession(Credentials creds) {
        if (session != null) {
            session.wipe();
        }
        session = new AuthSession(current, creds, config, clock, proxy, proxyOptions);
        state = STATE_NOT_AUTHENTICATED;
    }

    private ResponseApdu identities(CommandApdu c) {
        List<EapCardImage.Identity> ids = store.image().identities;
        switch (c.p2()) {
            case 0x01 -> {
                if (ids.isEmpty()) {
                    return ResponseApdu.of(0x6A88);
                }
                EapCardImage.Identity id = ids.get(nextIdentity % ids.size());
                nextIdentity = (nextIdentity + 1) % ids.size();
                return label(c, id.label);
            }
            case 0x02 -> {
                String p = store.image().preferred;
                return p == null ? ResponseApdu.of(0x6A88) : label(c, p);
            }
            case 0x81, 0x82 -> {
                return Personalization.identity(this, c);
            }
            default -> {
                return ResponseApdu.of(StatusWord.WRONG_P1P2);
            }
        }
    }

    private ResponseApdu currentIdentity(CommandApdu c) {
        if (current == null) {
            return ResponseApdu.of(0x6A88);
        }
        return label(c, current.label);
    }

    /** A label answer; a wrong Le gets 6Cxx as in the draft's Annex 5. */
    private static ResponseApdu label(CommandApdu c, String label) {
        byte[] b = label.getBytes(StandardCharsets.UTF_8);
        if (c.ne() != 0 && c.ne() != 256 && c.ne() != b.length) {
            return ResponseApdu.of(0x6C00 | (b.length & 0xFF));
        }
        return ResponseApdu.ok(b);
    }

    private ResponseApdu stateCommand(CommandApdu c) {
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        if (c.p1() == 0x00) {
            return ResponseApdu.ok(new byte[] {(byte) state});
        }
        if (c.p1() == 0x10) {
            if (state != STATE_IDENTITY_NOT_SET) {
                startSession(Credentials.of(store.image()));
                state = STATE_AUTHENTICATING;
            }
            return ResponseApdu.of(StatusWord.OK);
        }
        return ResponseApdu.of(StatusWord.WRONG_P1P2);
    }

    // ---- EAP (§9.13) -------------------------------------------------------------------------

    private ResponseApdu processEap(CommandApdu c) {
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        byte[] eap = engine.collect(c);
        if (eap == null) {
            return ResponseApdu.of(StatusWord.OK);
        }
        if (session == null || state == STATE_IDENTITY_NOT_SET) {
            return ResponseApdu.of(StatusWord.EAP_NO_RESPONSE);
        }
        state = STATE_AUTHENTICATING;
        AuthSession.Result r = session.process(eap);
        return switch (r.kind()) {
            case RESPONSE -> engine.answer(c, r.packet(), proxy && session.tlsProxyFailed() ? StatusWord.EAP_AUTH_FAILURE
                    : session.tlsProxyDone() ? TLS_PROXY_DONE : StatusWord.OK);
            case NONE -> ResponseApdu.of(StatusWord.EAP_NO_RESPONSE);
            case SUCCESS -> {
                state = STATE_AUTHENTICATED;
                yield r.packet() == null ? ResponseApdu.of(StatusWord.OK) : engine.answer(c, r.packet(), StatusWord.OK);
            }
            case FAILURE -> {
                state = STATE_NOT_AUTHENTICATED;
                yield r.packet() == null ? ResponseApdu.of(StatusWord.EAP_AUTH_FAILURE) : engine.answer(c, r.packet(), StatusWord.OK);
            }
        };
    }

    private ResponseApdu sessionKey(CommandApdu c) {
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        if (session == null || !session.succeeded()) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] km = session.keyMaterial();
        byte[] msk = Arrays.copyOf(km, 64);
        Arrays.fill(km, (byte) 0);
        state = STATE_AUTHENTICATED;
        return ResponseApdu.ok(msk);
    }

    /** Get-Exported-Parameter (§5.15): 1 Peer-ID, 2 Server-ID, 3 Method-ID, 4 Session-ID, 5 Key-Lifetime; SecFuNet 0x10: why the method failed. */
    private ResponseApdu exportedParameter(CommandApdu c) {
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        if (c.nc() != 1) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        if (c.data()[0] == 0x10) {
            String why = session == null ? null : session.failure();
            return why == null ? ResponseApdu.of(0x6A88) : engine.answer(c, why.getBytes(StandardCharsets.UTF_8), StatusWord.OK);
        }
        TlsSessionInfo info = session == null || !session.succeeded() ? null : session.session();
        if (info == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] value = switch (c.data()[0]) {
            case 1 -> session.server() ? peerName(info) : current.eapId.getBytes(StandardCharsets.UTF_8);
            case 2 -> session.server() ? current.eapId.getBytes(StandardCharsets.UTF_8) : peerName(info);
            case 3 -> info.methodId();
            case 4 -> info.sessionId();
            case 5 -> new byte[] {0, 0, 0x0E, 0x10}; // 3600 s: the card sets no policy of its own
            default -> null;
        };
        return value == null ? ResponseApdu.of(0x6A88) : engine.answer(c, value, StatusWord.OK);
    }

    private static byte[] peerName(TlsSessionInfo info) {
        return info.peerChain().isEmpty() ? new byte[0]
                : info.peerChain().get(0).getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
    }

    /** SecFuNet key export (A0 8A): once per successful session, then wiped. See docs/eap-card.md. */
    private ResponseApdu recordKeys(CommandApdu c) {
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        RecordKeys keys = session == null ? null : session.takeRecordKeys();
        if (keys == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] tlv = RecordKeyExport.encode(keys);
        keys.wipe();
        ResponseApdu r = engine.answer(c, tlv, StatusWord.OK);
        Arrays.fill(tlv, (byte) 0);
        return r;
    }

    /** GET DATA: P1 01 serial; P1 02 / 03 the P2-th certificate of the own chain / of the CA set; P1 04 the public key (public data). */
    private ResponseApdu info(CommandApdu c) {
        EapCardImage img = store.image();
        if (c.p1() == 0x01 && c.p2() == 0x01) {
            return ResponseApdu.ok(Hex.decode(img.serial));
        }
        if (c.p1() == 0x04 && c.p2() == 0x00) {
            return img.publicKey == null ? ResponseApdu.of(0x6A88) : engine.answer(c, Base64.getDecoder().decode(img.publicKey), StatusWord.OK);
        }
        if (c.p1() == 0x02 || c.p1() == 0x03) {
            List<String> list = c.p1() == 0x02 ? img.chain : img.caCerts;
            if (c.p2() >= list.size()) {
                return ResponseApdu.of(0x6A88);
            }
            return engine.answer(c, Base64.getDecoder().decode(list.get(c.p2())), StatusWord.OK);
        }
        return ResponseApdu.of(0x6A88);
    }

    private ResponseApdu gated(CommandApdu c, Supplier<ResponseApdu> op) {
        ResponseApdu pin = requireUser();
        return pin != null ? pin : op.get();
    }

    // ---- shared with the command helpers -----------------------------------------------------

    /** null when the user PIN is verified or disabled; else the status word to answer. */
    ResponseApdu requireUser() {
        return required(PinRef.PIN);
    }

    /** null when the unblock PIN (the issuer's authentication) is verified; else the status word. */
    ResponseApdu requirePuk() {
        return required(PinRef.PUK);
    }

    private ResponseApdu required(PinRef ref) {
        ResponseApdu status = pins.status(EapPinRules.RULES, ref);
        return status.isOk() ? null : status;
    }

    EapCardStore store() {
        return store;
    }

    EapEngine engine() {
        return engine;
    }

    EapCardImage.Identity find(String label) {
        return store.image().identities.stream().filter(i -> i.label.equals(label)).findFirst().orElse(null);
    }

    Credentials credentials() {
        return Credentials.of(store.image());
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
