package org.secfunet.pcsc.eapcard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.TransportException;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.apdu.trace.Secrets;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.part10.PinEntryOutcome;
import org.secfunet.pcsc.part10.PinPad;
import org.secfunet.pcsc.part10.PinPadException;
import org.secfunet.pcsc.eapcard.EapCardCommands.GetData;
import org.secfunet.pcsc.eapcard.EapCardCommands.Identity;
import org.secfunet.pcsc.eapcard.EapCardCommands.Ins;
import org.secfunet.pcsc.eapcard.EapCardCommands.Parameter;
import org.secfunet.pcsc.eapcard.EapCardCommands.Pin;
import org.secfunet.pcsc.eapcard.EapCardCommands.PutData;
import org.secfunet.pcsc.eapcard.EapCardCommands.Select;
import org.secfunet.pcsc.eapcard.EapCardCommands.Sign;
import org.secfunet.pcsc.eapcard.EapCardCommands.State;
import org.secfunet.pcsc.eapcard.EapCardCommands.Sw;

/**
 * The host-side driver of the EAP-TLS smart card (draft-urien-eap-smartcard-38 plus the SecFuNet
 * additions in docs/eap-card.md): every command as a typed call. Long EAP packets go to the card in
 * P1 "More" parts of 240 bytes, or in one extended APDU (see {@link ApduMode}: by default when the
 * session and the card allow it); long answers come back by 9F00 + FETCH, or at once when the
 * extended Le allows. Works on any reader address: in-process, pcscd, RACS.
 */
public final class EapSmartcard implements AutoCloseable {
    private static final int CLA = EapCardCommands.CLA;
    private static final int CHUNK = 240;
    /** EAP Code of Success and Failure packets (RFC 3748 §4.2). */
    private static final int EAP_SUCCESS = 3;
    private static final int EAP_FAILURE = 4;

    /** What Process-EAP returned: an EAP packet to relay, no answer, or the end. */
    public record EapResult(Kind kind, byte[] packet) {
        public enum Kind { PACKET, NO_RESPONSE, SUCCESS, FAILURE, TLS_PROXY_DONE }
    }

    /**
     * What this card's traffic must never show in a trace: the private key being imported
     * ({@code A0 D0 .. 01}), the session key ({@code A6}), exported record keys ({@code 8A}) and
     * decrypted data ({@code 64}).
     */
    static final Secrets SECRETS = c -> {
        if (c.length < 4 || (c[0] & 0xFF) != CLA) {
            return Secrets.Hide.NOTHING;
        }
        return switch (c[1] & 0xFF) {
            case Ins.PUT_DATA -> c[3] == PutData.PRIVATE_KEY ? new Secrets.Hide(true, false, "private key") : Secrets.Hide.NOTHING;
            case Ins.GET_SESSION_KEY, Ins.KEY_EXPORT, Ins.DECRYPT -> new Secrets.Hide(false, true, "key");
            default -> Secrets.Hide.NOTHING;
        };
    };

    private final CardSession session;
    private final Tracer tracer;
    private final Transport t;
    private PinPad pinPad;
    private final ApduMode mode;
    private volatile boolean extended;
    /** AUTO on a session that does not know its limit: the first SELECT goes extended to find out. */
    private boolean probe;
    private int apdus;

    /** True when a card at {@code address} answers a SELECT of the applet: a card pool's probe for a card that failed. */
    public static boolean answers(org.secfunet.pcsc.Readers readers, org.secfunet.pcsc.ReaderAddress address) {
        try (EapSmartcard sc = new EapSmartcard(readers.connect(address, org.secfunet.pcsc.ConnectOptions.DEFAULT), Tracer.OFF)) {
            sc.select();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A driver in {@link ApduMode#AUTO}: extended APDUs when the session and the card allow them. */
    public EapSmartcard(CardSession session, Tracer tracer) {
        this(session, tracer, ApduMode.AUTO);
    }

    /**
     * @param mode {@link ApduMode#AUTO} (extended APDUs when the session and card allow them, or
     *             when the first SELECT passed in extended form on a session that does not know its
     *             limit; short after a card refused one), {@link ApduMode#SHORT} (short APDUs only, as the
     *             draft's traces) or {@link ApduMode#EXTENDED} (forced)
     */
    public EapSmartcard(CardSession session, Tracer tracer, ApduMode mode) {
        this.session = session;
        this.tracer = tracer;
        this.mode = mode;
        if (mode == ApduMode.AUTO) {
            boolean carried = session.maxCommandData() > CommandApdu.MAX_SHORT_DATA;
            boolean atrAllows = AtrCapabilities.extendedLength(atrOrNull(session)) != AtrCapabilities.Extended.NO;
            this.extended = carried && atrAllows;
            this.probe = !carried && atrAllows && !session.maxCommandDataKnown();
        } else {
            this.extended = mode == ApduMode.EXTENDED;
        }
        Transport counting = cmd -> {
            apdus++;
            return session.transport().transmit(cmd);
        };
        this.t = TransportStack.builder().maxNe(session.maxNe()).trace(tracer, session.readerName()).secrets(SECRETS)
                .moreBitChaining(CHUNK, c -> !this.extended && c.cla() == CLA && (c.ins() == Ins.PROCESS_EAP || c.ins() == Ins.PUT_DATA)).build(counting);
    }

    private static byte[] atrOrNull(CardSession session) {
        try {
            return session.atr();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * True while long commands go as extended APDUs (AUTO turns it off for good after a card refused
     * one; on a session that does not know its limit, AUTO turns it on when the first SELECT passed
     * in extended form).
     */
    public boolean extendedApdus() {
        return extended;
    }

    /** APDUs sent on the wire so far (including GET RESPONSE, FETCH and parts). */
    public int apduCount() {
        return apdus;
    }

    public CardSession session() {
        return session;
    }

    private ResponseApdu send(CommandApdu c) {
        ResponseApdu r = ResponseApdu.parse(t.transmit(c.encode()));
        if (mode == ApduMode.AUTO && extended && c.isExtended() && (r.sw() == StatusWord.WRONG_LENGTH || r.sw() == StatusWord.INS_NOT_SUPPORTED)) {
            CommandApdu shortForm = shortForm(c);
            if (shortForm != null) {
                extended = false; // this card takes no extended APDUs: short ones for the rest of the session
                return ResponseApdu.parse(t.transmit(shortForm.encode()));
            }
        }
        return r;
    }

    /**
     * {@code c} as short APDUs: Ne at most 256 (the rest comes by 61xx/9Fxx), long data in More-bit
     * parts where the card takes them (Process-EAP, PUT DATA); null when the data cannot be split.
     */
    private static CommandApdu shortForm(CommandApdu c) {
        boolean moreBit = c.cla() == CLA && (c.ins() == Ins.PROCESS_EAP || c.ins() == Ins.PUT_DATA);
        if (c.nc() > CommandApdu.MAX_SHORT_DATA && !moreBit) {
            return null;
        }
        int ne = Math.min(c.ne(), CommandApdu.MAX_SHORT_NE);
        return c.nc() == 0 ? CommandApdu.of(c.cla(), c.ins(), c.p1(), c.p2(), ne) : CommandApdu.of(c.cla(), c.ins(), c.p1(), c.p2(), c.data(), ne);
    }

    private byte[] ok(String what, CommandApdu c) {
        ResponseApdu r = send(c);
        if (!r.isOk()) {
            throw EapCardException.of(what, r.sw());
        }
        return r.data();
    }

    private int le(int expected) {
        return extended ? Math.min(session.maxNe(), 65536) : expected;
    }

    public void select() {
        CommandApdu select = CommandApdu.of(Select.CLA, Select.INS, Select.P1_BY_NAME, Select.P2_FIRST, EapCardCommands.aid());
        if (probe) {
            probe = false;
            if (selectedExtended(select)) {
                return;
            }
        }
        ok("SELECT EAP-TLS applet", select);
    }

    /**
     * The probe of {@link ApduMode#AUTO} on a session that does not know its limit: SELECT (idempotent,
     * sent first anyway) in extended form. 9000 and the session goes extended, at no extra APDU; a
     * transport failure, 6700, 6D00 or any other answer and the caller sends the SELECT again as a
     * short APDU, and the session stays short. A "removed" card counts as a transport failure here:
     * drivers without part 10 may fail an APDU they cannot carry with SCARD_E_NOT_TRANSACTED or
     * SCARD_W_UNRESPONSIVE_CARD; a card really gone fails the short SELECT as well. Only this SELECT
     * is ever sent twice after a transport failure.
     */
    private boolean selectedExtended(CommandApdu select) {
        ResponseApdu r;
        try {
            r = ResponseApdu.parse(t.transmit(select.asExtended().encode()));
        } catch (TransportException e) { // CardRemovedException included, see above
            return false; // the reader or its driver did not carry it: short APDUs for the session
        }
        if (r.isOk()) {
            extended = true;
            return true;
        }
        return false;
    }

    // ---- PINs --------------------------------------------------------------------------------

    public void verifyPin(char[] pin) {
        ok("VERIFY PIN", CommandApdu.of(CLA, Ins.VERIFY, 0, Pin.USER, field(pin)));
    }

    /**
     * Whether this card's reader has a pinpad for the PIN (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT),
     * asked once per driver; false for in-process and RACS sessions and readers without part 10.
     */
    public boolean hasPinPad() {
        return pinPad().canVerify();
    }

    /**
     * Whether this card's reader can take a PIN change on its pinpad (FEATURE_MODIFY_PIN_DIRECT, what
     * {@link #changePinOnPinPad()} needs): a reader may report VERIFY but not MODIFY.
     */
    public boolean hasPinPadForChange() {
        return pinPad().canModify();
    }

    /**
     * VERIFY of the user PIN typed on the reader's pinpad ({@link EapCardPinPad#verifyPin()}): no PIN
     * byte passes the host. A wrong or blocked PIN is the {@link EapCardException.PinException}
     * {@link #verifyPin} throws; no pinpad, a timeout or a cancel is a
     * {@link PinPadException}.
     */
    public void verifyPinOnPinPad() {
        onPinPad("VERIFY PIN", p -> p.verify(EapCardPinPad.verifyPin(), EapCardPinPad.WRONG_TRIES));
    }

    /** CHANGE PIN on the reader's pinpad: the current PIN, then the new one twice ({@link EapCardPinPad#changePin()}); errors as {@link #verifyPinOnPinPad()}. */
    public void changePinOnPinPad() {
        onPinPad("CHANGE PIN", p -> p.modify(EapCardPinPad.changePin(), EapCardPinPad.WRONG_TRIES));
    }

    private PinPad pinPad() {
        if (pinPad == null) {
            pinPad = session.pinPad();
        }
        return pinPad;
    }

    private void onPinPad(String what, Function<PinPad, PinEntryOutcome> entry) {
        String source = session.readerName();
        tracer.event(source, what + " on the reader's pinpad (typed on the reader; no PIN from the host)");
        PinEntryOutcome o = entry.apply(pinPad());
        tracer.event(source, what + " on the pinpad: SW " + String.format("%04X", o.sw()));
        switch (o) {
            case PinEntryOutcome.Verified v -> {
            }
            case PinEntryOutcome.WrongPin w -> throw EapCardException.of(what + " on the pinpad", w.sw());
            case PinEntryOutcome.Blocked b -> throw EapCardException.of(what + " on the pinpad", StatusWord.AUTH_METHOD_BLOCKED);
            default -> throw new PinPadException(what + " on the pinpad of '" + source + "'", o);
        }
    }

    public void verifyPuk(char[] puk) {
        ok("VERIFY unblock PIN", CommandApdu.of(CLA, Ins.VERIFY, 0, Pin.UNBLOCK, field(puk)));
    }

    /** Tries left for the user PIN (-1 when it is verified or disabled). */
    public int pinTriesLeft() {
        ResponseApdu r = send(CommandApdu.of(CLA, Ins.VERIFY, 0, Pin.USER));
        if (r.isOk()) {
            return -1;
        }
        if (r.sw() == StatusWord.AUTH_METHOD_BLOCKED) {
            return 0;
        }
        if (r.sw1() == Sw.PIN_TRIES_LEFT >> 8) {
            return r.sw2() & 0x0F;
        }
        throw EapCardException.of("PIN status", r.sw());
    }

    public void changePin(char[] old, char[] fresh) {
        ok("CHANGE PIN", CommandApdu.of(CLA, Ins.CHANGE_PIN, 0, Pin.USER, org.secfunet.pcsc.PinFields.join(() -> field(old), () -> field(fresh))));
    }

    public void changePuk(char[] old, char[] fresh) {
        ok("CHANGE unblock PIN", CommandApdu.of(CLA, Ins.CHANGE_PIN, 0, Pin.UNBLOCK, org.secfunet.pcsc.PinFields.join(() -> field(old), () -> field(fresh))));
    }

    public void unblockPin(char[] puk, char[] newPin) {
        ok("UNBLOCK PIN", CommandApdu.of(CLA, Ins.UNBLOCK_PIN, 0, Pin.USER, org.secfunet.pcsc.PinFields.join(() -> field(puk), () -> field(newPin))));
    }

    public void enablePin(char[] pin) {
        ok("ENABLE PIN", CommandApdu.of(CLA, Ins.ENABLE_PIN, 0, Pin.USER, field(pin)));
    }

    public void disablePin(char[] pin) {
        ok("DISABLE PIN", CommandApdu.of(CLA, Ins.DISABLE_PIN, 0, Pin.USER, field(pin)));
    }

    // ---- identities and state ----------------------------------------------------------------

    public void setIdentity(String label) {
        ok("Set-Identity '" + label + "'", CommandApdu.of(CLA, Ins.SET_IDENTITY, Identity.EAP_SESSION, Identity.SET, label.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Set-Identity for a TLS proxy session (SecFuNet, P1 01): the card's TLS client talks to a plain
     * TLS server through the host; Process-EAP answers {@code 90 01} with the card's last flight
     * when its handshake is complete.
     */
    public void setIdentityForTlsProxy(String label) {
        setIdentityForTlsProxy(label, "");
    }

    /**
     * As {@link #setIdentityForTlsProxy(String)}, narrowing the card's TLS client for this session:
     * {@code options} is "versions=1.3;suites=TLS_AES_128_GCM_SHA256;sni=host" (any subset, or empty).
     */
    public void setIdentityForTlsProxy(String label, String options) {
        String data = options.isEmpty() ? label : label + "\0" + options;
        ResponseApdu r = send(CommandApdu.of(CLA, Ins.SET_IDENTITY, Identity.TLS_PROXY_SESSION, Identity.SET, data.getBytes(StandardCharsets.UTF_8)));
        if (r.sw() == StatusWord.REFERENCED_DATA_NOT_FOUND && options.contains("cas=")) {
            throw new EapCardException("the card does not trust a CA given for this session (add it with: secfunet card ca add)", r.sw());
        }
        if (r.sw() == StatusWord.WRONG_DATA) {
            throw new EapCardException("the card refused the TLS options '" + options.replaceAll("(cas=[0-9A-Fa-f]{8})[0-9A-Fa-f,]*", "$1…")
                    + "' (unknown option, more than the card takes (too many CAs?), or no version or cipher suite left)", r.sw());
        }
        if (!r.isOk()) {
            throw EapCardException.of("Set-Identity (TLS proxy) '" + label + "'", r.sw());
        }
    }

    public String currentIdentity() {
        return text(ok("Get-Current-Identity", CommandApdu.of(CLA, Ins.GET_CURRENT_IDENTITY, 0, 0, 256)));
    }

    public String preferredIdentity() {
        return text(ok("Get-Preferred-Identity", CommandApdu.of(CLA, Ins.IDENTITIES, 0, Identity.PREFERRED, 256)));
    }

    public String nextIdentity() {
        return text(ok("Get-Next-Identity", CommandApdu.of(CLA, Ins.IDENTITIES, 0, Identity.NEXT, 256)));
    }

    /** All identity labels (Get-Next-Identity until the first comes back; bounded by 64). */
    public List<String> identities() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ResponseApdu r = send(CommandApdu.of(CLA, Ins.IDENTITIES, 0, Identity.NEXT, 256));
            if (!r.isOk()) {
                if (r.sw() == StatusWord.REFERENCED_DATA_NOT_FOUND) {
                    return out;
                }
                throw EapCardException.of("Get-Next-Identity", r.sw());
            }
            String label = text(r.data());
            if (out.contains(label)) {
                return out;
            }
            out.add(label);
        }
        return out;
    }

    public CardState state() {
        byte[] d = ok("Get-State", CommandApdu.of(CLA, Ins.STATE, State.GET, 0, 1));
        if (d.length != 1) {
            throw new EapCardException("Get-State returned " + d.length + " bytes", StatusWord.OK);
        }
        return CardState.of(d[0]);
    }

    public void resetState() {
        ok("Reset-State", CommandApdu.of(CLA, Ins.STATE, State.RESET, 0));
    }

    // ---- EAP and keys ------------------------------------------------------------------------

    /** Process-EAP: one EAP packet (bytes after its Length, like the Start's Unix time, go along). */
    public EapResult processEap(byte[] packet) {
        CommandApdu c = extended
                ? CommandApdu.of(CLA, Ins.PROCESS_EAP, 0, 0, packet, le(256)).asExtended()
                : CommandApdu.of(CLA, Ins.PROCESS_EAP, 0, 0, packet, 256);
        ResponseApdu r = send(c);
        return switch (r.sw()) {
            case StatusWord.OK -> {
                byte[] d = r.data();
                if (d.length == 0) {
                    yield new EapResult(EapResult.Kind.SUCCESS, null);
                }
                if (d[0] == EAP_SUCCESS) {
                    yield new EapResult(EapResult.Kind.SUCCESS, d);
                }
                if (d[0] == EAP_FAILURE) {
                    yield new EapResult(EapResult.Kind.FAILURE, d);
                }
                yield new EapResult(EapResult.Kind.PACKET, d);
            }
            case Sw.TLS_PROXY_DONE -> new EapResult(EapResult.Kind.TLS_PROXY_DONE, r.data());
            case StatusWord.EAP_NO_RESPONSE -> new EapResult(EapResult.Kind.NO_RESPONSE, null);
            case StatusWord.EAP_AUTH_FAILURE -> new EapResult(EapResult.Kind.FAILURE, r.data().length == 0 ? null : r.data());
            default -> throw EapCardException.of("Process-EAP", r.sw());
        };
    }

    /** Get-Session-Key: the 64-byte MSK after a successful authentication. */
    public byte[] sessionKey() {
        return ok("Get-Session-Key", CommandApdu.of(CLA, Ins.GET_SESSION_KEY, 0, 0, Ins.MSK_LENGTH));
    }

    /** Get-Exported-Parameter: 1 Peer-ID, 2 Server-ID, 3 Method-ID, 4 Session-ID, 5 Key-Lifetime. */
    public byte[] exportedParameter(int index) {
        return ok("Get-Exported-Parameter " + index, CommandApdu.of(CLA, Ins.GET_EXPORTED_PARAMETER, 0, 0, new byte[] {(byte) index}, le(256)));
    }

    /** Why the card's EAP method failed (SecFuNet exported parameter {@link Parameter#FAILURE_REASON}), or null. */
    public String failureReason() {
        ResponseApdu r = send(CommandApdu.of(CLA, Ins.GET_EXPORTED_PARAMETER, 0, 0, new byte[] {Parameter.FAILURE_REASON}, le(256)));
        return r.isOk() ? text(r.data()) : null;
    }

    /** The ALPN protocol the server chose in the last session (SecFuNet parameter), "" when none or when the card cannot say. */
    public String applicationProtocol() {
        ResponseApdu r = send(CommandApdu.of(CLA, Ins.GET_EXPORTED_PARAMETER, 0, 0, new byte[] {Parameter.APPLICATION_PROTOCOL}, le(256)));
        return r.isOk() ? text(r.data()) : "";
    }

    /**
     * The peer's certificate chain of the last session, leaf first (public data; SecFuNet parameters
     * from {@link Parameter#PEER_CERTIFICATE}); empty when the card cannot say.
     */
    public List<byte[]> peerCertificates() {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < Parameter.PEER_CERTIFICATES; i++) {
            ResponseApdu r = send(CommandApdu.of(CLA, Ins.GET_EXPORTED_PARAMETER, 0, 0, new byte[] {(byte) (Parameter.PEER_CERTIFICATE + i)}, le(256)));
            if (!r.isOk()) {
                break;
            }
            out.add(r.data());
        }
        return out;
    }

    /** The SecFuNet key export: once per session, after success. */
    public ExportedKeys exportRecordKeys() {
        byte[] tlv = ok("key export", CommandApdu.of(CLA, Ins.KEY_EXPORT, 0, 0, le(256)));
        try {
            return ExportedKeys.parse(tlv);
        } finally {
            Arrays.fill(tlv, (byte) 0);
        }
    }

    /** The certificates on the card: own chain (leaf first) or the CA set; public data, no PIN. */
    public List<byte[]> certificates(boolean cas) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            ResponseApdu r = send(CommandApdu.of(CLA, Ins.GET_DATA, cas ? GetData.CA_CERTIFICATE : GetData.CHAIN_CERTIFICATE, i, le(256)));
            if (r.sw() == StatusWord.REFERENCED_DATA_NOT_FOUND) {
                return out;
            }
            if (!r.isOk()) {
                throw EapCardException.of("GET DATA certificate", r.sw());
            }
            out.add(r.data());
        }
        return out;
    }

    /** The card key's SubjectPublicKeyInfo (public data, no PIN). */
    public byte[] publicKey() {
        return ok("GET DATA public key", CommandApdu.of(CLA, Ins.GET_DATA, GetData.PUBLIC_KEY, 0, le(256)));
    }

    /** Key types for on-card generation. */
    public enum KeyType { EC_P256(EapCardCommands.KeyType.EC_P256), EC_P384(EapCardCommands.KeyType.EC_P384),
        RSA_2048(EapCardCommands.KeyType.RSA_2048), RSA_3072(EapCardCommands.KeyType.RSA_3072), RSA_4096(EapCardCommands.KeyType.RSA_4096);
        final int p1;

        KeyType(int p1) {
            this.p1 = p1;
        }
    }

    /** Makes a new key pair inside the card (unblock PIN verified first); returns the SubjectPublicKeyInfo. */
    public byte[] generateKey(KeyType type) {
        return ok("GENERATE KEY", CommandApdu.of(CLA, Ins.GENERATE_KEY, type.p1, 0, le(256)));
    }

    public byte[] serial() {
        return ok("GET DATA serial", CommandApdu.of(CLA, Ins.GET_DATA, GetData.SERIAL, GetData.SERIAL_P2, GetData.SERIAL_LENGTH));
    }

    // ---- mode 1 ------------------------------------------------------------------------------

    /** Signature algorithms of mode 1. */
    public enum SignAlgorithm { ECDSA(Sign.ECDSA), RSA_PKCS1(Sign.RSA_PKCS1), RSA_PSS(Sign.RSA_PSS);
        final int p1;

        SignAlgorithm(int p1) {
            this.p1 = p1;
        }
    }

    /** Signs a SHA-256/384/512 digest with the card key (PIN required). */
    public byte[] sign(SignAlgorithm alg, byte[] digest) {
        int hash = switch (digest.length) {
            case 32 -> Sign.SHA256;
            case 48 -> Sign.SHA384;
            case 64 -> Sign.SHA512;
            default -> throw new IllegalArgumentException("digest must be 32, 48 or 64 bytes, not " + digest.length);
        };
        return ok("SIGN", CommandApdu.of(CLA, Ins.SIGN, alg.p1, hash, digest, le(256)));
    }

    /** RSA PKCS#1 v1.5 decryption with the card key (PIN required). */
    public byte[] decrypt(byte[] ciphertext) {
        return ok("DECRYPT", CommandApdu.of(CLA, Ins.DECRYPT, 0, 0, ciphertext, le(256)));
    }

    // ---- personalization (unblock PIN verified first) ----------------------------------------

    public void putPrivateKey(byte[] pkcs8) {
        put(PutData.PRIVATE_KEY, pkcs8, "import private key");
    }

    public void appendCertificate(byte[] der) {
        put(PutData.CHAIN_APPEND, der, "import certificate");
    }

    public void addCa(byte[] der) {
        put(PutData.CA_ADD, der, "add CA certificate");
    }

    public void clearCredentials() {
        put(PutData.CLEAR_CREDENTIALS, new byte[0], "clear credentials");
    }

    public void clearCas() {
        put(PutData.CLEAR_CAS, new byte[0], "clear CA certificates");
    }

    public void setTlsVersions(List<String> versions) {
        put(PutData.TLS_VERSIONS, String.join(",", versions).getBytes(StandardCharsets.US_ASCII), "set TLS versions");
    }

    private void put(int type, byte[] data, String what) {
        CommandApdu c = extended && data.length > 255
                ? CommandApdu.of(CLA, Ins.PUT_DATA, 0, type, data).asExtended()
                : CommandApdu.of(CLA, Ins.PUT_DATA, 0, type, data);
        ok(what, c);
    }

    /** Add-Identity: label, EAP identity and the card's role ("peer" or "server"). */
    public void addIdentity(String label, String eapId, String role, boolean preferred) {
        byte[] d = (label + "\0" + eapId + "\0" + role).getBytes(StandardCharsets.UTF_8);
        ok("Add-Identity '" + label + "'", CommandApdu.of(CLA, Ins.IDENTITIES, preferred ? Identity.MAKE_PREFERRED : 0, Identity.ADD, d));
    }

    public void deleteIdentity(String label) {
        ok("Delete-Identity '" + label + "'", CommandApdu.of(CLA, Ins.IDENTITIES, 0, Identity.DELETE, label.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * Refuses, before any card is touched, a PIN no card of this kind takes (4 to 8 printable ASCII
     * characters), with the {@link org.secfunet.pcsc.PinFormatException} {@link #verifyPin} would throw.
     */
    public static void checkPin(char[] pin) {
        Arrays.fill(field(pin), (byte) 0);
    }

    /** A PIN in its 8-byte field, FF-padded. */
    static byte[] field(char[] pin) {
        return org.secfunet.pcsc.PinFields.padded(pin, 4, c -> c >= 0x20 && c <= 0x7E, "a card PIN has 4 to 8 characters",
                "a card PIN is printable ASCII");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
    }

    /** Closes and resets the card: the PIN verification and the session state end with it (shared cards). */
    public void closeAndReset() {
        session.closeAndReset();
    }
}
