package org.secfunet.bench;

import org.secfunet.card.runtime.OpenCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.method.EapTlsConfig;
import org.secfunet.eap.method.EapTlsPeerMethod;
import org.secfunet.eap.method.EapTlsServerMethod;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.DefaultPolicy;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.sm.EapAuthenticatorStateMachine;
import org.secfunet.eap.sm.EapPeerMethod;
import org.secfunet.eap.sm.EapPeerStateMachine;
import org.secfunet.eap.sm.IdentityMethod;
import org.secfunet.eap.sm.Timeouts;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.engine.TlsSettings;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ForwardingSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * {@code bench eap}: what one EAP-TLS handshake costs with the card as peer — APDUs, EAP round
 * trips, bytes each way between host and card, and time — with no flag (ApduMode.AUTO), short and extended APDUs, against
 * the same handshake with the TLS client in the host JVM (no card) measured in the same run.
 */
public final class EapCardBench {
    /** One configuration's figures, per handshake. */
    public record Row(String name, double apdus, double rounds, double bytesToCard, double bytesFromCard, double medianMs, double baselineMs) {
        public String line() {
            return String.format("%-34s %6.1f APDUs %5.1f EAP rounds %7.0f B to card %7.0f B from card  %7.2f ms  (host-only %6.2f ms, %4.1fx)",
                    name, apdus, rounds, bytesToCard, bytesFromCard, medianMs, baselineMs, medianMs / baselineMs);
        }
    }

    private static final char[] PIN = "1234".toCharArray();
    private static final char[] PUK = "12345678".toCharArray();

    private EapCardBench() {
    }

    public static List<Row> run(int handshakes, Consumer<String> out) throws IOException {
        if (handshakes < 1 || handshakes > 100_000) {
            throw new IllegalArgumentException("handshakes must be 1..100000");
        }
        List<Row> rows = new ArrayList<>();
        for (ThrowawayPki.KeyType type : List.of(ThrowawayPki.KeyType.EC_P256, ThrowawayPki.KeyType.RSA_2048)) {
            ThrowawayPki pki = ThrowawayPki.create("bench CA", type, Duration.ofDays(1));
            for (String version : List.of("1.2", "1.3")) {
                double base = baseline(pki, version, handshakes);
                for (ApduMode mode : List.of(ApduMode.AUTO, ApduMode.SHORT, ApduMode.EXTENDED)) {
                    Row r = measure(pki, type, version, mode, handshakes, base);
                    out.accept(r.line());
                    rows.add(r);
                }
            }
        }
        return rows;
    }

    private static TlsSettings server(ThrowawayPki pki, String version) {
        ThrowawayPki.Credential s = pki.server("radius.bench.local");
        return new TlsSettings(Set.of(version), List.of(s.certificate()), s.key(), List.of(pki.ca().certificate()), true, null);
    }

    private static EapAuthenticatorStateMachine authenticator(TlsSettings server) {
        Map<Integer, Supplier<EapAuthenticatorMethod>> m = Map.of(EapType.IDENTITY, IdentityMethod::new,
                EapType.TLS, () -> new EapTlsServerMethod(() -> BcTlsEngine.server(server), EapTlsConfig.DEFAULT));
        return new EapAuthenticatorStateMachine(new DefaultPolicy(true, List.of(EapType.TLS), false), m, Timeouts.DEFAULT, Clock.systemUTC());
    }

    private static Row measure(ThrowawayPki pki, ThrowawayPki.KeyType type, String version, ApduMode mode, int n, double base) throws IOException {
        Path dir = Files.createTempDirectory("secfunet-bench-eap");
        Path store = dir.resolve("card.sfn");
        try {
            EapCards.init(store, "bench", PIN, PUK);
            ThrowawayPki.Credential c = pki.client("card@bench.local");
            long[] toCard = {0};
            long[] fromCard = {0};
            OpenCard open = VirtualCards.open(store);
            CardSession counting = new ForwardingSession(new InProcessSession(open.card(), "bench", open::close)) {
                @Override
                public Transport transport() {
                    return cmd -> {
                        toCard[0] += cmd.length;
                        byte[] r = inner.transport().transmit(cmd);
                        fromCard[0] += r.length;
                        return r;
                    };
                }

                @Override
                public int maxNe() {
                    return 8190; // as through javax.smartcardio
                }
            };
            try (EapSmartcard card = new EapSmartcard(counting, Tracer.OFF, mode)) {
                card.select();
                card.verifyPuk(PUK);
                card.putPrivateKey(c.key().getEncoded());
                card.appendCertificate(c.certificate().getEncoded());
                card.addCa(pki.ca().certificate().getEncoded());
                card.addIdentity("card", "card@bench.local", "peer", true);
                card.verifyPin(PIN);
                TlsSettings server = server(pki, version);
                long apdus = 0;
                long rounds = 0;
                long to = 0;
                long from = 0;
                long[] times = new long[n];
                for (int i = -2; i < n; i++) { // two warm-up handshakes
                    card.setIdentity("card");
                    long a0 = card.apduCount();
                    long t0 = toCard[0];
                    long f0 = fromCard[0];
                    long start = System.nanoTime();
                    int r = relay(card, authenticator(server));
                    long took = System.nanoTime() - start;
                    if (i >= 0) {
                        times[i] = took;
                        apdus += card.apduCount() - a0;
                        rounds += r;
                        to += toCard[0] - t0;
                        from += fromCard[0] - f0;
                    }
                }
                Arrays.sort(times);
                String name = (type == ThrowawayPki.KeyType.EC_P256 ? "ECDSA" : "RSA-2048") + " TLS " + version + switch (mode) { case AUTO -> ", no flag"; case SHORT -> ", short"; case EXTENDED -> ", extended"; };
                return new Row(name, (double) apdus / n, (double) rounds / n, (double) to / n, (double) from / n, times[n / 2] / 1e6, base);
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode a test certificate: " + e.getMessage(), e);
        } finally {
            for (String f : new String[] {"card.sfn", "card.sfn.key", "card.sfn.gen", "card.sfn.lock"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Relays one EAP-TLS authentication between the authenticator and the card; returns the EAP rounds. */
    private static int relay(EapSmartcard card, EapAuthenticatorStateMachine auth) {
        var out = auth.enable();
        for (int rounds = 1; ; rounds++) { // the authenticator's round cap bounds it
            byte[] req = out.eapReqData();
            EapPacket p = EapPacket.parse(req);
            if (p.type() == EapType.TLS && EapTlsMessage.parse(p.typeData()).isStart()) {
                req = SmartcardStart.encode(p.identifier(), Instant.now());
            }
            EapSmartcard.EapResult r = card.processEap(req);
            if (out.eapSuccess() || out.eapFail()) {
                if (!out.eapSuccess()) {
                    throw new IllegalStateException("benchmark handshake failed");
                }
                return rounds;
            }
            out = auth.receive(r.packet());
        }
    }

    /** The same EAP-TLS handshake with the TLS client in the host JVM: median ms. */
    private static double baseline(ThrowawayPki pki, String version, int n) {
        ThrowawayPki.Credential c = pki.client("host@bench.local");
        TlsSettings client = new TlsSettings(Set.of(version), List.of(c.certificate()), c.key(), List.of(pki.ca().certificate()), true, null);
        TlsSettings server = server(pki, version);
        long[] times = new long[n];
        for (int i = -2; i < n; i++) {
            Map<Integer, Supplier<EapPeerMethod>> m = Map.of(EapType.TLS,
                    () -> new EapTlsPeerMethod(t -> BcTlsEngine.client(client.withValidationTime(t)), EapTlsConfig.DEFAULT, Instant::now));
            EapPeerStateMachine peer = new EapPeerStateMachine("host@bench.local", m, Duration.ofSeconds(30), Clock.systemUTC(), null);
            EapAuthenticatorStateMachine auth = authenticator(server);
            long start = System.nanoTime();
            peer.enable();
            var out = auth.enable();
            while (!(out.eapSuccess() || out.eapFail())) {
                out = auth.receive(peer.receive(out.eapReqData()).eapRespData());
            }
            peer.receive(out.eapReqData());
            if (!peer.eapSuccess()) {
                throw new IllegalStateException("baseline handshake failed");
            }
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(times);
        return times[n / 2] / 1e6;
    }
}
