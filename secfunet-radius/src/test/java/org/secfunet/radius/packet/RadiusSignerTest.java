package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.radius.packet.RadiusPacketTest.hex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Known answers computed here with the JDK's MD5 and HMAC-MD5 over hand-built bytes. */
class RadiusSignerTest {
    static final byte[] SECRET = "testing123".getBytes(StandardCharsets.US_ASCII);
    static final byte[] REQUEST_AUTH = hex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");

    static byte[] hmacMd5(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(key, "HmacMD5"));
        return mac.doFinal(data);
    }

    static byte[] md5(byte[] a, byte[] b) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(a);
        md.update(b);
        return md.digest();
    }

    static List<RadiusAttribute> requestAttributes() {
        return List.of(RadiusAttribute.text(RadiusAttributeType.USER_NAME, "me"),
                RadiusAttribute.of(RadiusAttributeType.EAP_MESSAGE, hex("02000007016d65")));
    }

    @Test
    void signedRequestKnownAnswer() throws Exception {
        // 01 | id 05 | length 20 + 18 + 4 + 9 = 51 | RequestAuth | MA zeros | User-Name "me" | EAP-Message
        byte[] expected = hex("01 05 0033" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
                + "50 12 00000000000000000000000000000000" + "01 04 6d65" + "4f 09 02000007016d65");
        byte[] mac = hmacMd5(SECRET, expected);
        System.arraycopy(mac, 0, expected, 22, 16);

        RadiusPacket p = RadiusSigner.signRequest(RadiusCode.ACCESS_REQUEST, 5, REQUEST_AUTH, requestAttributes(), SECRET);

        assertThat(p.encode()).isEqualTo(expected);
        assertThat(p.attributes().get(0).type()).isEqualTo(RadiusAttributeType.MESSAGE_AUTHENTICATOR);
        assertThat(RadiusVerifier.verifyRequest(RadiusPacket.parse(expected), SECRET)).isTrue();
    }

    @Test
    void accessRequestTakesItsAuthenticatorFromTheRandomAndReplacesAGivenMessageAuthenticator() {
        List<RadiusAttribute> attrs = new java.util.ArrayList<>(requestAttributes());
        attrs.add(RadiusAttribute.of(RadiusAttributeType.MESSAGE_AUTHENTICATOR, new byte[16]));
        RadiusPacket p = RadiusSigner.accessRequest(9, attrs, SECRET, new FixedRandom(0x40));

        assertThat(p.authenticator()).isEqualTo(hex("404142434445464748494a4b4c4d4e4f"));
        assertThat(p.attributes()).extracting(RadiusAttribute::type).containsExactly(80, 1, 79);
        assertThat(p.attributes(RadiusAttributeType.MESSAGE_AUTHENTICATOR)).hasSize(1);
        assertThat(RadiusVerifier.verifyRequest(p, SECRET, true)).isTrue();

        SecureRandom random = new SecureRandom();
        assertThat(RadiusSigner.accessRequest(9, attrs, SECRET, random).authenticator())
                .isNotEqualTo(RadiusSigner.accessRequest(9, attrs, SECRET, random).authenticator());
    }

    @Test
    void replyKnownAnswer() throws Exception {
        RadiusPacket request = RadiusSigner.signRequest(RadiusCode.ACCESS_REQUEST, 0x11, REQUEST_AUTH, requestAttributes(), SECRET);
        List<RadiusAttribute> attrs = List.of(RadiusAttribute.of(RadiusAttributeType.EAP_MESSAGE, hex("010100060d20")),
                RadiusAttribute.of(RadiusAttributeType.STATE, hex("00112233")));

        // 0b | id 11 | length 20 + 18 + 8 + 6 = 52 | RequestAuth | MA zeros | EAP-Message | State
        byte[] expected = hex("0b 11 0034" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
                + "50 12 00000000000000000000000000000000" + "4f 08 010100060d20" + "18 06 00112233");
        System.arraycopy(hmacMd5(SECRET, expected), 0, expected, 22, 16);   // 1. MA keyed with the request's authenticator
        System.arraycopy(md5(expected, SECRET), 0, expected, 4, 16);        // 2. Response Authenticator over the final attributes

        RadiusPacket reply = RadiusSigner.reply(request, RadiusCode.ACCESS_CHALLENGE, attrs, SECRET);

        assertThat(reply.encode()).isEqualTo(expected);
        assertThat(RadiusVerifier.verifyReply(RadiusPacket.parse(expected), REQUEST_AUTH, SECRET)).isTrue();
        assertThat(RadiusSigner.reply(RadiusCode.ACCESS_CHALLENGE, 0x11, REQUEST_AUTH, attrs, SECRET)).isEqualTo(reply);
    }

    @Test
    void everyReplyCodeIsSignedTheSameWay() {
        RadiusPacket request = RadiusSigner.accessRequest(3, requestAttributes(), SECRET, new FixedRandom(7));
        for (RadiusCode code : List.of(RadiusCode.ACCESS_ACCEPT, RadiusCode.ACCESS_REJECT, RadiusCode.ACCESS_CHALLENGE)) {
            RadiusPacket reply = RadiusSigner.reply(request, code, List.of(), SECRET);
            assertThat(reply.code()).isEqualTo(code);
            assertThat(reply.identifier()).isEqualTo(3);
            assertThat(reply.attributes()).extracting(RadiusAttribute::type).containsExactly(80);
            assertThat(RadiusVerifier.verifyReply(reply, request.authenticator(), SECRET, true)).isTrue();
        }
    }

    @Test
    void refusesMisuse() {
        assertThatThrownBy(() -> RadiusSigner.signRequest(RadiusCode.ACCOUNTING_REQUEST, 1, REQUEST_AUTH, List.of(), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Accounting-Request");
        assertThatThrownBy(() -> RadiusSigner.signRequest(RadiusCode.ACCESS_ACCEPT, 1, REQUEST_AUTH, List.of(), SECRET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RadiusSigner.reply(RadiusCode.ACCESS_REQUEST, 1, REQUEST_AUTH, List.of(), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not Access-Request");
        assertThatThrownBy(() -> RadiusSigner.signRequest(RadiusCode.ACCESS_REQUEST, 1, REQUEST_AUTH, List.of(), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> RadiusSigner.reply(RadiusCode.ACCESS_ACCEPT, 1, Arrays.copyOf(REQUEST_AUTH, 15), List.of(), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
        // 4076 bytes of attributes already: no room for the Message-Authenticator
        assertThatThrownBy(() -> RadiusSigner.reply(RadiusCode.ACCESS_ACCEPT, 1, REQUEST_AUTH,
                RadiusEapMessage.split(new byte[4044]), SECRET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds 4096");
    }
}
