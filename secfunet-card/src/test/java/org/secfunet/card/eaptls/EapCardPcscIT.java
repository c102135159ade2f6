package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VcardServer;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ExportedKeys;
import org.secfunet.pcsc.vpcd.VpcdBridge;

/**
 * The personalized EAP-TLS software card inside pcscd (vpcd), driven through javax.smartcardio by
 * the host's EAP authenticator, in both roles, TLS 1.2 and 1.3, ECDSA and RSA, short and extended APDUs.
 */
class EapCardPcscIT {
    @TempDir
    Path dir;

    @BeforeEach
    void env() {
        if (System.getenv("SECFUNET_VPCD_BASE") == null) {
            if ("1".equals(System.getenv("SECFUNET_PCSC_REQUIRED"))) {
                fail("SECFUNET_PCSC_REQUIRED=1 but no pcscd+vpcd environment");
            }
            assumeTrue(false, "no pcscd+vpcd environment (run bin/test)");
        }
    }

    private static final String READER = "VPCD0 00 00";

    private VcardServer serve(Path store) throws InterruptedException {
        int port = Integer.parseInt(System.getenv("SECFUNET_VPCD_BASE"));
        awaitCard(false, "slot empty");
        CountDownLatch ready = new CountDownLatch(1);
        VcardServer server = new VcardServer(List.of(new VcardServer.Slot(store, "127.0.0.1", port)), (s, st) -> {
            if (st == VpcdBridge.State.READY) {
                ready.countDown();
            }
        }).start();
        assertThat(ready.await(10, TimeUnit.SECONDS)).as("vpcd polled the card").isTrue();
        awaitCard(true, "card visible in " + READER);
        return server;
    }

    @SuppressWarnings("try") // a resource held open for the body, never named in it
    private Path personalizeThroughPcscd(ThrowawayPki pki, String role) throws Exception {
        Path store = dir.resolve("pcsc-" + role + ".sfn");
        EapCards.init(store, "pcscd EAP-TLS card", CardFixture.PIN, CardFixture.PUK);
        ThrowawayPki.Credential cred = role.equals("server") ? pki.server("card-server.test.local") : pki.client("card@test.local");
        try (VcardServer ignored = serve(store);
             EapSmartcard card = new EapSmartcard(Readers.discover().connect(READER, ConnectOptions.DEFAULT), Tracer.OFF, ApduMode.SHORT)) {
            card.select();
            CardFixture.personalize(card, pki, cred, role);
        }
        return store;
    }

    @ParameterizedTest(name = "{0} role, TLS {1}, {2}, extended {3}")
    @CsvSource({
        "peer, 1.2, EC_P256, false", "peer, 1.3, EC_P256, true", "peer, 1.2, RSA_2048, true", "peer, 1.3, RSA_2048, false",
        "server, 1.2, EC_P256, true", "server, 1.3, RSA_2048, false",
    })
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void eapTlsThroughPcscd(String role, String version, ThrowawayPki.KeyType type, boolean extended) throws Exception {
        ThrowawayPki pki = CardFixture.pki(type);
        Path store = personalizeThroughPcscd(pki, role);
        try (VcardServer ignored = serve(store)) {
            CardSession session = Readers.discover().connect(READER, ConnectOptions.DEFAULT);
            try (EapSmartcard card = new EapSmartcard(session, Tracer.OFF, extended ? ApduMode.EXTENDED : ApduMode.SHORT)) {
                card.select();
                card.verifyPin(CardFixture.PIN);
                card.setIdentity("card");
                HostRelay.Outcome o = role.equals("peer")
                        ? HostRelay.cardAsPeer(card, HostRelay.serverSettings(pki, Set.of(version)), Instant.now())
                        : HostRelay.cardAsServer(card, HostRelay.clientSettings(pki, Set.of(version)));
                assertThat(o.hostSuccess()).isTrue();
                assertThat(card.sessionKey()).isEqualTo(Arrays.copyOf(o.hostKey(), 64));
                if (role.equals("peer")) {
                    ExportedKeys keys = card.exportRecordKeys();
                    BcTlsEngine server = o.hostEngine();
                    server.writeApplicationData("through pcscd".getBytes(StandardCharsets.US_ASCII));
                    assertThat(RecordDecryptor.serverRecord(keys, server.takeOutput())).asString(StandardCharsets.US_ASCII).isEqualTo("through pcscd");
                }
            }
        }
    }

    private static void awaitCard(boolean present, String what) throws InterruptedException {
        if (!PcscReaders.shared().awaitCard(READER, present, java.time.Duration.ofSeconds(10))) {
            fail("timed out waiting for " + what);
        }
    }
}
