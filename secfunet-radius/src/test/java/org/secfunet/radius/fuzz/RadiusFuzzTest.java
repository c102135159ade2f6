package org.secfunet.radius.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.secfunet.radius.packet.Mppe;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusFormatException;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.radius.packet.RadiusSigner;
import org.secfunet.radius.packet.RadiusVerifier;

/** Whatever arrives in a datagram, the codec answers with a packet, false, null or a RadiusFormatException. */
class RadiusFuzzTest {
    private static final byte[] SECRET = "testing123".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_AUTH = new byte[16];

    @FuzzTest(maxDuration = "20s")
    void datagramsFromTheNetwork(byte[] input) {
        RadiusPacket p;
        try {
            p = RadiusPacket.parse(input);
        } catch (RadiusFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(p.length()).isBetween(RadiusPacket.HEADER_LENGTH, RadiusPacket.MAX_LENGTH);
        assertThat(p.encode()).isEqualTo(Arrays.copyOf(input, p.length()));
        byte[] eap = p.eapMessage();
        if (eap != null) {
            assertThat(eap.length).isLessThan(p.length());
        }
        p.state();
        // verification answers, it never throws on what the peer sent
        boolean requestOk = RadiusVerifier.verifyRequest(p, SECRET);
        boolean replyOk = RadiusVerifier.verifyReply(p, REQUEST_AUTH, SECRET);
        assertThat(requestOk && replyOk).isFalse(); // a packet is a request or a reply, never both
        for (RadiusAttribute a : p.attributes(RadiusAttributeType.VENDOR_SPECIFIC)) {
            try {
                a.vendorData();
            } catch (RadiusFormatException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
        try {
            byte[] msk = Mppe.mskFromReply(p, SECRET, REQUEST_AUTH);
            assertThat(msk == null || msk.length == Mppe.MSK_LENGTH).isTrue();
        } catch (RadiusFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "20s")
    void mppeKeysDecryptOrAreRefused(FuzzedDataProvider data) {
        byte[] key = data.consumeBytes(Mppe.MAX_KEY_LENGTH);
        byte[] salt = {(byte) (data.consumeByte() | 0x80), data.consumeByte()};
        byte[] rest = data.consumeRemainingAsBytes();
        try {
            byte[] plain = Mppe.decrypt(rest, SECRET, REQUEST_AUTH);
            assertThat(plain.length).isBetween(1, rest.length - 3);
        } catch (RadiusFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        if (key.length > 0) {
            assertThat(Mppe.decrypt(Mppe.encrypt(key, salt, SECRET, REQUEST_AUTH), SECRET, REQUEST_AUTH)).isEqualTo(key);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void changedRepliesNeverVerify(FuzzedDataProvider data) {
        byte[] eap = data.consumeBytes(600);
        RadiusPacket request = RadiusSigner.signRequest(RadiusCode.ACCESS_REQUEST, 1, REQUEST_AUTH, List.of(), SECRET);
        byte[] reply = RadiusSigner.reply(request, RadiusCode.ACCESS_CHALLENGE,
                eap.length == 0 ? List.of() : org.secfunet.radius.packet.RadiusEapMessage.split(eap), SECRET).encode();
        int where = data.consumeInt(0, reply.length - 1);
        byte xor = data.consumeByte();
        if (xor == 0) {
            return;
        }
        reply[where] ^= xor;
        try {
            assertThat(RadiusVerifier.verifyReply(RadiusPacket.parse(reply), REQUEST_AUTH, SECRET)).isFalse();
        } catch (RadiusFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
