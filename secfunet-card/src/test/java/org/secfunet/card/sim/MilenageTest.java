package org.secfunet.card.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.AggregateWith;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.aggregator.ArgumentsAggregator;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.secfunet.apdu.Hex;

/** MILENAGE against the conformance test data of 3GPP TS 35.208 §4.3 and GSM-MILENAGE of TS 55.205. */
class MilenageTest {

    /**
     * One row per test set: its number, K, RAND, SQN, AMF, OP, OPc, f1, f1*, f2, f3, f4, f5, f5* (TS 35.208 §4.3),
     * then SRES and Kc of the TS 55.205 set with the same K, RAND and OPc.
     */
    private static final String TEST_SETS = "/org/secfunet/card/sim/milenage-test-sets.csv";

    @ParameterizedTest(name = "TS 35.208 test set {0}")
    @CsvFileSource(resources = TEST_SETS, numLinesToSkip = 1)
    void conformanceTestSet(int n, @AggregateWith(Columns.class) String[] v) {
        byte[] k = Hex.decode(v[0]);
        byte[] rand = Hex.decode(v[1]);
        byte[] sqn = Hex.decode(v[2]);
        byte[] amf = Hex.decode(v[3]);
        byte[] opc = Milenage.opc(k, Hex.decode(v[4]));
        assertThat(Hex.encode(opc)).as("OPc").isEqualToIgnoringCase(v[5]);
        Milenage m = new Milenage(k, opc);
        assertThat(Hex.encode(m.f1(rand, sqn, amf))).as("f1").isEqualToIgnoringCase(v[6]);
        assertThat(Hex.encode(m.f1star(rand, sqn, amf))).as("f1*").isEqualToIgnoringCase(v[7]);
        Milenage.Output out = m.f2345(rand);
        assertThat(Hex.encode(out.res())).as("f2").isEqualToIgnoringCase(v[8]);
        assertThat(Hex.encode(out.ck())).as("f3").isEqualToIgnoringCase(v[9]);
        assertThat(Hex.encode(out.ik())).as("f4").isEqualToIgnoringCase(v[10]);
        assertThat(Hex.encode(out.ak())).as("f5").isEqualToIgnoringCase(v[11]);
        assertThat(Hex.encode(m.f5star(rand))).as("f5*").isEqualToIgnoringCase(v[12]);
    }

    @ParameterizedTest(name = "TS 55.205 SRES/Kc {index}")
    @CsvFileSource(resources = TEST_SETS, numLinesToSkip = 1)
    void gsmContextMatchesGsmMilenage(int n, @AggregateWith(Columns.class) String[] v) {
        String k = v[0], rand = v[1], opc = v[5], sres = v[13], kc = v[14];
        Milenage.Output out = new Milenage(Hex.decode(k), Hex.decode(opc)).f2345(Hex.decode(rand));
        assertThat(Hex.encode(GsmContext.c2(out.res()))).isEqualToIgnoringCase(sres);
        assertThat(Hex.encode(GsmContext.c3(out.ck(), out.ik()))).isEqualToIgnoringCase(kc);
    }

    /** The columns after the test set's number, in file order. */
    static final class Columns implements ArgumentsAggregator {
        @Override
        public Object aggregateArguments(ArgumentsAccessor row, ParameterContext context) {
            String[] v = new String[row.size() - 1];
            for (int i = 0; i < v.length; i++) {
                v[i] = row.getString(i + 1);
            }
            return v;
        }
    }

    @Test
    void c2PadsShortResWithZeros() {
        assertThat(GsmContext.c2(Hex.decode("01020304"))).containsExactly(1, 2, 3, 4);
        assertThat(GsmContext.c2(Hex.decode("0102030410203040ff"))).containsExactly(0x11 ^ 0xff, 0x22, 0x33, 0x44);
        assertThat(GsmContext.c2(Hex.decode("00000001000000020000000400000008"))).containsExactly(0, 0, 0, 15);
        assertThatThrownBy(() -> GsmContext.c2(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GsmContext.c3(new byte[16], new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    /** A resynchronisation token: SQN_MS xor AK* || f1*(SQN_MS, AMF 0000), as a network would check it. */
    @Test
    void autsOfLastTestSetOpensToSqnOne() {
        byte[] k = Hex.decode("90dca4eda45b53cf0f12d7c9c3bc6a89");
        byte[] opc = Hex.decode("cb9cccc4b9258e6dca4760379fb82581");
        byte[] rand = Hex.decode("9fddc72092c6ad036b6e464789315b78");
        byte[] auts = Hex.decode("4f2039392ddd4bb4316ed4a14688");
        Milenage m = new Milenage(k, opc);
        byte[] sqn = java.util.Arrays.copyOf(auts, 6);
        Milenage.xorInto(sqn, m.f5star(rand));
        assertThat(Hex.encode(sqn)).isEqualTo(Hex.encode(Hex.decode("000000000001")));
        assertThat(m.f1star(rand, sqn, new byte[2])).containsExactly(java.util.Arrays.copyOfRange(auts, 6, 14));
    }

    @Test
    void rejectsWrongLengthsAndCopiesKeys() {
        assertThatThrownBy(() -> new Milenage(new byte[15], new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Milenage(new byte[16], new byte[16]).f1(new byte[16], new byte[5], new byte[2]))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] k = Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc");
        byte[] opc = Hex.decode("cd63cb71954a9f4e48a5994e37a02baf");
        Milenage m = new Milenage(k, opc);
        k[0] = 0;
        opc[0] = 0;
        assertThat(Hex.encode(m.f2345(Hex.decode("23553cbe9637a89d218ae64dae47bf35")).res()))
                .isEqualToIgnoringCase("a54211d5e3ba50bf");
    }
}
