package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.EapBackendStateMachine;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.Readers;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusEapMessage;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.radius.packet.RadiusSigner;
import org.secfunet.service.CardPool;
import org.secfunet.service.SecretSpec;

/** radius_server's logic without sockets or threads: datagrams in, replies or drops (with their reason) out, on an injected clock. */
class RadiusDispatcherTest {
    static final byte[] SECRET = RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8);
    static final InetAddress NAS = InetAddress.getLoopbackAddress();
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    final AtomicLong now = new AtomicLong();

    /** A dispatcher for the client 127.0.0.1 and no card. */
    RadiusDispatcher cardless() {
        return cardless(dir, now::get);
    }

    static RadiusDispatcher cardless(Path dir, java.util.function.LongSupplier now) {
        RadiusServerConfig config = new RadiusServerConfig("127.0.0.1", 0, null,
                List.of(new RadiusServerConfig.Client(ClientAddress.parse("127.0.0.1"), new SecretSpec("pass:" + RadiusLab.SECRET, dir))),
                List.of(), 4, 30, 0, new RadiusServerConfig.Limits(5, 4, 1));
        return new RadiusDispatcher(config, Readers.discover(), now);
    }

    static byte[] request(int id, byte[] secret, List<RadiusAttribute> attrs) {
        return RadiusSigner.accessRequest(id, attrs, secret, RANDOM).encode();
    }

    static List<RadiusAttribute> identity(String name) {
        return RadiusEapMessage.split(EapPacket.response(1, EapType.IDENTITY, name.getBytes(StandardCharsets.UTF_8)).encode());
    }

    static RadiusPacket reply(Dispatch d) {
        assertThat(d).isInstanceOf(Dispatch.Reply.class);
        return RadiusPacket.parse(((Dispatch.Reply) d).datagram());
    }

    @Test
    void aDatagramFromAnUnknownClientIsDroppedAndCounted() throws Exception {
        RadiusDispatcher d = cardless();
        Dispatch out = d.dispatch(request(1, SECRET, identity("x")), InetAddress.getByName("192.0.2.7"), 1812);
        assertThat(out).isEqualTo(new Dispatch.Drop("not a configured client"));
        assertThat(d.stats().unknownClient.get()).isEqualTo(1);
    }

    @Test
    void aBadAuthenticatorIsDroppedWithItsReason() {
        RadiusDispatcher d = cardless();
        Dispatch out = d.dispatch(request(1, "not-the-secret".getBytes(StandardCharsets.UTF_8), identity("x")), NAS, 4000);
        assertThat(out).isInstanceOf(Dispatch.Drop.class);
        assertThat(((Dispatch.Drop) out).reason()).startsWith("bad authenticator: ");
        assertThat(d.stats().badAuthenticator.get()).isEqualTo(1);
        assertThat(d.stats().rejects.get()).isZero();
    }

    @Test
    void aMalformedDatagramOrAnotherCodeIsDropped() {
        RadiusDispatcher d = cardless();
        assertThat(d.dispatch(new byte[] {1, 2, 3}, NAS, 4000)).isInstanceOf(Dispatch.Drop.class);
        byte[] reject = RadiusSigner.reply(RadiusCode.ACCESS_REJECT, 1, new byte[16], List.of(), SECRET).encode();
        assertThat(((Dispatch.Drop) d.dispatch(reject, NAS, 4000)).reason()).contains("only Access-Request");
        assertThat(d.stats().malformed.get()).isEqualTo(2);
    }

    @Test
    void aRetransmissionGetsTheCachedReplyWithoutNewWork() {
        RadiusDispatcher d = cardless();
        byte[] noEap = request(7, SECRET, List.of(RadiusAttribute.text(RadiusAttributeType.USER_NAME, "x")));
        RadiusPacket first = reply(d.dispatch(noEap, NAS, 4000));
        assertThat(first.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        Dispatch again = d.dispatch(noEap, NAS, 4000);
        assertThat(((Dispatch.Reply) again).datagram()).isEqualTo(first.encode());
        assertThat(d.stats().duplicates.get()).isEqualTo(1);
        assertThat(d.stats().rejects.get()).isEqualTo(1);
        // the same bytes from another port are another request
        assertThat(reply(d.dispatch(noEap, NAS, 4001)).code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        assertThat(d.stats().rejects.get()).isEqualTo(2);
    }

    @Test
    void anUnknownStateIsRejected() {
        RadiusDispatcher d = cardless();
        List<RadiusAttribute> attrs = new java.util.ArrayList<>(identity("x"));
        attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, "00112233".getBytes(StandardCharsets.US_ASCII)));
        RadiusPacket r = reply(d.dispatch(request(2, SECRET, attrs), NAS, 4000));
        assertThat(r.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        assertThat(new String(r.attribute(RadiusAttributeType.REPLY_MESSAGE).value(), StandardCharsets.UTF_8)).contains("State names no conversation");
        assertThat(d.stats().unknownState.get()).isEqualTo(1);
    }

    @Test
    void anIdentityStartsAConversationOnACardThatTheReaperReleasesWhenThePeerGoesQuiet() throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 1, Duration.ofDays(1));
        RadiusDispatcher d = new RadiusDispatcher(RadiusServerConfig.load(lab.serverConfig(0, 30, 30)), Readers.discover(), now::get);
        RadiusPacket challenge = reply(d.dispatch(request(1, SECRET, identity(RadiusLab.PEER_IDENTITY)), NAS, 4000));
        assertThat(challenge.code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        assertThat(challenge.state()).isNotNull();
        assertThat(EapPacket.parse(challenge.eapMessage()).type()).isEqualTo(EapType.TLS);
        assertThat(d.conversations()).isEqualTo(1);
        assertThat(d.pool().counts().get(CardPool.State.FREE)).isZero();

        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        d.reap();
        assertThat(d.conversations()).as("quiet for exactly the timeout").isEqualTo(1);
        now.addAndGet(1);
        d.reap();
        assertThat(d.conversations()).isZero();
        assertThat(d.stats().timedOut.get()).isEqualTo(1);
        assertThat(d.pool().counts().get(CardPool.State.FREE)).isEqualTo(1);

        List<RadiusAttribute> late = new java.util.ArrayList<>(identity(RadiusLab.PEER_IDENTITY));
        late.add(RadiusAttribute.of(RadiusAttributeType.STATE, challenge.state()));
        assertThat(reply(d.dispatch(request(2, SECRET, late), NAS, 4000)).code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        d.close();
    }

    @Test
    void aPeerThatNeverEndsIsRejectedAtTheRoundCapOfTheCardsMachine() throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 1, Duration.ofDays(1));
        RadiusDispatcher d = new RadiusDispatcher(RadiusServerConfig.load(lab.serverConfig(0, 30)), Readers.discover(), now::get);
        RadiusPacket challenge = reply(d.dispatch(request(1, SECRET, identity(RadiusLab.PEER_IDENTITY)), NAS, 4000));
        int stale = (EapPacket.parse(challenge.eapMessage()).identifier() + 1) & 0xFF;
        Dispatch last = null;
        int dropped = 0;
        for (int i = 0; i <= EapBackendStateMachine.DEFAULT_MAX_ROUNDS; i++) {
            List<RadiusAttribute> attrs = new java.util.ArrayList<>(
                    RadiusEapMessage.split(EapPacket.response(stale, EapType.TLS, new byte[] {0}).encode()));
            attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, challenge.state()));
            last = d.dispatch(request((i + 2) & 0xFF, SECRET, attrs), NAS, 4000);
            if (last instanceof Dispatch.Drop) {
                dropped++; // the card's machine discards a response to no request of its
            }
        }
        assertThat(dropped).isEqualTo(EapBackendStateMachine.DEFAULT_MAX_ROUNDS);
        RadiusPacket reject = reply(last);
        assertThat(reject.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        assertThat(EapPacket.parse(reject.eapMessage()).code()).isEqualTo(org.secfunet.eap.packet.EapCode.FAILURE);
        assertThat(new String(reject.attribute(RadiusAttributeType.REPLY_MESSAGE).value(), StandardCharsets.UTF_8))
                .endsWith("no end after 50 EAP rounds");
        assertThat(d.conversations()).isZero();
        assertThat(d.pool().counts().get(CardPool.State.FREE)).isEqualTo(1);
        d.close();
    }
}
