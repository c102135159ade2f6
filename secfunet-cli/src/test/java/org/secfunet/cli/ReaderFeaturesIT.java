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
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.part10.FeatureTag;
import org.secfunet.pcsc.part10.ReaderFeatures;
import org.secfunet.pcsc.part10.TlvProperties;
import org.secfunet.tls.CardTlsClient;
import org.secfunet.tls.OpensslServer;
import org.secfunet.tls.TestCards;
import org.secfunet.tls.TlsConnection;

/**
 * PC/SC part 10 reader feature discovery through the real pcscd + vpcd: the reader lists
 * FEATURE_GET_TLV_PROPERTIES, which gives dwMaxAPDUDataSize 65536, so a session's driver uses
 * extended APDUs with no flag and an ECDSA TLS 1.3 s_scard handshake takes at most 6 APDUs.
 */
@ExtendWith(NeedsPcscd.class)
class ReaderFeaturesIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void vpcdReportsExtendedApdusAndTheDefaultHandshakeUsesThem() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("reader features IT CA", ThrowawayPki.KeyType.EC_P256, java.time.Duration.ofDays(2));
        Path store = TestCards.personalized(dir, pki, pki);
        String reader = PcscTestEnv.reader(0);
        try (VcardServer ignored = PcscTestEnv.serve(store)) {
            // what the reader itself answers, read with our codec
            Card raw = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(reader).connect("*");
            try {
                ReaderFeatures features = ReaderFeatures.parse(raw.transmitControlCommand(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, new byte[0]));
                assertThat(features.controlCode(FeatureTag.GET_TLV_PROPERTIES)).isPresent();
                TlvProperties properties = TlvProperties.parse(raw.transmitControlCommand(features.controlCode(FeatureTag.GET_TLV_PROPERTIES).getAsInt(), new byte[0]));
                assertThat(properties.maxApduDataSize()).isEqualTo(65536);
            } finally {
                raw.disconnect(false);
            }

            CardSession session = Readers.discover().connect(reader, ConnectOptions.DEFAULT);
            assertThat(session.maxCommandData()).isEqualTo(65535);
            assertThat(session.maxCommandData()).isEqualTo(65535); // cached: asked once per connection
            try (EapSmartcard card = new EapSmartcard(session, Tracer.OFF);
                 OpensslServer server = OpensslServer.start(dir, pki, pki, "1.3", true);
                 Socket socket = new Socket("127.0.0.1", server.port)) {
                assertThat(card.extendedApdus()).isTrue();
                socket.setSoTimeout(10_000);
                card.select();
                card.verifyPin(TestCards.PIN);
                CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now());
                assertThat(h.version()).isEqualTo("TLSv1.3");
                assertThat(h.apdus()).as("APDUs per ECDSA TLS 1.3 handshake with no flag, through pcscd").isLessThanOrEqualTo(6);
                assertThat(card.extendedApdus()).isTrue();
                TlsConnection c = h.connection();
                c.getOutputStream().write("features\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII)).readLine()).isEqualTo("serutaef");
                c.dispose();
            }
        }
    }
}
