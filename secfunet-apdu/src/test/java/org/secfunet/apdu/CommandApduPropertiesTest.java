package org.secfunet.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CommandApduPropertiesTest {

    @Property
    void everyCommandRoundTrips(@ForAll @IntRange(max = 255) int cla, @ForAll @IntRange(max = 255) int ins,
                                @ForAll("data") byte[] data, @ForAll("ne") int ne) {
        CommandApdu c = CommandApdu.of(cla, ins, 1, 2, data, ne);
        CommandApdu back = CommandApdu.parse(c.encode());
        assertThat(back).isEqualTo(c);
        assertThat(back.data()).isEqualTo(data);
        assertThat(back.ne()).isEqualTo(ne);
    }

    @Property
    void parsingArbitraryBytesEitherSucceedsOrSaysWhy(@ForAll @Size(max = 600) byte[] junk) {
        try {
            CommandApdu c = CommandApdu.parse(junk);
            assertThat(c.encode()).isEqualTo(junk);
        } catch (ApduFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> data() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.bytes().array(byte[].class).ofMinSize(60000).ofMaxSize(65535));
    }

    @Provide
    Arbitrary<Integer> ne() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 300),
                Arbitraries.integers().between(0, 65536));
    }
}
