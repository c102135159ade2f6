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
 * T=1 session does not know its limit (it reports 255 as a floor), the driver's first SELECT goes
 * extended, vpcd carries it, and an unflagged ECDSA TLS 1.3 handshake takes at most 6 APDUs, as
 * forced extended APDUs do; {@code -short} ({@link ApduMode#SHORT}) still forces short ones. A
 * reader that does report dwMaxAPDUDataSize is covered by PcscSessionLimitTest and the codec
 * tests; a path that refuses the extended SELECT by ExtendedProbeTest and ApduModeTest.
 */
@ExtendWith(NeedsPcscd.class)
class ReaderFeaturesIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void aReaderThatAnswersNoFeatureRequestIsProbedAndAnUnflaggedHandshakeGoesExtended() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("reader features IT CA", ThrowawayPki.KeyType.EC_P256, java.time.Duration.ofDays(2));
        Path store = TestCards.personalized(dir, pki, pki);
        String reader = PcscTestEnv.reader(0);
        try (VcardServer ignored = PcscTestEnv.serve(store)) {
            Card raw = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(reader).connect("*");
            boolean answers;
            int expected;
            boolean known; // the reader gave dwMaxAPDUDataSize
            try {
                byte[] answer = raw.transmitControlCommand(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, new byte[0]);
                ReaderFeatures features = ReaderFeatures.parse(answer);
                answers = true;
                TlvProperties properties = features.controlCode(FeatureTag.GET_TLV_PROPERTIES).isPresent()
                        ? TlvProperties.parse(raw.transmitControlCommand(features.controlCode(FeatureTag.GET_TLV_PROPERTIES).getAsInt(), new byte[0]))
                        : null;
                expected = properties == null ? ApduSizeDiscovery.SHORT : ApduSizeDiscovery.fromDataSize(properties.maxApduDataSize());
                known = properties != null && properties.number(org.secfunet.pcsc.part10.TlvProperty.dwMaxAPDUDataSize).isPresent();
            } catch (javax.smartcardio.CardException refused) {
                answers = false;
                expected = ApduSizeDiscovery.SHORT;
                known = false;
            } finally {
                raw.disconnect(false);
            }
            CardSession session = Readers.discover().connect(reader, ConnectOptions.DEFAULT);
            assertThat(session.maxCommandData()).as("reader answers the feature request: %s", answers).isEqualTo(expected);
            assertThat(session.maxCommandDataKnown()).as("reader answers the feature request: %s", answers).isEqualTo(known);
            int apdus = handshakeApdus(session, ApduMode.AUTO, pki);
            System.out.println("ReaderFeaturesIT: unflagged ECDSA TLS 1.3 handshake through pcscd + vpcd: " + apdus + " APDUs");
            assertThat(apdus).as("no flag").isLessThanOrEqualTo(6);
        }
        try (VcardServer ignored = PcscTestEnv.serve(store)) {
            CardSession session = Readers.discover().connect(reader, ConnectOptions.DEFAULT);
            assertThat(handshakeApdus(session, ApduMode.SHORT, pki)).as("-short through pcscd + vpcd").isGreaterThan(6);
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
