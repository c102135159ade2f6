package org.secfunet.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * The card's TLS proxy handshake as a state machine with no network I/O, for callers that move the
 * bytes themselves (an {@code SSLEngine}, a socket loop): {@link #start()} gives the ClientHello
 * flight; {@link #receive(ByteBuffer)} takes the server's whole records (checked as
 * {@link CardTlsClient} checks them, a server's plaintext alert ending the handshake with a
 * {@link TlsAlertException}), leaving a partial record in the buffer; {@link #step()} gives the
 * waiting records to the card in one Process-EAP round and returns what the card has to send (empty
 * when it needs more); once {@link #done()}, {@link #result()} holds the exported keys, the server's
 * subject and chain and the ALPN protocol chosen.
 *
 * <p>The card methods ({@link #start()}, {@link #step()}) send APDUs and block for them; the rest is
 * pure. Bounded: at most {@value #MAX_ROUNDS} card rounds and {@link CardTlsClient#MAX_BATCH} bytes
 * waiting for the card. Any failure leaves the machine in {@link State#FAILED}; the card's own alert,
 * when it ended the handshake, is in {@link #failureAlert()} for the caller to send. Not thread-safe.
 */
public final class ProxyHandshake {
    /** Process-EAP rounds after which the handshake is abandoned. */
    public static final int MAX_ROUNDS = 64;
    private static final int MAX_RECORD = (1 << 14) + 2048;

    /** Where the machine is. */
    public enum State { NEW, NEED_SERVER, NEED_CARD, DONE, FAILED }

    /**
     * What a finished handshake gave; the caller owns (and wipes) the keys.
     *
     * @param applicationProtocol the ALPN protocol the server chose, "" when none (or the card cannot say)
     * @param peerCertificates    the server's chain as the card validated it, leaf first, DER (empty when the card cannot say)
     */
    public record Result(ExportedKeys keys, String version, int cipherSuite, String serverSubject, String applicationProtocol,
                         java.util.List<byte[]> peerCertificates, int rounds) {
    }

    private final EapSmartcard card;
    private final String identity;
    private final String options;
    private final Instant now;
    private final ByteArrayOutputStream waiting = new ByteArrayOutputStream();
    private State state = State.NEW;
    private int id = 1;
    private int rounds;
    private Result result;
    private byte[] failureAlert = new byte[0];
    private boolean versionKnown;
    private boolean tls12;

    /**
     * @param card     the card, PIN already verified, held by the caller for the whole handshake
     * @param identity the card identity whose credentials authenticate the client
     * @param options  the card's TLS options for this session ("versions=…;suites=…;sni=…"), or ""
     * @param now      the time the card checks the server's chain at
     */
    public ProxyHandshake(EapSmartcard card, String identity, String options, Instant now) {
        this.card = card;
        this.identity = identity;
        this.options = options;
        this.now = now;
    }

    public State state() {
        return state;
    }

    public boolean done() {
        return state == State.DONE;
    }

    /** True when whole server records wait for {@link #step()}. */
    public boolean needsCard() {
        return state == State.NEED_CARD;
    }

    /** Opens the card's proxy session: the bytes of the ClientHello flight to send. */
    public byte[] start() throws IOException {
        expect(State.NEW);
        try {
            card.setIdentityForTlsProxy(identity, options);
            return answer(card.processEap(SmartcardStart.encode(id, now)));
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * Takes every whole record at the front of {@code src} that fits under the batch cap (always at
     * least one when one is there), checked; a trailing partial record stays in {@code src}.
     *
     * @return the bytes taken
     * @throws TlsAlertException the server sent a plaintext alert or an oversized record
     * @throws IOException       the bytes are not TLS records
     */
    public int receive(ByteBuffer src) throws IOException {
        if (state != State.NEED_SERVER && state != State.NEED_CARD) {
            throw new IllegalStateException("no server bytes expected in state " + state);
        }
        int taken = 0;
        try {
            while (src.remaining() >= 5) {
                int p = src.position();
                int type = src.get(p) & 0xFF;
                if (!CardFlight.knownType(type) || src.get(p + 1) != 3) {
                    throw new IOException("the server sent something that is not TLS (record type " + type + ")");
                }
                int len = ((src.get(p + 3) & 0xFF) << 8) | (src.get(p + 4) & 0xFF);
                if (len > MAX_RECORD) {
                    throw new TlsAlertException("the server sent a record of " + len + " bytes during the handshake", AlertDescription.record_overflow);
                }
                if (src.remaining() < 5 + len) {
                    break;
                }
                if (type == ContentType.alert && len == 2) {
                    int d = src.get(p + 6) & 0xFF;
                    throw new TlsAlertException("the server refused the handshake: alert " + Alerts.name(d), d);
                }
                if (tls12 && type == ContentType.application_data) {
                    break; // TLS 1.2 data after the server's Finished: for the record layer, never the card
                }
                if (waiting.size() > 0 && waiting.size() + 5 + len > CardTlsClient.MAX_BATCH) {
                    break; // the card takes the rest in its next round
                }
                byte[] record = new byte[5 + len];
                src.get(record);
                if (type == ContentType.handshake && !versionKnown) {
                    serverHello(record);
                }
                waiting.writeBytes(record);
                taken += record.length;
            }
        } catch (IOException e) {
            state = State.FAILED;
            throw e;
        }
        if (waiting.size() > 0) {
            state = State.NEED_CARD;
        }
        return taken;
    }

    /**
     * One Process-EAP round with the waiting records: the bytes to send to the server (empty when
     * the card needs more of the server's flight). When the card ends its handshake the keys are
     * exported and the machine is {@link State#DONE}; the returned bytes are then its last flight.
     */
    public byte[] step() throws IOException {
        expect(State.NEED_CARD);
        try {
            byte[] batch = waiting.toByteArray();
            waiting.reset();
            id = (id + 1) & 0xFF;
            byte[] request = EapPacket.request(id, EapType.TLS, new EapTlsMessage(EapTlsMessage.L, batch.length, batch).encode()).encode();
            return answer(card.processEap(request));
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * Learns the version from the ServerHello's cipher suite (TLS 1.3 suites are 0x13xx, RFC 8446
     * §B.4; no TLS 1.2 suite is): in TLS 1.2 records keep their content type after
     * ChangeCipherSpec, so application data that arrives with the server's Finished is told apart.
     */
    private void serverHello(byte[] r) {
        Boolean v = CardFlight.tls12Of(r);
        if (v != null) {
            versionKnown = true;
            tls12 = v;
        }
    }

    /** The card's answer to one round. */
    private byte[] answer(EapSmartcard.EapResult r) throws IOException {
        if (++rounds > MAX_ROUNDS) {
            throw new IOException("the handshake did not end after " + MAX_ROUNDS + " rounds");
        }
        byte[] tls = CardFlight.tlsOf(r.packet());
        switch (r.kind()) {
            case FAILURE -> {
                failureAlert = tls;
                state = State.FAILED;
                String why = card.failureReason();
                throw new TlsAlertException("the card ended the handshake: " + (why != null ? why : describeAlert(tls)), 0);
            }
            case TLS_PROXY_DONE -> {
                EapSmartcard.EapResult end = card.processEap(EapPacket.success(id).encode());
                if (end.kind() != EapSmartcard.EapResult.Kind.SUCCESS) {
                    throw new IOException("the card did not accept the end of the handshake (" + end.kind() + ")");
                }
                String subject = new String(card.exportedParameter(2), StandardCharsets.UTF_8);
                String alpn = card.applicationProtocol();
                java.util.List<byte[]> chain = java.util.List.copyOf(card.peerCertificates());
                ExportedKeys keys = card.exportRecordKeys();
                result = new Result(keys, keys.tls13() ? "TLSv1.3" : "TLSv1.2", keys.cipherSuite(), subject, alpn, chain, rounds);
                state = State.DONE;
                return tls;
            }
            case PACKET -> {
                state = State.NEED_SERVER;
                return tls;
            }
            default -> throw new IOException("the card gave no answer to the handshake (" + r.kind() + ")");
        }
    }

    /** The finished handshake's keys and parameters. */
    public Result result() {
        expect(State.DONE);
        return result;
    }

    /** The alert the card sent when it ended the handshake (whole records, may be empty): send it to the server. */
    public byte[] failureAlert() {
        return failureAlert.clone();
    }

    private void expect(State s) {
        if (state != s) {
            throw new IllegalStateException("the card handshake is " + state + ", not " + s);
        }
    }

    private static String describeAlert(byte[] tls) {
        if (tls.length == 7 && tls[0] == ContentType.alert) {
            return "alert " + Alerts.name(tls[6] & 0xFF);
        }
        return "no reason given";
    }
}
