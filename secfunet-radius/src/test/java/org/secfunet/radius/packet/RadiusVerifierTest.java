package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.radius.packet.RadiusPacketTest.hex;
import static org.secfunet.radius.packet.RadiusSignerTest.SECRET;
import static org.secfunet.radius.packet.RadiusSignerTest.hmacMd5;
import static org.secfunet.radius.packet.RadiusSignerTest.md5;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RadiusVerifierTest {

    /** RFC 2865 §7.1 (secret "xyzzy5461"): an Access-Request (PAP) and its Access-Accept. */
    static final byte[] RFC2865_REQUEST = hex("""
            01 00 0038 0f403f9473978057bd83d5cb98f4227a
            01 06 6e656d6f 02 12 0dbe708d93d413ce3196e43f782a0aee
            04 06 c0a80110 05 06 00000003""");
    static final byte[] RFC2865_ACCEPT = hex("""
            02 00 0026 86fe220e7624ba2a1005f6bf9b55e0b2
            06 06 00000001 0f 06 00000000 0e 06 c0a80103""");
    static final byte[] RFC2865_SECRET = "xyzzy5461".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc2865ExampleResponseAuthenticator() {
        RadiusPacket request = RadiusPacket.parse(RFC2865_REQUEST);
        RadiusPacket accept = RadiusPacket.parse(RFC2865_ACCEPT);
        assertThat(RadiusVerifier.verifyReply(accept, request.authenticator(), RFC2865_SECRET)).isTrue();
        assertThat(RadiusVerifier.verifyReply(accept, request.authenticator(), "xyzzy5462".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(RadiusVerifier.verifyReply(accept, request.authenticator(), RFC2865_SECRET, true)).isFalse();
        // no EAP-Message, no Message-Authenticator: fine unless the caller requires one
        assertThat(RadiusVerifier.verifyRequest(request, RFC2865_SECRET)).isTrue();
        assertThat(RadiusVerifier.requestProblem(request, RFC2865_SECRET, true)).contains("Message-Authenticator missing");
    }

    /** The hand-written request of RadiusPacketTest with its Message-Authenticator computed here. */
    static byte[] handWrittenSignedRequest() throws Exception {
        byte[] b = hex(RadiusPacketTest.ACCESS_REQUEST);
        int ma = b.length - 16;
        java.util.Arrays.fill(b, ma, b.length, (byte) 0);
        System.arraycopy(hmacMd5(SECRET, b), 0, b, ma, 16);
        return b;
    }

    @Test
    void requestWithEapMessageNeedsACorrectMessageAuthenticator() throws Exception {
        byte[] signed = handWrittenSignedRequest();
        RadiusPacket ok = RadiusPacket.parse(signed);
        assertThat(RadiusVerifier.verifyRequest(ok, SECRET)).isTrue();
        assertThat(RadiusVerifier.verifyRequest(ok, SECRET, true)).isTrue();
        assertThat(RadiusVerifier.verifyRequest(ok, "testing124".getBytes(StandardCharsets.US_ASCII))).isFalse();
        // the original hex carries a made-up MA
        assertThat(RadiusVerifier.requestProblem(RadiusPacket.parse(hex(RadiusPacketTest.ACCESS_REQUEST)), SECRET, false))
                .startsWith("wrong Message-Authenticator");

        RadiusPacket withoutMa = without(ok, RadiusAttributeType.MESSAGE_AUTHENTICATOR);
        assertThat(RadiusVerifier.requestProblem(withoutMa, SECRET, false)).startsWith("Message-Authenticator missing");
        // without EAP-Message a missing MA is allowed, a wrong one is not
        assertThat(RadiusVerifier.verifyRequest(without(withoutMa, RadiusAttributeType.EAP_MESSAGE), SECRET)).isTrue();
        assertThat(RadiusVerifier.verifyRequest(without(RadiusPacket.parse(hex(RadiusPacketTest.ACCESS_REQUEST)),
                RadiusAttributeType.EAP_MESSAGE), SECRET)).isFalse();
    }

    @Test
    void oneMessageAuthenticatorOf16Bytes() {
        RadiusPacket p = RadiusSigner.signRequest(RadiusCode.ACCESS_REQUEST, 1, new byte[16],
                RadiusEapMessage.split(new byte[] {2, 0, 0, 4}), SECRET);
        List<RadiusAttribute> twice = new ArrayList<>(p.attributes());
        twice.add(p.attributes().get(0));
        assertThat(RadiusVerifier.requestProblem(new RadiusPacket(p.code(), 1, new byte[16], twice), SECRET, false))
                .isEqualTo("2 Message-Authenticator attributes, at most 1 allowed");
        List<RadiusAttribute> shortMa = new ArrayList<>(p.attributes());
        shortMa.set(0, RadiusAttribute.of(RadiusAttributeType.MESSAGE_AUTHENTICATOR, new byte[15]));
        assertThat(RadiusVerifier.requestProblem(new RadiusPacket(p.code(), 1, new byte[16], shortMa), SECRET, false))
                .isEqualTo("Message-Authenticator has Length 17, not 18");
    }

    @Test
    void statusServerNeedsAMessageAuthenticator() {
        RadiusPacket bare = new RadiusPacket(RadiusCode.STATUS_SERVER, 1, new byte[16], List.of());
        assertThat(RadiusVerifier.verifyRequest(bare, SECRET)).isFalse();
        assertThat(RadiusVerifier.verifyRequest(RadiusSigner.signRequest(RadiusCode.STATUS_SERVER, 1, new byte[16], List.of(), SECRET),
                SECRET)).isTrue();
    }

    @Test
    void repliesAreNotRequestsAndViceVersa() {
        RadiusPacket request = RadiusSigner.accessRequest(1, List.of(), SECRET, new FixedRandom(0));
        RadiusPacket reply = RadiusSigner.reply(request, RadiusCode.ACCESS_ACCEPT, List.of(), SECRET);
        assertThat(RadiusVerifier.requestProblem(reply, SECRET, false)).contains("not an Access-Request");
        assertThat(RadiusVerifier.replyProblem(request, request.authenticator(), SECRET, false)).contains("not an Access-Accept");
        assertThat(RadiusVerifier.verifyRequest(new RadiusPacket(RadiusCode.ACCOUNTING_REQUEST, 1, new byte[16], List.of()), SECRET))
                .isFalse();
        assertThatThrownBy(() -> RadiusVerifier.verifyReply(reply, new byte[3], SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RadiusVerifier.verifyRequest(request, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBareAccessRejectIsAcceptedUnlessAMessageAuthenticatorIsRequired() throws Exception {
        byte[] requestAuth = hex("00112233445566778899aabbccddeeff");
        byte[] reject = hex("03 07 0014 00112233445566778899aabbccddeeff");
        System.arraycopy(md5(reject, SECRET), 0, reject, 4, 16);
        RadiusPacket p = RadiusPacket.parse(reject);
        assertThat(RadiusVerifier.verifyReply(p, requestAuth, SECRET)).isTrue();
        assertThat(RadiusVerifier.verifyReply(p, requestAuth, SECRET, true)).isFalse();
        assertThat(RadiusVerifier.verifyReply(p, new byte[16], SECRET)).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        // a reply with EAP-Message but no Message-Authenticator fails
        "03 07 001a 00112233445566778899aabbccddeeff 4f 06 04070004                        | Message-Authenticator missing",
        // a correct Response Authenticator over a wrong Message-Authenticator fails
        "02 07 0026 00112233445566778899aabbccddeeff 50 12 0102030405060708090a0b0c0d0e0f10 | wrong Message-Authenticator"})
    void aReplyWithACorrectResponseAuthenticatorStillNeedsItsMessageAuthenticator(String reply, String problem) throws Exception {
        byte[] requestAuth = hex("00112233445566778899aabbccddeeff");
        byte[] signed = hex(reply);
        System.arraycopy(md5(signed, SECRET), 0, signed, 4, 16);
        assertThat(RadiusVerifier.replyProblem(RadiusPacket.parse(signed), requestAuth, SECRET, false))
                .startsWith(problem);
    }

    @Test
    void everySingleBitFlipOfASignedRequestIsDetected() throws Exception {
        for (byte[] signed : List.of(handWrittenSignedRequest(),
                RadiusSigner.accessRequest(1, RadiusSignerTest.requestAttributes(), SECRET, new FixedRandom(5)).encode())) {
            for (int i = 0; i < signed.length * 8; i++) {
                byte[] t = signed.clone();
                t[i / 8] ^= (byte) (1 << (i % 8));
                assertThat(rejectedRequest(t, true)).as("bit %d", i).isTrue();
            }
        }
    }

    @Test
    void messageAuthenticatorFirstResistsTruncation() throws Exception {
        // MA last (the hand-written request): a Length cut to 37 leaves a valid User-Name-only request
        // with neither EAP-Message nor MA, which only the strict check refuses
        byte[] maLast = handWrittenSignedRequest();
        maLast[3] = 37;
        assertThat(rejectedRequest(maLast, false)).isFalse();
        assertThat(rejectedRequest(maLast, true)).isTrue();
        // MA first (what RadiusSigner builds): any cut at an attribute boundary keeps a now-wrong MA
        byte[] maFirst = RadiusSigner.accessRequest(1, RadiusSignerTest.requestAttributes(), SECRET, new FixedRandom(5)).encode();
        for (int cut : new int[] {38, 42}) {
            byte[] t = maFirst.clone();
            t[3] = (byte) cut;
            assertThat(rejectedRequest(t, false)).as("cut at %d", cut).isTrue();
        }
    }

    @Test
    void everySingleBitFlipOfASignedReplyIsDetected() {
        RadiusPacket request = RadiusSigner.accessRequest(200, RadiusSignerTest.requestAttributes(), SECRET, new FixedRandom(1));
        List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(new byte[300]));
        attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, hex("abcdef")));
        byte[] reply = RadiusSigner.reply(request, RadiusCode.ACCESS_CHALLENGE, attrs, SECRET).encode();
        assertThat(RadiusVerifier.verifyReply(RadiusPacket.parse(reply), request.authenticator(), SECRET)).isTrue();
        for (int i = 0; i < reply.length * 8; i++) {
            byte[] t = reply.clone();
            t[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(rejectedReply(t, request.authenticator())).as("bit %d", i).isTrue();
        }
    }

    static boolean rejectedRequest(byte[] datagram, boolean requireMessageAuthenticator) {
        try {
            return !RadiusVerifier.verifyRequest(RadiusPacket.parse(datagram), SECRET, requireMessageAuthenticator);
        } catch (RadiusFormatException e) {
            return true;
        }
    }

    static boolean rejectedReply(byte[] datagram, byte[] requestAuth) {
        try {
            return !RadiusVerifier.verifyReply(RadiusPacket.parse(datagram), requestAuth, SECRET);
        } catch (RadiusFormatException e) {
            return true;
        }
    }

    static RadiusPacket without(RadiusPacket p, int type) {
        return new RadiusPacket(p.code(), p.identifier(), p.authenticator(),
                p.attributes().stream().filter(a -> a.type() != type).toList());
    }
}
