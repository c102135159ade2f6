package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RadiusSignerPropertiesTest {

    @Provide
    Arbitrary<List<RadiusAttribute>> attributes() {
        Arbitrary<RadiusAttribute> one = Arbitraries.integers().between(0, 255).filter(t -> t != 80)
                .flatMap(t -> Arbitraries.bytes().list().ofMaxSize(253).map(v -> RadiusAttribute.of(t, toArray(v))));
        return one.list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void signedPacketsVerifyAndAnyChangedByteIsCaught(@ForAll("attributes") List<RadiusAttribute> attrs,
            @ForAll @Size(min = 1, max = 64) byte[] secret, @ForAll @IntRange(min = 0, max = 255) int id,
            @ForAll @Size(min = 16, max = 16) byte[] requestAuth, @ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        RadiusPacket request = RadiusSigner.signRequest(RadiusCode.ACCESS_REQUEST, id, requestAuth, attrs, secret);
        byte[] requestBytes = request.encode();
        assertThat(RadiusVerifier.verifyRequest(RadiusPacket.parse(requestBytes), secret, true)).isTrue();

        RadiusPacket reply = RadiusSigner.reply(RadiusPacket.parse(requestBytes), RadiusCode.ACCESS_ACCEPT, attrs, secret);
        byte[] replyBytes = reply.encode();
        assertThat(RadiusVerifier.verifyReply(RadiusPacket.parse(replyBytes), requestAuth, secret, true)).isTrue();

        byte[] t = requestBytes.clone();
        t[where % t.length] ^= (byte) xor;
        // strict: in the lenient mode a request without EAP-Message may lose its MA (type byte changed)
        assertThat(rejected(t, p -> RadiusVerifier.verifyRequest(p, secret, true))).isTrue();
        byte[] r = replyBytes.clone();
        r[where % r.length] ^= (byte) xor;
        assertThat(rejected(r, p -> RadiusVerifier.verifyReply(p, requestAuth, secret))).isTrue();
    }

    @Property(tries = 300)
    void parseEncodeIsTheIdentity(@ForAll("attributes") List<RadiusAttribute> attrs, @ForAll @IntRange(min = 0, max = 255) int id) {
        List<RadiusAttribute> fit = new ArrayList<>();
        int len = 20;
        for (RadiusAttribute a : attrs) {
            if (len + a.length() <= 4096) {
                fit.add(a);
                len += a.length();
            }
        }
        RadiusPacket p = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, id, new byte[16], fit);
        RadiusPacket back = RadiusPacket.parse(p.encode());
        assertThat(back.attributes()).isEqualTo(fit);
        assertThat(back.encode()).isEqualTo(p.encode());
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] b = new byte[list.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = list.get(i);
        }
        return b;
    }

    private static boolean rejected(byte[] datagram, java.util.function.Predicate<RadiusPacket> verify) {
        try {
            return !verify.test(RadiusPacket.parse(datagram));
        } catch (RadiusFormatException e) {
            return true;
        }
    }
}
