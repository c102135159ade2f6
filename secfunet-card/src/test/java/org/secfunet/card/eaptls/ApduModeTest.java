package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ForwardingSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.CardState;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * {@link ApduMode#AUTO}, the driver's default, against the real software card: extended APDUs
 * when the session carries them, short ones when it does not, and back to short APDUs for the
 * session when the card answers 6700 (or 6D00) to an extended command; on a session that does not
 * know its limit, the first SELECT goes extended and decides.
 */
class ApduModeTest {
    @TempDir
    Path dir;

    /** What crossed the wire: each command as sent, and whether it was extended. */
    private final List<Boolean> extendedOnWire = new ArrayList<>();

    /** The card in process behind a wrapper: it records each command; {@code refuse} answers it as a card without extended APDUs would. */
    private CardSession session(Path store, int maxCommandData, String refuseWith) {
        return session(store, maxCommandData, true, refuseWith);
    }

    /** As above; {@code known} false is a session that cannot say its limit, {@code refuseWith} "throw" a path that fails extended APDUs. */
    private CardSession session(Path store, int maxCommandData, boolean known, String refuseWith) {
        OpenCard open = VirtualCards.open(store);
        return new ForwardingSession(new InProcessSession(open.card(), "vcard:" + store.getFileName(), open::close)) {
            @Override
            public Transport transport() {
                return cmd -> {
                    boolean ext = CommandApdu.parse(cmd).isExtended();
                    extendedOnWire.add(ext);
                    if (ext && "throw".equals(refuseWith)) {
                        throw new org.secfunet.apdu.TransportException("exchange with the card in reader 't' failed: SCARD_E_INSUFFICIENT_BUFFER");
                    }
                    if (ext && refuseWith != null) {
                        return org.secfunet.apdu.Hex.decode(refuseWith);
                    }
                    return inner.transport().transmit(cmd);
                };
            }

            @Override
            public int maxCommandData() {
                return maxCommandData < 0 ? super.maxCommandData() : maxCommandData;
            }

            @Override
            public boolean maxCommandDataKnown() {
                return known;
            }

            @Override
            public int maxNe() {
                return 8190; // as through javax.smartcardio
            }
        };
    }

    private int handshake(EapSmartcard card, ThrowawayPki pki, String version) throws Exception {
        card.select();
        card.verifyPin(CardFixture.PIN);
        card.setIdentity("card");
        int before = card.apduCount();
        HostRelay.Outcome o = HostRelay.cardAsPeer(card, HostRelay.serverSettings(pki, Set.of(version)), Instant.now());
        assertThat(o.hostSuccess()).isTrue();
        assertThat(o.cardResult()).isEqualTo(EapSmartcard.EapResult.Kind.SUCCESS);
        assertThat(card.state()).isEqualTo(CardState.AUTHENTICATED);
        return card.apduCount() - before - 1; // without the Get-State just above
    }

    @ParameterizedTest(name = "TLS {0}")
    @CsvSource({"1.2", "1.3"})
    void autoIsExtendedInProcessAndTakesAsFewApdusAsForcedExtended(String version) throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        int auto;
        try (EapSmartcard card = new EapSmartcard(session(store, -1, null), Tracer.OFF)) {
            assertThat(card.extendedApdus()).isTrue();
            auto = handshake(card, pki, version);
            assertThat(card.extendedApdus()).isTrue();
        }
        assertThat(extendedOnWire).contains(true);
        int forced;
        try (EapSmartcard card = new EapSmartcard(session(store, -1, null), Tracer.OFF, ApduMode.EXTENDED)) {
            forced = handshake(card, pki, version);
        }
        int shortOnly;
        try (EapSmartcard card = new EapSmartcard(session(store, -1, null), Tracer.OFF, ApduMode.SHORT)) {
            assertThat(card.extendedApdus()).isFalse();
            shortOnly = handshake(card, pki, version);
        }
        assertThat(auto).isEqualTo(forced).isLessThan(shortOnly);
    }

    @Test
    void autoIsShortWhenTheSessionCarriesOnlyShortApdus() throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        try (EapSmartcard card = new EapSmartcard(session(store, 255, null), Tracer.OFF)) {
            assertThat(card.extendedApdus()).isFalse();
            handshake(card, pki, "1.3");
        }
        assertThat(extendedOnWire).isNotEmpty().doesNotContain(true);
    }

    @ParameterizedTest(name = "the card answers {0} to extended APDUs")
    @CsvSource({"6700", "6D00"})
    void autoFallsBackToShortApdusForTheSessionWhenTheCardRefusesAnExtendedOne(String sw) throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        int fallback;
        try (EapSmartcard card = new EapSmartcard(session(store, -1, sw), Tracer.OFF)) {
            assertThat(card.extendedApdus()).isTrue();
            fallback = handshake(card, pki, "1.3");
            assertThat(card.extendedApdus()).isFalse();
            assertThat(card.exportRecordKeys().tls13()).isTrue();
        }
        // one extended command was refused, then every command went short
        assertThat(extendedOnWire.stream().filter(e -> e).count()).isEqualTo(1);
        assertThat(extendedOnWire.subList(extendedOnWire.indexOf(true) + 1, extendedOnWire.size())).isNotEmpty().doesNotContain(true);
        extendedOnWire.clear();
        int shortOnly;
        try (EapSmartcard card = new EapSmartcard(session(store, -1, null), Tracer.OFF, ApduMode.SHORT)) {
            shortOnly = handshake(card, pki, "1.3");
        }
        assertThat(fallback).isBetween(shortOnly, shortOnly + 1); // the short handshake, plus the refused command when it fell inside it
    }

    @Test
    void forcedModesIgnoreTheSessionAndHaveNoFallback() throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        try (EapSmartcard card = new EapSmartcard(session(store, 255, null), Tracer.OFF, ApduMode.EXTENDED)) {
            assertThat(card.extendedApdus()).isTrue();
            handshake(card, pki, "1.3");
        }
        assertThat(extendedOnWire).contains(true);
    }

    @Test
    void anUnknownLimitOnAPathThatCarriesExtendedApdusGoesExtendedAtTheFirstSelectAtNoExtraApdu() throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        int probed;
        int probedTotal;
        try (EapSmartcard card = new EapSmartcard(session(store, 255, false, null), Tracer.OFF)) {
            assertThat(card.extendedApdus()).isFalse();
            probed = handshake(card, pki, "1.3");
            assertThat(card.extendedApdus()).isTrue();
            probedTotal = card.apduCount();
        }
        assertThat(extendedOnWire.getFirst()).as("the SELECT").isTrue();
        int forced;
        int forcedTotal;
        try (EapSmartcard card = new EapSmartcard(session(store, 255, null), Tracer.OFF, ApduMode.EXTENDED)) {
            forced = handshake(card, pki, "1.3");
            forcedTotal = card.apduCount();
        }
        assertThat(probed).isEqualTo(forced);
        assertThat(probedTotal).isEqualTo(forcedTotal);
    }

    @ParameterizedTest(name = "extended APDUs get {0}")
    @CsvSource({"throw", "6700", "6D00"})
    void anUnknownLimitOnAPathOrCardWithoutExtendedApdusSendsTheSelectAgainShortAndStaysShort(String refusal) throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        int probed;
        int probedTotal;
        try (EapSmartcard card = new EapSmartcard(session(store, 255, false, refusal), Tracer.OFF)) {
            probed = handshake(card, pki, "1.3");
            assertThat(card.extendedApdus()).isFalse();
            assertThat(card.exportRecordKeys().tls13()).isTrue();
            probedTotal = card.apduCount();
        }
        assertThat(extendedOnWire.getFirst()).as("the SELECT").isTrue();
        assertThat(extendedOnWire.subList(1, extendedOnWire.size())).isNotEmpty().doesNotContain(true);
        int shortOnly;
        int shortTotal;
        try (EapSmartcard card = new EapSmartcard(session(store, 255, null), Tracer.OFF, ApduMode.SHORT)) {
            shortOnly = handshake(card, pki, "1.3");
            card.exportRecordKeys();
            shortTotal = card.apduCount();
        }
        assertThat(probed).isEqualTo(shortOnly);
        assertThat(probedTotal).as("one extra APDU: the refused SELECT").isEqualTo(shortTotal + 1);
    }

    @Test
    void anUnknownLimitWithAnAtrThatRefusesExtendedLengthIsShortWithoutAProbe() throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        CardSession noExtended = new ForwardingSession(session(store, 255, false, null)) {
            @Override
            public byte[] atr() {
                return org.secfunet.apdu.Hex.decode("3B 85 01 80 73 00 00 00 37");
            }
        };
        try (EapSmartcard card = new EapSmartcard(noExtended, Tracer.OFF)) {
            handshake(card, pki, "1.3");
            assertThat(card.extendedApdus()).isFalse();
        }
        assertThat(extendedOnWire).isNotEmpty().doesNotContain(true);
    }
}
