package org.secfunet.jca.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VcardServer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.lab.NginxLab;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.TestCards;

/**
 * The faults users of other providers report, against nginx: pcscd restarted between two requests,
 * the card removed and reinserted, a wrong PIN, a blocked PIN. Each gives the documented behaviour
 * (docs/jca.md) and the next good request succeeds, in the same JVM, with the same SSL contexts.
 */
class FaultsIT {
    @TempDir
    Path dir;

    @Test
    void pcscdRestartAndCardReinsertionNeedNoJvmRestart() throws Exception {
        PcscLab.require();
        String hook = System.getenv("SECFUNET_PCSCD_RESTART");
        if (hook == null) {
            fail("SECFUNET_PCSCD_RESTART (set by bin/test) is missing");
        }
        ThrowawayPki pki = Labs.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = Labs.card(dir.resolve("card"), pki, "card@test.local");
        String reader = PcscLab.reader(0);
        String expected = "CN=card@test.local|TLSv1.3";
        SecFuNetProvider p = Labs.provider(reader + ";pin=pass:1234");
        try (NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv1.3");
             AutoCloseable installed = Labs.installed(p)) {
            SSLContext[] contexts = new SSLContext[2]; // the same two contexts serve again once the card is back
            VcardServer served = PcscLab.serve(store);
            try {
                SSLContext one = Labs.modeOne(p, pki); // the key store is loaded (and the PIN checked) with the card in
                SSLContext two = Labs.modeTwo(p);
                contexts[0] = one;
                contexts[1] = two;
                assertThat(Labs.get(two, nginx.uri())).isEqualTo(expected);
                assertThat(Labs.get(one, nginx.uri())).isEqualTo(expected);

                Process restart = new ProcessBuilder(hook).inheritIO().start();
                assertThat(restart.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(restart.exitValue()).isZero();
                PcscLab.await(reader, true);
                assertThat(Labs.get(two, nginx.uri())).as("mode 2 after a pcscd restart").isEqualTo(expected);
                assertThat(Labs.get(one, nginx.uri())).as("mode 1 after a pcscd restart").isEqualTo(expected);

                served.close(); // the card is removed
                PcscLab.await(reader, false);
                assertThatThrownBy(() -> Labs.get(two, nginx.uri())).isInstanceOf(IOException.class)
                        .satisfies(e -> assertThat(Labs.messages(e)).contains("SSLHandshakeException").contains(reader).contains("no card answers").doesNotContain("1234"));
                assertThatThrownBy(() -> Labs.get(one, nginx.uri())).isInstanceOf(IOException.class)
                        .satisfies(e -> assertThat(Labs.messages(e)).contains(reader).doesNotContain("1234"));
            } finally {
                served.close();
            }
            try (VcardServer again = PcscLab.serve(store)) { // reinserted
                assertThat(Labs.get(contexts[1], nginx.uri())).as("mode 2 after the card came back").isEqualTo(expected);
                assertThat(Labs.get(contexts[0], nginx.uri())).as("mode 1 after the card came back").isEqualTo(expected);
            }
        } finally {
            p.bank().close();
        }
    }

    @Test
    void aWrongPinNamesTriesLeftABlockedPinSaysHowToUnblockAndTheNextGoodRequestSucceeds() throws Exception {
        ThrowawayPki pki = Labs.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = Labs.card(dir.resolve("card"), pki, "card@test.local");
        String expected = "CN=card@test.local|TLSv1.3";
        try (NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv1.3")) {
            SecFuNetProvider wrong = Labs.provider("vcard:" + store + ";pin=pass:0000");
            try {
                assertThatThrownBy(() -> Labs.get(Labs.modeTwo(wrong), nginx.uri()))
                        .satisfies(e -> assertThat(Labs.messages(e)).contains("SSLHandshakeException").contains("wrong PIN").contains("2 tries left").doesNotContain("0000"));
            } finally {
                wrong.bank().close();
            }
            SecFuNetProvider good = Labs.provider("vcard:" + store + ";pin=pass:1234");
            try (AutoCloseable installed = Labs.installed(good)) {
                assertThat(Labs.get(Labs.modeTwo(good), nginx.uri())).as("the right PIN after a wrong one").isEqualTo(expected);
                KeyStore ks = KeyStore.getInstance("SecFuNet", good);
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> ks.load(null, "0000".toCharArray())).isInstanceOf(IOException.class).hasMessageContaining("wrong PIN");
                }
                assertThatThrownBy(() -> ks.load(null, "0000".toCharArray())).isInstanceOf(IOException.class).hasMessageContaining("PIN");
                assertThatThrownBy(() -> ks.load(null, TestCards.PIN)).isInstanceOf(IOException.class)
                        .hasMessageContaining("blocked").hasMessageContaining("secfunet card pin unblock").hasMessageNotContaining("1234");
                assertThatThrownBy(() -> Labs.get(Labs.modeTwo(good), nginx.uri()))
                        .satisfies(e -> assertThat(Labs.messages(e)).contains("SSLHandshakeException").contains("blocked"));
            } finally {
                good.bank().close();
            }
            try (EapSmartcard card = TestCards.open(store, false)) { // what 'secfunet card pin unblock' does
                card.unblockPin(TestCards.PUK, TestCards.PIN);
            }
            SecFuNetProvider after = Labs.provider("vcard:" + store + ";pin=pass:1234");
            try (AutoCloseable installed = Labs.installed(after)) {
                assertThat(Labs.get(Labs.modeOne(after, pki), nginx.uri())).as("mode 1 once unblocked").isEqualTo(expected);
                assertThat(Labs.get(Labs.modeTwo(after), nginx.uri())).as("mode 2 once unblocked").isEqualTo(expected);
            } finally {
                after.bank().close();
            }
        }
    }
}
