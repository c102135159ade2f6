package org.secfunet.tls.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.eapcard.CardState;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.sim.SimCard;
import org.secfunet.tls.CardTlsClient;

/** The seeds of {@link HostileCardFuzzTest} are whole successful runs: the fuzzer starts from the end of each operation. */
class HostileCardSeedsTest {

    @Test
    void theRelaySeedIsAWholeTls13Session() throws IOException {
        byte[] seed = seed("tlsProxyRelay/tls13-session");
        CardAnswers answers = new CardAnswers(seed, 1);
        EapSmartcard card = new EapSmartcard(answers.session(), Tracer.OFF, ApduMode.SHORT);
        CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", answers.server(), new ByteArrayOutputStream(), Instant.EPOCH);
        assertThat(h.version()).isEqualTo("TLSv1.3");
        assertThat(h.serverSubject()).isEqualTo("CN=server");
        assertThat(h.connection().getInputStream().readAllBytes()).asString().isEqualTo("pong");
    }

    @Test
    void theDriverSeedAnswersEveryOperation() {
        CardAnswers answers = new CardAnswers(seed("eapTlsDriver/personalized-card"), 1);
        EapSmartcard card = new EapSmartcard(answers.session(), Tracer.OFF, ApduMode.SHORT);
        card.select();
        assertThat(card.pinTriesLeft()).isEqualTo(3);
        card.verifyPin("1234".toCharArray());
        assertThat(card.identities()).containsExactly("web");
        card.preferredIdentity();
        card.currentIdentity();
        assertThat(card.state()).isEqualTo(CardState.IDENTITY_NOT_SET);
        card.setIdentity("web");
        assertThat(card.processEap(new byte[] {1, 1, 0, 4}).kind()).isEqualTo(EapSmartcard.EapResult.Kind.PACKET);
        assertThat(card.sessionKey()).hasSize(64);
        card.exportedParameter(4);
        assertThat(card.failureReason()).isNull();
        assertThat(card.exportRecordKeys().tls13()).isTrue();
    }

    @Test
    void theSimSeedsAreAUsimAndAGsmSim() {
        SimCard usim = new SimCard(new CardAnswers(seed("simWrapper/usim"), 0).session(), Tracer.OFF);
        assertThat(usim.kind()).isEqualTo(SimCard.Kind.USIM);
        assertThat(usim.imsi()).isEqualTo("001010123456789");
        SimCard sim = new SimCard(new CardAnswers(seed("simWrapper/gsm-sim"), 0).session(), Tracer.OFF);
        assertThat(sim.kind()).isEqualTo(SimCard.Kind.SIM);
        assertThat(sim.imsi()).isEqualTo("001010123456789");
        assertThat(sim.mncLength()).isEqualTo(3);
        assertThat(sim.pinTriesLeft()).isEqualTo(3);
    }

    private static byte[] seed(String name) {
        try (InputStream in = HostileCardSeedsTest.class.getResourceAsStream("HostileCardFuzzTestInputs/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
