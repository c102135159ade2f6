package org.secfunet.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.secfunet.eap.tls.engine.AeadSuite;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * The TLS proxy client (the seed's s_scard engine): the card runs the TLS handshake with a real TLS
 * server; the host only relays TLS records inside EAP-TLS packets inside APDUs — it plays the EAP
 * authenticator in pass-through to the server — then takes the exported keys, releases the card
 * and carries the record layer itself.
 */
public final class CardTlsClient {
    /** Largest flight the host gathers for the card (the card accepts 64 KiB). */
    static final int MAX_BATCH = 60 * 1024;
    private static final int MAX_ROUNDS = 64;

    /**
     * What the handshake gave: the connection (or, for a hand-off, the keys for another holder of
     * the connection), and what to tell the user about it.
     */
    public record Handshake(TlsConnection connection, String version, String cipherSuite, String serverSubject,
                            long nanos, int apdus, int rounds, long bytesToCard, long bytesFromCard, ExportedKeys handoffKeys,
                            byte[] earlyRecords) {
        /**
         * Records the server sent right after its Finished in the same flight (TLS 1.2 application
         * data of a server that speaks first), read during the handshake but never given to the card:
         * for a hand-off, the new holder of the connection must read them before the socket's bytes
         * (a {@link #connection()} made here already does).
         */
        @Override
        public byte[] earlyRecords() {
            return earlyRecords.clone();
        }
    }

    private CardTlsClient() {
    }

    /**
     * Runs the handshake through the card (PIN already verified) over an established connection.
     *
     * @param identity the card identity whose credentials authenticate the client
     * @param now      the time the card checks the server's chain at
     */
    public static Handshake connect(EapSmartcard card, String identity, InputStream in, OutputStream out, Instant now) throws IOException {
        return connect(card, identity, "", in, out, now, m -> { });
    }

    /**
     * @param options the card's TLS options for this session ("versions=…;suites=…;sni=…", see the driver)
     * @param messages told about every record relayed (the -msg view)
     */
    public static Handshake connect(EapSmartcard card, String identity, String options, InputStream in, OutputStream out, Instant now,
                                    java.util.function.Consumer<String> messages) throws IOException {
        return connect(card, identity, options, in, out, now, messages, false);
    }

    /**
     * @param handoff true: build no record layer here; the result carries the exported keys for the
     *                holder that will continue the session (s_hypervisor's hand-off mode)
     */
    public static Handshake connect(EapSmartcard card, String identity, String options, InputStream in, OutputStream out, Instant now,
                                    java.util.function.Consumer<String> messages, boolean handoff) throws IOException {
        return run(card, identity, options, in, in, out, now, messages, handoff);
    }

    /**
     * Over {@code server}, the whole handshake bounded by {@code limit} (each read waits at most what
     * is left of it); the socket's read timeout is restored afterwards.
     *
     * @throws HandshakeDeadline.HandshakeTimeoutException when the server has not finished within {@code limit}
     */
    public static Handshake connect(EapSmartcard card, String identity, String options, Socket server, Duration limit, Instant now,
                                    java.util.function.Consumer<String> messages, boolean handoff) throws IOException {
        int before = server.getSoTimeout();
        HandshakeDeadline deadline = new HandshakeDeadline(server, limit);
        Handshake h = run(card, identity, options, deadline.input(), server.getInputStream(), server.getOutputStream(), now, messages, handoff);
        server.setSoTimeout(before);
        return h;
    }

    /** The handshake reading the server's flights from {@code handshakeIn}; the record layer then reads {@code recordIn}. */
    private static Handshake run(EapSmartcard card, String identity, String options, InputStream handshakeIn, InputStream in, OutputStream out,
                                 Instant now, java.util.function.Consumer<String> messages, boolean handoff) throws IOException {
        long t0 = System.nanoTime();
        int apdus0 = card.apduCount();
        card.setIdentityForTlsProxy(identity, options);
        int id = 1;
        long toCard = 0;
        long fromCard = 0;
        byte[] request = SmartcardStart.encode(id, now);
        Boolean tls12 = null; // known from the ServerHello
        java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            toCard += request.length;
            EapSmartcard.EapResult r = card.processEap(request);
            byte[] tls = CardFlight.tlsOf(r.packet());
            fromCard += r.packet() == null ? 0 : r.packet().length;
            switch (r.kind()) {
                case FAILURE -> {
                    if (tls.length > 0) {
                        out.write(tls); // the card's alert, so the server knows
                        out.flush();
                    }
                    String why = card.failureReason();
                    throw new TlsAlertException("the card ended the handshake: " + (why != null ? why : describeAlert(tls, "no reason given")), 0);
                }
                case TLS_PROXY_DONE -> {
                    describe(">>>", tls, messages);
                    out.write(tls);
                    out.flush();
                    EapSmartcard.EapResult end = card.processEap(EapPacket.success(id).encode());
                    if (end.kind() != EapSmartcard.EapResult.Kind.SUCCESS) {
                        throw new IOException("the card did not accept the end of the handshake (" + end.kind() + ")");
                    }
                    ExportedKeys keys = card.exportRecordKeys();
                    String version = keys.tls13() ? "TLSv1.3" : "TLSv1.2";
                    String suite = AeadSuite.opensslName(keys.cipherSuite());
                    String subject = new String(card.exportedParameter(2), StandardCharsets.UTF_8);
                    InputStream records = early.size() == 0 ? in : new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(early.toByteArray()), in);
                    TlsConnection c = handoff ? null : new TlsConnection(keys, records, out);
                    return new Handshake(c, version, suite, subject, System.nanoTime() - t0, card.apduCount() - apdus0, round, toCard, fromCard,
                            handoff ? keys : null, early.toByteArray());
                }
                case PACKET -> {
                    describe(">>>", tls, messages);
                    if (tls.length > 0) {
                        out.write(tls);
                        out.flush();
                    }
                }
                default -> throw new IOException("the card gave no answer to the handshake (" + r.kind() + ")");
            }
            byte[] batch = readFlight(handshakeIn, Boolean.TRUE.equals(tls12), early);
            if (tls12 == null) {
                tls12 = CardFlight.tls12Of(batch);
            }
            describe("<<<", batch, messages);
            id = (id + 1) & 0xFF;
            request = EapPacket.request(id, EapType.TLS, new EapTlsMessage(EapTlsMessage.L, batch.length, batch).encode()).encode();
        }
        throw new IOException("the handshake did not end after " + MAX_ROUNDS + " rounds");
    }

    /**
     * One flight from the server: at least one whole record, then every whole record already
     * arrived. A plaintext alert (the server refusing the handshake) ends it with an error.
     */
    static byte[] readFlight(InputStream in) throws IOException {
        return readFlight(in, false, new ByteArrayOutputStream());
    }

    /**
     * As {@link #readFlight(InputStream)}; in TLS 1.2 ({@code tls12}) an application-data record
     * (which only follows the server's Finished there: TLS 1.2 records keep their type after
     * ChangeCipherSpec) ends the flight and goes to {@code early}, with nothing after it read.
     */
    static byte[] readFlight(InputStream in, boolean tls12, ByteArrayOutputStream early) throws IOException {
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        do {
            byte[] header = in.readNBytes(5);
            if (header.length < 5) {
                throw new EOFException("the server closed the connection during the handshake");
            }
            if (!CardFlight.knownType(header[0]) || header[1] != 3) {
                throw new IOException("the server sent something that is not TLS (record type " + (header[0] & 0xFF) + ")");
            }
            int len = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            if (len > (1 << 14) + 2048) {
                throw new TlsAlertException("the server sent a record of " + len + " bytes during the handshake", AlertDescription.record_overflow);
            }
            byte[] body = in.readNBytes(len);
            if (body.length < len) {
                throw new EOFException("the server closed the connection in the middle of a record");
            }
            if (header[0] == ContentType.alert && len == 2) {
                throw new TlsAlertException("the server refused the handshake: alert " + Alerts.name(body[1] & 0xFF), body[1] & 0xFF);
            }
            if (tls12 && header[0] == ContentType.application_data) {
                early.writeBytes(header);
                early.writeBytes(body);
                if (flight.size() == 0) {
                    throw new IOException("the server sent application data before finishing the handshake");
                }
                return flight.toByteArray();
            }
            flight.writeBytes(header);
            flight.writeBytes(body);
            if (flight.size() > MAX_BATCH) {
                throw new IOException("the server's flight exceeds " + MAX_BATCH + " bytes");
            }
        } while (in.available() >= 5);
        return flight.toByteArray();
    }

    /** One line per record: direction, type, length (the openssl -msg habit, at record level). */
    private static void describe(String dir, byte[] records, java.util.function.Consumer<String> messages) {
        int off = 0;
        while (off + 5 <= records.length) {
            int type = records[off] & 0xFF;
            int len = ((records[off + 3] & 0xFF) << 8) | (records[off + 4] & 0xFF);
            String name = switch (type) {
                case ContentType.change_cipher_spec -> "ChangeCipherSpec";
                case ContentType.alert -> "Alert";
                case ContentType.handshake -> "Handshake" + (off + 5 < records.length ? " " + handshakeName(records[off + 5] & 0xFF) : "");
                case ContentType.application_data -> "ApplicationData (encrypted)";
                default -> "type " + type;
            };
            messages.accept(dir + " TLS record " + name + " [length " + len + "]");
            off += 5 + len;
        }
    }

    private static String handshakeName(int t) {
        return switch (t) {
            case HandshakeType.client_hello -> "ClientHello";
            case HandshakeType.server_hello -> "ServerHello";
            case HandshakeType.certificate -> "Certificate";
            case HandshakeType.server_key_exchange -> "ServerKeyExchange";
            case HandshakeType.certificate_request -> "CertificateRequest";
            case HandshakeType.server_hello_done -> "ServerHelloDone";
            case HandshakeType.certificate_verify -> "CertificateVerify";
            case HandshakeType.client_key_exchange -> "ClientKeyExchange";
            case HandshakeType.finished -> "Finished";
            default -> "(encrypted or type " + t + ")";
        };
    }

    private static String describeAlert(byte[] tls, String otherwise) {
        if (tls.length == 7 && tls[0] == ContentType.alert) {
            return "alert " + Alerts.name(tls[6] & 0xFF);
        }
        return otherwise;
    }
}
