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
import org.secfunet.pcsc.eapcard.EapCardCommands;
import org.secfunet.pcsc.eapcard.EapCardCommands.GetData;
import org.secfunet.pcsc.eapcard.EapCardCommands.Identity;
import org.secfunet.pcsc.eapcard.EapCardCommands.Ins;
import org.secfunet.pcsc.eapcard.EapCardCommands.Parameter;
import org.secfunet.pcsc.eapcard.EapCardCommands.State;
import org.secfunet.pcsc.eapcard.EapCardCommands.Sw;

/**
 * The EAP-TLS smart card applet (draft-urien-eap-smartcard-38 command set, CLA A0) with the seed's
 * four parts: {@link EapEngine} (APDU segmentation both ways), {@link Credentials},
 * {@link AuthSession} (the authentication interface) and the EAP-TLS method it runs. The codes are
 * those of {@link EapCardCommands}, shared with the host driver; the command table, status words and
 * every decision where the draft is silent are in docs/eap-card.md.
 */
public final class EapTlsApplet implements Applet, org.secfunet.card.runtime.CryptoMetered {

    private final EapCardStore store;
    private final Supplier<Instant> clock;
    private final EapTlsConfig config;
    private final EapEngine engine = new EapEngine();
    private final PinCommands<EapCardImage> pins;
    private EapCardImage.Identity current;
    private int state = State.IDENTITY_NOT_SET;
    private AuthSession session;
    private boolean proxy;
    private ProxyOptions proxyOptions = ProxyOptions.NONE;
    private int nextIdentity;
    private volatile org.secfunet.eap.tls.engine.CryptoMeter meter;

    public EapTlsApplet(EapCardStore store, Supplier<Instant> clock, EapTlsConfig config) {
        this.store = store;
        this.pins = new PinCommands<>(store);
        this.clock = clock;
        this.config = config;
    }

    /** Benchmarks only (the real-card latency model); null, the default, leaves the TLS engines unmetered. */
    @Override
    public void meterCrypto(org.secfunet.eap.tls.engine.CryptoMeter meter) {
        this.meter = meter;
    }

    /** The meter in use, or null. */
    org.secfunet.eap.tls.engine.CryptoMeter cryptoMeter() {
        return meter;
    }

    @Override
    public byte[] aid() {
        return EapCardCommands.aid();
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
        state = State.IDENTITY_NOT_SET;
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
        if (c.cla() != EapCardCommands.CLA) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        try {
            return switch (c.ins()) {
                case Ins.VERIFY, Ins.CHANGE_PIN, Ins.DISABLE_PIN, Ins.ENABLE_PIN, Ins.UNBLOCK_PIN -> pins.process(EapPinRules.RULES, c);
                case Ins.SET_IDENTITY -> setIdentity(c);
                case Ins.IDENTITIES -> identities(c);
                case Ins.GET_CURRENT_IDENTITY -> currentIdentity(c);
                case Ins.STATE -> stateCommand(c);
                case Ins.PROCESS_EAP -> processEap(c);
                case Ins.FETCH -> engine.fetch(c);
                case Ins.GET_SESSION_KEY -> sessionKey(c);
                case Ins.GET_EXPORTED_PARAMETER -> exportedParameter(c);
                case Ins.KEY_EXPORT -> recordKeys(c);
                case Ins.SIGN -> gated(c, () -> ModeOne.sign(this, c));
                case Ins.DECRYPT -> gated(c, () -> ModeOne.decrypt(this, c));
                case Ins.PUT_DATA -> Personalization.putData(this, c);
                case Ins.GENERATE_KEY -> Personalization.generateKey(this, c);
                case Ins.GET_DATA -> info(c);
                default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
            };
        } catch (EapEngine.Overflow e) {
            return ResponseApdu.of(StatusWord.NOT_ENOUGH_MEMORY);
        }
    }

    // ---- identities (§9.5-9.11) -------------------------------------------------------------

    private ResponseApdu setIdentity(CommandApdu c) {
        if (c.p2() != Identity.SET || (c.p1() != Identity.EAP_SESSION && c.p1() != Identity.TLS_PROXY_SESSION)) {
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
        if (!options.isEmpty() && c.p1() != Identity.TLS_PROXY_SESSION) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        EapCardImage.Identity id = find(label);
        if (id == null) {
            return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        Credentials creds = Credentials.of(store.image());
        if (!creds.ready()) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (c.p1() == Identity.TLS_PROXY_SESSION && !"peer".equals(id.role)) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        current = id;
        proxy = c.p1() == Identity.TLS_PROXY_SESSION;
        proxyOptions = options;
        try {
            startSession(creds);
        } catch (ProxyOptions.UntrustedCa e) {
            forgetSession();
            return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND); // asked to trust a CA the card does not hold
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
        state = State.IDENTITY_NOT_SET;
    }

    private void startSession(Credentials creds) {
        if (session != null) {
            session.wipe();
        }
        session = new AuthSession(current, creds, config, clock, proxy, proxyOptions, meter);
        state = State.NOT_AUTHENTICATED;
    }

    private ResponseApdu identities(CommandApdu c) {
        List<EapCardImage.Identity> ids = store.image().identities;
        switch (c.p2()) {
            case Identity.NEXT -> {
                if (ids.isEmpty()) {
                    return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
                }
                EapCardImage.Identity id = ids.get(nextIdentity % ids.size());
                nextIdentity = (nextIdentity + 1) % ids.size();
                return label(c, id.label);
            }
            case Identity.PREFERRED -> {
                String p = store.image().preferred;
                return p == null ? ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND) : label(c, p);
            }
            case Identity.ADD, Identity.DELETE -> {
                return Personalization.identity(this, c);
            }
            default -> {
                return ResponseApdu.of(StatusWord.WRONG_P1P2);
            }
        }
    }

    private ResponseApdu currentIdentity(CommandApdu c) {
        if (current == null) {
            return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        return label(c, current.label);
    }

    /** A label answer; a wrong Le gets 6Cxx as in the draft's Annex 5. */
    private static ResponseApdu label(CommandApdu c, String label) {
        byte[] b = label.getBytes(StandardCharsets.UTF_8);
        if (c.ne() != 0 && c.ne() != 256 && c.ne() != b.length) {
            return ResponseApdu.of(Sw.WRONG_LE | (b.length & 0xFF));
        }
        return ResponseApdu.ok(b);
    }

    private ResponseApdu stateCommand(CommandApdu c) {
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        if (c.p1() == State.GET) {
            return ResponseApdu.ok(new byte[] {(byte) state});
        }
        if (c.p1() == State.RESET) {
            if (state != State.IDENTITY_NOT_SET) {
                startSession(Credentials.of(store.image()));
                state = State.AUTHENTICATING;
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
        if (session == null || state == State.IDENTITY_NOT_SET) {
            return ResponseApdu.of(StatusWord.EAP_NO_RESPONSE);
        }
        state = State.AUTHENTICATING;
        AuthSession.Result r = session.process(eap);
        return switch (r.kind()) {
            case RESPONSE -> engine.answer(c, r.packet(), proxy && session.tlsProxyFailed() ? StatusWord.EAP_AUTH_FAILURE
                    : session.tlsProxyDone() ? Sw.TLS_PROXY_DONE : StatusWord.OK);
            case NONE -> ResponseApdu.of(StatusWord.EAP_NO_RESPONSE);
            case SUCCESS -> {
                state = State.AUTHENTICATED;
                yield r.packet() == null ? ResponseApdu.of(StatusWord.OK) : engine.answer(c, r.packet(), StatusWord.OK);
            }
            case FAILURE -> {
                state = State.NOT_AUTHENTICATED;
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
        byte[] msk = Arrays.copyOf(km, Ins.MSK_LENGTH);
        Arrays.fill(km, (byte) 0);
        state = State.AUTHENTICATED;
        return ResponseApdu.ok(msk);
    }

    /** Get-Exported-Parameter: the {@link Parameter} indexes; SecFuNet {@link Parameter#FAILURE_REASON}: why the method failed. */
    private ResponseApdu exportedParameter(CommandApdu c) {
        ResponseApdu pin = requireUser();
        if (pin != null) {
            return pin;
        }
        if (c.nc() != 1) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        if (c.data()[0] == Parameter.FAILURE_REASON) {
            String why = session == null ? null : session.failure();
            return why == null ? ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND) : engine.answer(c, why.getBytes(StandardCharsets.UTF_8), StatusWord.OK);
        }
        TlsSessionInfo info = session == null || !session.succeeded() ? null : session.session();
        if (info == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] value = switch (c.data()[0]) {
            case Parameter.PEER_ID -> session.server() ? peerName(info) : current.eapId.getBytes(StandardCharsets.UTF_8);
            case Parameter.SERVER_ID -> session.server() ? current.eapId.getBytes(StandardCharsets.UTF_8) : peerName(info);
            case Parameter.METHOD_ID -> info.methodId();
            case Parameter.SESSION_ID -> info.sessionId();
            case Parameter.KEY_LIFETIME -> new byte[] {0, 0, 0x0E, 0x10}; // 3600 s: the card sets no policy of its own
            case Parameter.APPLICATION_PROTOCOL -> info.applicationProtocol().getBytes(StandardCharsets.UTF_8);
            default -> peerCertificate(info, c.data()[0] & 0xFF);
        };
        return value == null ? ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND) : engine.answer(c, value, StatusWord.OK);
    }

    /** The {@code index}-th certificate of the peer's chain (public data), for parameters {@link Parameter#PEER_CERTIFICATE} on. */
    private static byte[] peerCertificate(TlsSessionInfo info, int parameter) {
        int i = parameter - Parameter.PEER_CERTIFICATE;
        if (i < 0 || i >= Parameter.PEER_CERTIFICATES || i >= info.peerChain().size()) {
            return null;
        }
        try {
            return info.peerChain().get(i).getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            return null;
        }
    }

    private static byte[] peerName(TlsSessionInfo info) {
        return info.peerChain().isEmpty() ? new byte[0]
                : info.peerChain().get(0).getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
    }

    /** SecFuNet key export ({@link Ins#KEY_EXPORT}): once per successful session, then wiped. See docs/eap-card.md. */
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
        if (c.p1() == GetData.SERIAL && c.p2() == GetData.SERIAL_P2) {
            return ResponseApdu.ok(Hex.decode(img.serial));
        }
        if (c.p1() == GetData.PUBLIC_KEY && c.p2() == 0) {
            return img.publicKey == null ? ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND) : engine.answer(c, Base64.getDecoder().decode(img.publicKey), StatusWord.OK);
        }
        if (c.p1() == GetData.CHAIN_CERTIFICATE || c.p1() == GetData.CA_CERTIFICATE) {
            List<String> list = c.p1() == GetData.CHAIN_CERTIFICATE ? img.chain : img.caCerts;
            if (c.p2() >= list.size()) {
                return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
            }
            return engine.answer(c, Base64.getDecoder().decode(list.get(c.p2())), StatusWord.OK);
        }
        return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
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
