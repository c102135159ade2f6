package org.secfunet.tls.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.apdu.CardStatusException;
import org.secfunet.apdu.TransportException;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ExportedKeys;
import org.secfunet.pcsc.sim.SimCard;
import org.secfunet.tls.CardTlsClient;
import org.secfunet.tls.TlsConnection;

/**
 * A hostile card under the host's whole operations (the card answers are the fuzzer's, see
 * {@link CardAnswers}): the EAP-TLS driver, the SIM/USIM wrapper, and the s_scard relay with its key
 * export and record layer. Each operation completes or fails with a documented exception — the
 * card refused or answered what the driver cannot use ({@link CardStatusException}), the path to it
 * failed ({@link TransportException}), the relay or TLS failed ({@link IOException}) — never
 * another one, and sends a bounded number of commands. The first input byte chooses the options
 * (bit 0: extended APDUs; bit 1: the relay's hand-off mode).
 */
class HostileCardFuzzTest {
    private static final char[] PIN = "1234".toCharArray();
    private static final char[] PUK = "12345678".toCharArray();
    private static final byte[] SIXTEEN = new byte[16];
    /** What the host itself writes to the server: one small application record, close_notify, an alert. */
    private static final int HOST_RECORDS = 256;

    @FuzzTest(maxDuration = "20s")
    void eapTlsDriver(byte[] input) {
        CardAnswers card = new CardAnswers(input, 1);
        EapSmartcard sc = new EapSmartcard(card.session(), Tracer.OFF, options(input, 0) ? ApduMode.EXTENDED : ApduMode.SHORT);
        List<Operation> ops = new ArrayList<>(List.of(sc::select, sc::pinTriesLeft, () -> sc.verifyPin(PIN), sc::identities,
                sc::preferredIdentity, sc::currentIdentity, sc::state, () -> sc.setIdentity("web"),
                () -> sc.processEap(SmartcardStart.encode(1, Instant.EPOCH)), sc::sessionKey, () -> sc.exportedParameter(4),
                sc::failureReason, () -> keys(sc.exportRecordKeys()), () -> sc.certificates(false), () -> sc.certificates(true),
                sc::publicKey, sc::serial, () -> sc.sign(EapSmartcard.SignAlgorithm.ECDSA, new byte[32]), () -> sc.decrypt(new byte[256]),
                () -> sc.changePin(PIN, PIN), () -> sc.unblockPin(PUK, PIN), () -> sc.enablePin(PIN), () -> sc.disablePin(PIN),
                () -> sc.setIdentityForTlsProxy("web", "versions=1.3"), sc::resetState));
        ops.forEach(HostileCardFuzzTest::documented);
        assertThat(card.commands()).isLessThan(CardAnswers.MAX_COMMANDS);
    }

    @FuzzTest(maxDuration = "20s")
    void simWrapper(byte[] input) {
        CardAnswers card = new CardAnswers(input, 0);
        SimCard[] sim = new SimCard[1];
        documented(() -> sim[0] = new SimCard(card.session(), Tracer.OFF));
        if (sim[0] == null) {
            return;
        }
        SimCard s = sim[0];
        List<Operation> ops = List.of(s::imsi, s::mncLength, s::pinTriesLeft, s::pukTriesLeft, () -> s.verifyPin(PIN),
                () -> s.gsmAuth(SIXTEEN), () -> s.umtsAuth(SIXTEEN, SIXTEEN), () -> s.changePin(PIN, PIN),
                () -> s.setPinEnabled(PIN, true), () -> s.unblockPin(PUK, PIN));
        ops.forEach(HostileCardFuzzTest::documented);
        assertThat(card.commands()).isLessThan(CardAnswers.MAX_COMMANDS);
    }

    /** The relay of s_scard: server bytes and card answers interleaved in the input as the host reads them. */
    @FuzzTest(maxDuration = "20s")
    void tlsProxyRelay(byte[] input) {
        CardAnswers answers = new CardAnswers(input, 1);
        EapSmartcard sc = new EapSmartcard(answers.session(), Tracer.OFF, options(input, 0) ? ApduMode.EXTENDED : ApduMode.SHORT);
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        documented(() -> {
            CardTlsClient.Handshake h = CardTlsClient.connect(sc, "web", "", answers.server(), toServer, Instant.EPOCH, m -> { },
                    options(input, 1));
            assertThat(h.version()).startsWith("TLSv1.");
            if (h.handoffKeys() != null) {
                keys(h.handoffKeys());
                return;
            }
            TlsConnection c = h.connection();
            c.write("ping".getBytes(StandardCharsets.US_ASCII), 0, 4);
            byte[] buf = new byte[1024];
            for (int i = 0; i < input.length && c.read(buf, 0, buf.length) >= 0; i++) {
                // whatever the server's records hold, each read consumes input
            }
            c.close();
        });
        assertThat(answers.commands()).isLessThan(CardAnswers.MAX_COMMANDS);
        assertThat(toServer.size()).isLessThanOrEqualTo(input.length + HOST_RECORDS); // the card's records, relayed, and the host's few
    }

    /** Every accessor of exported keys: a value or a documented refusal. */
    private static void keys(ExportedKeys k) {
        for (Operation o : List.<Operation>of(k::toString, k::tls13, k::cipherSuite, k::clientSequence, k::serverSequence, k::clientWriteKey,
                k::serverWriteKey, k::clientWriteIv, k::serverWriteIv, k::clientTrafficSecret, k::serverTrafficSecret, k::encode)) {
            documented(o);
        }
        k.wipe();
    }

    private static boolean options(byte[] input, int bit) {
        return input.length > 0 && (input[0] >> bit & 1) == 1;
    }

    /** One host operation against the card. */
    @FunctionalInterface
    private interface Operation {
        void run() throws IOException;
    }

    /** Runs {@code o}: it returns, or fails in one of the documented ways; anything else is a finding. */
    private static void documented(Operation o) {
        try {
            o.run();
        } catch (CardStatusException | TransportException | IOException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
