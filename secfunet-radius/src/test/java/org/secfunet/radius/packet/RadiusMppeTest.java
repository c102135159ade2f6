package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.radius.packet.RadiusPacketTest.hex;
import static org.secfunet.radius.packet.RadiusSignerTest.REQUEST_AUTH;
import static org.secfunet.radius.packet.RadiusSignerTest.SECRET;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadiusMppeTest {
    static final byte[] RECV_KEY = range(0, 32);
    static final byte[] SEND_KEY = range(32, 64);
    /** Salt 8326, secret testing123, REQUEST_AUTH, key 00..1f; computed outside Java (Python hashlib) from RFC 2548 §2.4.2. */
    static final byte[] RECV_VECTOR = hex("8326 cd1f28f36161edbbf78a1eb0c78d2a3b 6ae3ae26d31b108a75d8640bf5ff562d 8fc6a57b7e601da5dbdf4725d1992423");
    /** Salt c1a0, key 20..3f. */
    static final byte[] SEND_VECTOR = hex("c1a0 cf2f4f2a3a58b7978eac2c499b22c638 fadab2f9cd4b797d66767038fdc2f7de 960c7a5706111e0e1a3a6bcb19633505");

    static byte[] range(int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    /** RFC 2548 §2.4.2 decryption written out step by step, independent of Mppe. */
    static byte[] referenceDecrypt(byte[] saltAndString, byte[] secret, byte[] requestAuth) throws Exception {
        byte[] salt = Arrays.copyOf(saltAndString, 2);
        byte[] c = Arrays.copyOfRange(saltAndString, 2, saltAndString.length);
        byte[] p = new byte[c.length];
        byte[] chain = concat(requestAuth, salt);             // b1 = MD5(S + R + A)
        for (int i = 0; i < c.length / 16; i++) {
            byte[] b = MessageDigest.getInstance("MD5").digest(concat(secret, chain));
            for (int j = 0; j < 16; j++) {
                p[16 * i + j] = (byte) (c[16 * i + j] ^ b[j]);
            }
            chain = Arrays.copyOfRange(c, 16 * i, 16 * i + 16);  // bi = MD5(S + c(i-1))
        }
        return Arrays.copyOfRange(p, 1, 1 + (p[0] & 0xFF));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void fixedVectors() throws Exception {
        assertThat(Mppe.encrypt(RECV_KEY, hex("8326"), SECRET, REQUEST_AUTH)).isEqualTo(RECV_VECTOR);
        assertThat(Mppe.encrypt(SEND_KEY, hex("c1a0"), SECRET, REQUEST_AUTH)).isEqualTo(SEND_VECTOR);
        assertThat(Mppe.decrypt(RECV_VECTOR, SECRET, REQUEST_AUTH)).isEqualTo(RECV_KEY);
        assertThat(referenceDecrypt(RECV_VECTOR, SECRET, REQUEST_AUTH)).isEqualTo(RECV_KEY);
        assertThat(referenceDecrypt(SEND_VECTOR, SECRET, REQUEST_AUTH)).isEqualTo(SEND_KEY);
    }

    @Test
    void roundTripsForEveryKeyLength() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int len = 1; len <= Mppe.MAX_KEY_LENGTH; len++) {
            byte[] key = new byte[len];
            random.nextBytes(key);
            byte[] requestAuth = RadiusSigner.newRequestAuthenticator(random);
            byte[] enc = Mppe.encrypt(key, Mppe.newSalt(random), SECRET, requestAuth);
            assertThat(enc.length).isEqualTo(2 + (len + 1 + 15) / 16 * 16);
            assertThat(Mppe.decrypt(enc, SECRET, requestAuth)).isEqualTo(key);
            assertThat(referenceDecrypt(enc, SECRET, requestAuth)).isEqualTo(key);
        }
    }

    @Test
    void mppeAttributesHaveTheWireLayoutAndDifferentSalts() throws Exception {
        byte[] msk = range(0, 64);
        List<RadiusAttribute> attrs = Mppe.mppeAttributes(msk, SECRET, REQUEST_AUTH, new FixedRandom(0));
        assertThat(attrs).hasSize(2);
        RadiusAttribute recv = attrs.get(0);
        RadiusAttribute send = attrs.get(1);
        // 1A 3A | 00 00 01 37 | 11 | 34 | salt(2) | string(48)
        byte[] recvWire = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 0, new byte[16], List.of(recv)).encode();
        assertThat(Arrays.copyOfRange(recvWire, 20, 28)).isEqualTo(hex("1a3a 00000137 11 34"));
        assertThat(recvWire).hasSize(20 + 58);
        assertThat(send.value()).startsWith(hex("00000137 10 34"));
        byte[] recvSalt = Arrays.copyOfRange(recv.vendorData(), 0, 2);
        byte[] sendSalt = Arrays.copyOfRange(send.vendorData(), 0, 2);
        assertThat(recvSalt[0] & 0x80).isNotZero();
        assertThat(sendSalt[0] & 0x80).isNotZero();
        assertThat(recvSalt).isNotEqualTo(sendSalt);
        assertThat(referenceDecrypt(recv.vendorData(), SECRET, REQUEST_AUTH)).isEqualTo(RECV_KEY);
        assertThat(referenceDecrypt(send.vendorData(), SECRET, REQUEST_AUTH)).isEqualTo(SEND_KEY);
    }

    @Test
    void saltsDifferEvenWhenTheRandomRepeats() {
        SecureRandom stuck = new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private int calls;

            @Override
            public synchronized void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) (calls++ < 3 ? 0x11 : 0x22));
            }
        };
        List<RadiusAttribute> attrs = Mppe.mppeAttributes(range(0, 64), SECRET, REQUEST_AUTH, stuck);
        assertThat(Arrays.copyOf(attrs.get(0).vendorData(), 2)).isEqualTo(hex("9111"));
        assertThat(Arrays.copyOf(attrs.get(1).vendorData(), 2)).isEqualTo(hex("a222"));
    }

    @Test
    void mskFromASignedAccessAccept() {
        SecureRandom random = new SecureRandom();
        byte[] msk = new byte[64];
        random.nextBytes(msk);
        RadiusPacket request = RadiusSigner.accessRequest(4, List.of(), SECRET, random);
        List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(new byte[] {3, 4, 0, 4}));
        attrs.addAll(Mppe.mppeAttributes(msk, SECRET, request.authenticator(), random));
        RadiusPacket accept = RadiusPacket.parse(RadiusSigner.reply(request, RadiusCode.ACCESS_ACCEPT, attrs, SECRET).encode());

        assertThat(RadiusVerifier.verifyReply(accept, request.authenticator(), SECRET)).isTrue();
        assertThat(Mppe.mskFromReply(accept, SECRET, request.authenticator())).isEqualTo(msk);
        assertThat(Mppe.mskFromReply(RadiusVerifierTest.without(accept, 26), SECRET, request.authenticator())).isNull();
        // the wrong Request Authenticator decrypts to garbage: almost always a bad key length
        byte[] other = RadiusSigner.newRequestAuthenticator(random);
        try {
            assertThat(Mppe.mskFromReply(accept, SECRET, other)).isNotEqualTo(msk);
        } catch (RadiusFormatException expected) {
            assertThat(expected).hasMessageContaining("MS-MPPE key");
        }
    }

    @Test
    void mskFromReplyNeedsBothKeysOnceAnd32BytesEach() {
        RadiusAttribute recv = Mppe.recvKey(RECV_KEY, hex("8326"), SECRET, REQUEST_AUTH);
        RadiusAttribute send = Mppe.sendKey(SEND_KEY, hex("c1a0"), SECRET, REQUEST_AUTH);
        assertThat(Mppe.mskFromReply(accept(send, recv), SECRET, REQUEST_AUTH)).isEqualTo(range(0, 64));
        assertThat(Mppe.mskFromReply(accept(recv), SECRET, REQUEST_AUTH)).isNull();
        assertThat(Mppe.mskFromReply(accept(send), SECRET, REQUEST_AUTH)).isNull();
        assertThatThrownBy(() -> Mppe.mskFromReply(accept(recv, send, recv), SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("2 MS-MPPE-Recv-Key attributes");
        RadiusAttribute shortSend = Mppe.sendKey(range(0, 16), hex("c1a0"), SECRET, REQUEST_AUTH);
        assertThatThrownBy(() -> Mppe.mskFromReply(accept(recv, shortSend), SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("32 + 32");
        RadiusAttribute badVsa = RadiusAttribute.of(26, hex("00000137 10 10 aabb"));
        assertThatThrownBy(() -> Mppe.mskFromReply(accept(recv, badVsa), SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("sub-attribute length");
    }

    @Test
    void decryptionRefusesBadLengthsSaltsAndKeyLengths() {
        assertThatThrownBy(() -> Mppe.decrypt(Arrays.copyOf(RECV_VECTOR, 49), SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> Mppe.decrypt(hex("8326"), SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> Mppe.decrypt(new byte[1], SECRET, REQUEST_AUTH)).isInstanceOf(RadiusFormatException.class);
        byte[] noMsb = RECV_VECTOR.clone();
        noMsb[0] &= 0x7F;
        assertThatThrownBy(() -> Mppe.decrypt(noMsb, SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("most significant bit");
        // a key length byte of 48 in a 48-byte plaintext: beyond the plaintext
        byte[] tooLong = RECV_VECTOR.clone();
        tooLong[2] ^= (byte) (32 ^ 48);
        assertThatThrownBy(() -> Mppe.decrypt(tooLong, SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("key length 48 does not fit the 47");
        byte[] zero = RECV_VECTOR.clone();
        zero[2] ^= 32;
        assertThatThrownBy(() -> Mppe.decrypt(zero, SECRET, REQUEST_AUTH))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("key length 0");
    }

    @Test
    void encryptionRefusesBadInput() {
        assertThatThrownBy(() -> Mppe.encrypt(RECV_KEY, hex("0326"), SECRET, REQUEST_AUTH)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("most significant bit");
        assertThatThrownBy(() -> Mppe.encrypt(new byte[0], hex("8326"), SECRET, REQUEST_AUTH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mppe.encrypt(new byte[240], hex("8326"), SECRET, REQUEST_AUTH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mppe.mppeAttributes(new byte[63], SECRET, REQUEST_AUTH, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
        assertThat(Mppe.sendKey(new byte[Mppe.MAX_KEY_LENGTH], hex("8326"), SECRET, REQUEST_AUTH).length()).isEqualTo(2 + 4 + 2 + 2 + 240);
    }

    private static RadiusPacket accept(RadiusAttribute... attrs) {
        return new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 0, new byte[16], List.of(attrs));
    }
}
