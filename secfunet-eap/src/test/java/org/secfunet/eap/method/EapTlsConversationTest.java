package org.secfunet.eap.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.sm.EapAuthenticatorStateMachine;
import org.secfunet.eap.sm.EapPeerStateMachine;
import org.secfunet.eap.tls.engine.TlsSettings;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** RFC 4137 peer ⇄ full authenticator running EAP-TLS with real TLS engines, every version and key type. */
class EapTlsConversationTest {

    @ParameterizedTest(name = "TLS {0}, {1}, fragments of {2}")
    @CsvSource({
        "1.2, EC_P256, 1024",
        "1.3, EC_P256, 1024",
        "1.2, EC_P384, 300",
        "1.3, EC_P384, 300",
        "1.2, RSA_2048, 1398",
        "1.3, RSA_2048, 1398",
        "1.3, RSA_2048, 64",
        "1.2, EC_P256, 16",
    })
    void bothSidesDeriveTheSameMsk(String version, ThrowawayPki.KeyType type, int fragment) {
        ThrowawayPki pki = Fixtures.pki(type);
        EapTlsConfig cfg = new EapTlsConfig(fragment, 64 * 1024);
        AtomicReference<EapTlsPeerMethod> peerMethod = new AtomicReference<>();
        AtomicReference<EapTlsServerMethod> serverMethod = new AtomicReference<>();
        EapPeerStateMachine peer = Fixtures.peer(Fixtures.client(pki, Set.of(version)), cfg, peerMethod);
        EapAuthenticatorStateMachine auth = Fixtures.authenticator(Fixtures.server(pki, Set.of("1.2", "1.3")), cfg, serverMethod);

        int rounds = Fixtures.converse(peer, auth);

        assertThat(auth.state()).isEqualTo(EapAuthenticatorStateMachine.State.SUCCESS);
        assertThat(peer.state()).isEqualTo(EapPeerStateMachine.State.SUCCESS);
        assertThat(peer.eapSuccess()).isTrue();
        byte[] peerKey = peer.eapKeyData();
        byte[] authKey = auth.eapKeyData();
        assertThat(peerKey).hasSize(128).isEqualTo(authKey);
        assertThat(peerMethod.get().session().version()).isEqualTo("TLSv" + version);
        assertThat(serverMethod.get().session().peerChain().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=card@test.local");
        assertThat(peerMethod.get().session().cipherSuite()).contains("GCM");
        assertThat(rounds).isGreaterThan(3);
        var info = peerMethod.get().session();
        assertThat(info.msk()).hasSize(64).isEqualTo(java.util.Arrays.copyOf(peerKey, 64));
        assertThat(info.emsk()).hasSize(64).isEqualTo(java.util.Arrays.copyOfRange(peerKey, 64, 128));
        assertThat(info.sessionId()).hasSize(65).startsWith((byte) 0x0D).isEqualTo(serverMethod.get().session().sessionId());
        if (version.equals("1.2")) {
            assertThat(java.util.Arrays.copyOfRange(info.sessionId(), 1, 33)).isEqualTo(info.clientRandom());
        }
    }
}
