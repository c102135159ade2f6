package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.CardState;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/** The EAP-TLS card in process, driven by the SDK driver, against in-JVM TLS peers, both roles. */
class EapTlsCardTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "card as peer, TLS {0}, {1}, extended APDUs {2}")
    @CsvSource({
        "1.2, EC_P256, false", "1.3, EC_P256, false", "1.2, EC_P384, true", "1.3, EC_P384, true",
        "1.2, RSA_2048, true", "1.3, RSA_2048, false", "1.3, RSA_4096, true",
    })
    void cardAsPeerCompletesEapTlsAndExportsWorkingKeys(String version, ThrowawayPki.KeyType type, boolean extended) throws Exception {
        ThrowawayPki pki = CardFixture.pki(type);
        Path store = CardFixture.personalized(dir, pki, "peer");
        try (EapSmartcard card = CardFixture.open(store, Tracer.OFF, extended)) {
            assertThatThrownBy(() -> card.processEap(new byte[] {1, 0, 0, 5, 1}))
                    .isInstanceOf(EapCardException.PinException.class).hasMessageContaining("3 tries left");
            card.verifyPin(CardFixture.PIN);
            assertThat(card.state()).isEqualTo(CardState.IDENTITY_NOT_SET);
            card.setIdentity("card");
            assertThat(card.currentIdentity()).isEqualTo("card");
            assertThat(card.state()).isEqualTo(CardState.NOT_AUTHENTICATED);

            HostRelay.Outcome o = HostRelay.cardAsPeer(card, HostRelay.serverSettings(pki, Set.of(version)), Instant.now());

            assertThat(o.hostSuccess()).isTrue();
            assertThat(o.cardResult()).isEqualTo(EapSmartcard.EapResult.Kind.SUCCESS);
            assertThat(card.state()).isEqualTo(CardState.AUTHENTICATED);
            assertThat(card.sessionKey()).hasSize(64).isEqualTo(Arrays.copyOf(o.hostKey(), 64));
            assertThat(card.exportedParameter(4)).hasSize(65).startsWith((byte) 0x0D);
            assertThat(new String(card.exportedParameter(1), StandardCharsets.UTF_8)).isEqualTo("card@test.local");

            ExportedKeys keys = card.exportRecordKeys();
            assertThat(keys.tls13()).isEqualTo(version.equals("1.3"));
            BcTlsEngine server = o.hostEngine();
            server.writeApplicationData("hello card".getBytes(StandardCharsets.US_ASCII));
            byte[] record = server.takeOutput();
            assertThat(RecordDecryptor.serverRecord(keys, record)).asString(StandardCharsets.US_ASCII).isEqualTo("hello card");
            keys.wipe();
            assertThatThrownBy(card::exportRecordKeys).isInstanceOf(EapCardException.class).hasMessageContaining("6985");
        }
    }

    @ParameterizedTest(name = "card as peer, ChaCha20-Poly1305, TLS {0}")
    @CsvSource({"1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "1.3, TLS_CHACHA20_POLY1305_SHA256", "1.3, TLS_AES_256_GCM_SHA384"})
    void otherAeadSuitesAndTheirExportedKeys(String version, String suite) throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        try (EapSmartcard card = CardFixture.open(store, Tracer.OFF, true)) {
            card.verifyPin(CardFixture.PIN);
            card.setIdentity("card");
            HostRelay.Outcome o = HostRelay.cardAsPeer(card, HostRelay.serverSettings(pki, Set.of(version)).withSuites(java.util.List.of(suite)), Instant.now());
            assertThat(o.hostSuccess()).isTrue();
            ExportedKeys keys = card.exportRecordKeys();
            assertThat(org.secfunet.apdu.Hex.shortHex(keys.cipherSuite())).isEqualTo(switch (suite) {
                case "TLS_CHACHA20_POLY1305_SHA256" -> "1303";
                case "TLS_AES_256_GCM_SHA384" -> "1302";
                default -> "CCA9";
            });
            o.hostEngine().writeApplicationData("chacha".getBytes(StandardCharsets.US_ASCII));
            assertThat(RecordDecryptor.serverRecord(keys, o.hostEngine().takeOutput())).asString(StandardCharsets.US_ASCII).isEqualTo("chacha");
        }
    }

    @ParameterizedTest(name = "card as server, TLS {0}, {1}")
    @CsvSource({"1.2, EC_P256", "1.3, EC_P256", "1.2, RSA_2048", "1.3, RSA_2048"})
    void cardAsServerAuthenticatesAnEapPeer(String version, ThrowawayPki.KeyType type) throws Exception {
        ThrowawayPki pki = CardFixture.pki(type);
        Path store = CardFixture.personalized(dir, pki, "server");
        try (EapSmartcard card = CardFixture.open(store, Tracer.OFF, true)) {
            card.verifyPin(CardFixture.PIN);
            card.setIdentity("card");
            HostRelay.Outcome o = HostRelay.cardAsServer(card, HostRelay.clientSettings(pki, Set.of(version)));
            assertThat(o.hostSuccess()).isTrue();
            assertThat(o.cardResult()).isEqualTo(EapSmartcard.EapResult.Kind.SUCCESS);
            assertThat(card.sessionKey()).isEqualTo(Arrays.copyOf(o.hostKey(), 64));
            assertThat(new String(card.exportedParameter(1), StandardCharsets.UTF_8)).contains("host-peer@test.local");
            // the card, as server, exports keys that read the peer's next record
            ExportedKeys keys = card.exportRecordKeys();
            o.hostEngine().writeApplicationData("from the peer".getBytes(StandardCharsets.US_ASCII));
            assertThat(RecordDecryptor.clientRecord(keys, o.hostEngine().takeOutput())).asString(StandardCharsets.US_ASCII).isEqualTo("from the peer");
        }
    }

    @ParameterizedTest(name = "a card time of {0} rejects the server's chain")
    @CsvSource({"2099-01-01T00:00:00Z", "2001-01-01T00:00:00Z"})
    void theTimeTheHostSuppliesIsWhatTheChainIsCheckedAt(String time) {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        try (EapSmartcard card = CardFixture.open(store, Tracer.OFF, false)) {
            card.verifyPin(CardFixture.PIN);
            card.setIdentity("card");
            HostRelay.Outcome o = HostRelay.cardAsPeer(card, HostRelay.serverSettings(pki, Set.of("1.3")), Instant.parse(time));
            assertThat(o.hostSuccess()).isFalse();
            assertThat(o.cardResult()).isEqualTo(EapSmartcard.EapResult.Kind.FAILURE);
            assertThat(card.state()).isEqualTo(CardState.NOT_AUTHENTICATED);
            assertThatThrownBy(card::sessionKey).hasMessageContaining("6985");
        }
    }
}
