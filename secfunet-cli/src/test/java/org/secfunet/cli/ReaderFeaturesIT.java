package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import javax.smartcardio.Card;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VcardServer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.part10.ApduSizeDiscovery;
import org.secfunet.pcsc.part10.FeatureTag;
import org.secfunet.pcsc.part10.ReaderFeatures;
import org.secfunet.pcsc.part10.TlvProperties;
import org.secfunet.tls.CardTlsClient;
import org.secfunet.tls.OpensslServer;
import org.secfunet.tls.TestCards;
import org.secfunet.tls.TlsConnection;

/**
 * PC/SC part 10 reader feature discovery through the real pcscd + vpcd. Debian's vpcd driver (3.3)
 * implements no IFDHControl: pcscd answers the feature request SCARD_E_UNSUPPORTED_FEATURE, so the
 * session reports short APDUs only and an unflagged handshake goes in short APDUs, without an error;
 * forced extended APDUs still pass vpcd (it carries them) and take at most 6 APDUs. A reader that
 * does report dwMaxAPDUDataSize is covered by PcscSessionLimitTest and the codec tests.
 */
@ExtendWith(NeedsPcscd.class)
class ReaderFeaturesIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void aReaderThatAnswersNoFeatureRequestIsShortAndTheHandshakeStillWorks() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("reader features IT CA", ThrowawayPki.KeyType.EC_P256, java.time.Duration.ofDays(2));
        Path store = TestCards.personalized(dir, pki, pki);
        String reader = PcscTestEnv.reader(0);
        try (VcardServer ignored = PcscTestEnv.serve(store)) {
            Card raw = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(reader).connect("*");
            boolean answers;
            int expected;
            try {
                byte[] answer = raw.transmitControlCommand(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, new byte[0]);
                ReaderFeatures features = ReaderFeatures.parse(answer);
                answers = true;
                expected = features.controlCode(FeatureTag.GET_TLV_PROPERTIES).isPresent()
                        ? ApduSizeDiscovery.fromDataSize(TlvProperties.parse(raw.transmitControlCommand(
                                features.controlCode(FeatureTag.GET_TLV_PROPERTIES).getAsInt(), new byte[0])).maxApduDataSize())
                        : ApduSizeDiscovery.SHORT;
            } catch (javax.smartcardio.CardException refused) {
                answers = false;
                expected = ApduSizeDiscovery.SHORT;
            } finally {
                raw.disconnect(false);
            }
            CardSession session = Readers.discover().connect(reader, ConnectOptions.DEFAULT);
            assertThat(session.maxCommandData()).as("reader answers the feature request: %s", answers).isEqualTo(expected);
            assertThat(handshakeApdus(session, ApduMode.AUTO, pki)).as("no flag").isLessThanOrEqualTo(expected > ApduSizeDiscovery.SHORT ? 6 : 16);
        }
        try (VcardServer ignored = PcscTestEnv.serve(store)) {
            CardSession session = Readers.discover().connect(reader, ConnectOptions.DEFAULT);
            assertThat(handshakeApdus(session, ApduMode.EXTENDED, pki)).as("-extended through pcscd + vpcd").isLessThanOrEqualTo(6);
        }
    }

    private int handshakeApdus(CardSession session, ApduMode mode, ThrowawayPki pki) throws Exception {
        try (EapSmartcard card = new EapSmartcard(session, Tracer.OFF, mode);
             OpensslServer server = OpensslServer.start(dir, pki, pki, "1.3", true);
             Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(10_000);
            card.select();
            card.verifyPin(TestCards.PIN);
            CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now());
            assertThat(h.version()).isEqualTo("TLSv1.3");
            TlsConnection c = h.connection();
            c.getOutputStream().write("features\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII)).readLine()).isEqualTo("serutaef");
            c.dispose();
            return h.apdus();
        }
    }
}
