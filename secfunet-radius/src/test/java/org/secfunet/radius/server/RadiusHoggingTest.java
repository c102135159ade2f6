package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.radius.server.RadiusDispatcherTest.NAS;
import static org.secfunet.radius.server.RadiusDispatcherTest.SECRET;
import static org.secfunet.radius.server.RadiusDispatcherTest.reply;
import static org.secfunet.radius.server.RadiusDispatcherTest.request;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.Readers;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusEapMessage;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.service.CardPool;

/**
 * Card hogging, on the injected clock: abandoned EAP-Response/Identity starts must not keep the
 * cards. A silent round frees its card long before the conversation timeout, a conversation kept
 * alive round after round ends at that timeout, and one calling station or one NAS holds only its
 * share of the cards while the others still get theirs.
 */
class RadiusHoggingTest {
    @TempDir
    Path dir;
    final AtomicLong now = new AtomicLong();
    int id;

    private RadiusDispatcher dispatcher(int cards, String moreLimits) throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, cards, Duration.ofDays(1));
        Path config = lab.serverConfig(0, 30);
        Files.writeString(config, Files.readString(config) + moreLimits); // [limits] is the file's last table
        return new RadiusDispatcher(RadiusServerConfig.load(config), Readers.discover(), now::get);
    }

    /** An EAP-Response/Identity from {@code station} (no Calling-Station-Id when null). */
    private Dispatch start(RadiusDispatcher d, String station) {
        List<RadiusAttribute> attrs = new ArrayList<>();
        attrs.add(RadiusAttribute.text(RadiusAttributeType.USER_NAME, RadiusLab.PEER_IDENTITY));
        if (station != null) {
            attrs.add(RadiusAttribute.text(RadiusAttributeType.CALLING_STATION_ID, station));
        }
        attrs.addAll(RadiusEapMessage.split(EapPacket.response(0, EapType.IDENTITY, RadiusLab.PEER_IDENTITY.getBytes(StandardCharsets.UTF_8)).encode()));
        return d.dispatch(request(++id & 0xFF, SECRET, attrs), NAS, 4000);
    }

    private int free(RadiusDispatcher d) {
        return d.pool().counts().get(CardPool.State.FREE);
    }

    @Test
    void aSilentRoundFreesItsCardLongBeforeTheConversationTimeout() throws Exception {
        RadiusDispatcher d = dispatcher(1, "");
        assertThat(reply(start(d, "02-00-00-00-00-66")).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        assertThat(free(d)).isZero();
        now.addAndGet(TimeUnit.SECONDS.toNanos(RadiusServerConfig.DEFAULT_ROUND_TIMEOUT_SECONDS));
        d.reap();
        assertThat(d.conversations()).as("silent for exactly the round timeout").isEqualTo(1);
        now.addAndGet(1);
        d.reap();
        assertThat(d.conversations()).isZero();
        assertThat(free(d)).isEqualTo(1);
        assertThat(d.stats().timedOut.get()).isEqualTo(1);
        // the station may start again: its share was given back with the card
        assertThat(reply(start(d, "02-00-00-00-00-66")).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        d.close();
    }

    @Test
    void aConversationKeptAliveRoundAfterRoundEndsAtTheConversationTimeout() throws Exception {
        RadiusDispatcher d = dispatcher(1, "");
        RadiusPacket challenge = reply(start(d, "02-00-00-00-00-66"));
        int stale = (EapPacket.parse(challenge.eapMessage()).identifier() + 1) & 0xFF;
        for (int s = 0; s < 30; s += 4) { // a round every 4 s, each one inside the round timeout
            now.addAndGet(TimeUnit.SECONDS.toNanos(4));
            List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(EapPacket.response(stale, EapType.TLS, new byte[] {0}).encode()));
            attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, challenge.state()));
            d.dispatch(request(++id & 0xFF, SECRET, attrs), NAS, 4000);
            d.reap();
            if (d.conversations() == 0) {
                break;
            }
        }
        assertThat(d.conversations()).isZero();
        assertThat(now.get()).isGreaterThan(TimeUnit.SECONDS.toNanos(30)).isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(32));
        assertThat(free(d)).isEqualTo(1);
        d.close();
    }

    @Test
    void oneCallingStationHoldsOneCardAndAnotherStillGetsOne() throws Exception {
        RadiusDispatcher d = dispatcher(2, "");
        assertThat(reply(start(d, "02-00-00-00-00-66")).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        for (int i = 0; i < 10; i++) { // the abandoned starts that took every card before
            RadiusPacket refused = reply(start(d, "02-00-00-00-00-66"));
            assertThat(refused.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
            assertThat(refused.attribute(RadiusAttributeType.REPLY_MESSAGE).asText())
                    .contains("calling station '02-00-00-00-00-66' already holds 1 card(s)");
        }
        assertThat(d.stats().overQuota.get()).isEqualTo(10);
        assertThat(free(d)).isEqualTo(1);
        assertThat(reply(start(d, "02-00-00-00-00-01")).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        assertThat(free(d)).isZero();
        d.close();
        assertThat(free(d)).isEqualTo(2);
    }

    @Test
    void withoutACallingStationTheUserNameIsTheStation() throws Exception {
        RadiusDispatcher d = dispatcher(2, "");
        assertThat(reply(start(d, null)).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        assertThat(reply(start(d, null)).attribute(RadiusAttributeType.REPLY_MESSAGE).asText())
                .contains("user '" + RadiusLab.PEER_IDENTITY + "' already holds 1 card(s)");
        d.close();
    }

    @Test
    void oneNasHoldsAtMostItsShare() throws Exception {
        RadiusDispatcher d = dispatcher(3, "max_cards_per_nas = 2\n");
        assertThat(reply(start(d, "02-00-00-00-00-01")).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        assertThat(reply(start(d, "02-00-00-00-00-02")).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        RadiusPacket third = reply(start(d, "02-00-00-00-00-03"));
        assertThat(third.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        assertThat(third.attribute(RadiusAttributeType.REPLY_MESSAGE).asText()).contains("NAS 127.0.0.1 already holds 2 card(s)");
        assertThat(free(d)).isEqualTo(1);
        d.close();
    }
}
