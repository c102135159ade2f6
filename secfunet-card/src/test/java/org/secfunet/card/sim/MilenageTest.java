package org.secfunet.card.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.secfunet.apdu.Hex;

/** MILENAGE against the conformance test data of 3GPP TS 35.208 §4.3 and GSM-MILENAGE of TS 55.205. */
class MilenageTest {

    /** K, RAND, SQN, AMF, OP, OPc, f1, f1*, f2, f3, f4, f5, f5*. */
    static Stream<Arguments> ts35208() {
        return Stream.of(
                set(1, "465b5ce8b199b49faa5f0a2ee238a6bc", "23553cbe9637a89d218ae64dae47bf35", "ff9bb4d0b607", "b9b9",
                        "cdc202d5123e20f62b6d676ac72cb318", "cd63cb71954a9f4e48a5994e37a02baf",
                        "4a9ffac354dfafb3", "01cfaf9ec4e871e9", "a54211d5e3ba50bf",
                        "b40ba9a3c58b2a05bbf0d987b21bf8cb", "f769bcd751044604127672711c6d3441",
                        "aa689c648370", "451e8beca43b"),
                set(2, "fec86ba6eb707ed08905757b1bb44b8f", "9f7c8d021accf4db213ccff0c7f71a6a", "9d0277595ffc", "725c",
                        "dbc59adcb6f9a0ef735477b7fadf8374", "1006020f0a478bf6b699f15c062e42b3",
                        "9cabc3e99baf7281", "95814ba2b3044324", "8011c48c0c214ed2",
                        "5dbdbb2954e8f3cde665b046179a5098", "59a92d3b476a0443487055cf88b2307b",
                        "33484dc2136b", "deacdd848cc6"),
                set(3, "9e5944aea94b81165c82fbf9f32db751", "ce83dbc54ac0274a157c17f80d017bd6", "0b604a81eca8", "9e09",
                        "223014c5806694c007ca1eeef57f004f", "a64a507ae1a2a98bb88eb4210135dc87",
                        "74a58220cba84c49", "ac2cc74a96871837", "f365cd683cd92e96",
                        "e203edb3971574f5a94b0d61b816345d", "0c4524adeac041c4dd830d20854fc46b",
                        "f0b9c08ad02e", "6085a86c6f63"),
                set(4, "4ab1deb05ca6ceb051fc98e77d026a84", "74b0cd6031a1c8339b2b6ce2b8c4a186", "e880a1b580b6", "9f07",
                        "2d16c5cd1fdf6b22383584e3bef2a8d8", "dcf07cbd51855290b92a07a9891e523e",
                        "49e785dd12626ef2", "9e85790336bb3fa2", "5860fc1bce351e7e",
                        "7657766b373d1c2138f307e3de9242f9", "1c42e960d89b8fa99f2744e0708ccb53",
                        "31e11a609118", "fe2555e54aa9"),
                set(5, "6c38a116ac280c454f59332ee35c8c4f", "ee6466bc96202c5a557abbeff8babf63", "414b98222181", "4464",
                        "1ba00a1a7c6700ac8c3ff3e96ad08725", "3803ef5363b947c6aaa225e58fae3934",
                        "078adfb488241a57", "80246b8d0186bcf1", "16c8233f05a0ac28",
                        "3f8c7587fe8e4b233af676aede30ba3b", "a7466cc1e6b2a1337d49d3b66e95d7b4",
                        "45b0f69ab06c", "1f53cd2b1113"),
                set(6, "2d609d4db0ac5bf0d2c0de267014de0d", "194aa756013896b74b4a2a3b0af4539e", "6bf69438c2e4", "5f67",
                        "460a48385427aa39264aac8efc9e73e8", "c35a0ab0bcbfc9252caff15f24efbde0",
                        "bd07d3003b9e5cc3", "bcb6c2fcad152250", "8c25a16cd918a1df",
                        "4cd0846020f8fa0731dd47cbdc6be411", "88ab80a415f15c73711254a1d388f696",
                        "7e6455f34cf3", "dc6dd01e8f15"),
                set(7, "a530a7fe428fad1082c45eddfce13884", "3a4c2b3245c50eb5c71d08639395764d", "f63f5d768784", "b90e",
                        "511c6c4e83e38c89b1c5d8dde62426fa", "27953e49bc8af6dcc6e730eb80286be3",
                        "53761fbd679b0bad", "21adfd334a10e7ce", "a63241e1ffc3e5ab",
                        "10f05bab75a99a5fbb98a9c287679c3b", "f9ec0865eb32f22369cade40c59c3a44",
                        "88196c47986f", "c987a3d23115"),
                set(19, "90dca4eda45b53cf0f12d7c9c3bc6a89", "9fddc72092c6ad036b6e464789315b78", "20f813bd4141", "61df",
                        "3ffcfe5b7b1111589920d3528e84e655", "cb9cccc4b9258e6dca4760379fb82581",
                        "09db94eab4f8149e", "a29468aa9775b527", "a95100e2760952cd",
                        "b5f2da03883b69f96bf52e029ed9ac45", "b4721368bc16ea67875c5598688bb0ef",
                        "83cfd54db913", "4f2039392ddc"));
    }

    private static Arguments set(int n, String... v) {
        return Arguments.of(n, v);
    }

    @ParameterizedTest(name = "TS 35.208 test set {0}")
    @MethodSource("ts35208")
    void conformanceTestSet(int n, String[] v) {
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

    /** K, RAND, OPc, SRES (c2 of RES), Kc (c3) from TS 55.205 (GSM-MILENAGE) test sets with the same K/RAND/OPc. */
    static Stream<Arguments> ts55205() {
        return Stream.of(
                Arguments.of("465b5ce8b199b49faa5f0a2ee238a6bc", "23553cbe9637a89d218ae64dae47bf35",
                        "cd63cb71954a9f4e48a5994e37a02baf", "46f8416a", "eae4be823af9a08b"),
                Arguments.of("fec86ba6eb707ed08905757b1bb44b8f", "9f7c8d021accf4db213ccff0c7f71a6a",
                        "1006020f0a478bf6b699f15c062e42b3", "8c308a5e", "aa01739b8caa976d"),
                Arguments.of("9e5944aea94b81165c82fbf9f32db751", "ce83dbc54ac0274a157c17f80d017bd6",
                        "a64a507ae1a2a98bb88eb4210135dc87", "cfbce3fe", "9a8ec95f408cc507"),
                Arguments.of("4ab1deb05ca6ceb051fc98e77d026a84", "74b0cd6031a1c8339b2b6ce2b8c4a186",
                        "dcf07cbd51855290b92a07a9891e523e", "9655e265", "cdc1dc0841b81a22"),
                Arguments.of("6c38a116ac280c454f59332ee35c8c4f", "ee6466bc96202c5a557abbeff8babf63",
                        "3803ef5363b947c6aaa225e58fae3934", "13688f17", "df75bc5ea899879f"),
                Arguments.of("2d609d4db0ac5bf0d2c0de267014de0d", "194aa756013896b74b4a2a3b0af4539e",
                        "c35a0ab0bcbfc9252caff15f24efbde0", "553d00b3", "84b417ae3aeab4f3"),
                Arguments.of("a530a7fe428fad1082c45eddfce13884", "3a4c2b3245c50eb5c71d08639395764d",
                        "27953e49bc8af6dcc6e730eb80286be3", "59f1a44a", "3b4e244cdc60ce03"),
                Arguments.of("90dca4eda45b53cf0f12d7c9c3bc6a89", "9fddc72092c6ad036b6e464789315b78",
                        "cb9cccc4b9258e6dca4760379fb82581", "df58522f", "ed29b2f1c27f9f34"));
    }

    @ParameterizedTest(name = "TS 55.205 SRES/Kc {index}")
    @MethodSource("ts55205")
    void gsmContextMatchesGsmMilenage(String k, String rand, String opc, String sres, String kc) {
        Milenage.Output out = new Milenage(Hex.decode(k), Hex.decode(opc)).f2345(Hex.decode(rand));
        assertThat(Hex.encode(GsmContext.c2(out.res()))).isEqualToIgnoringCase(sres);
        assertThat(Hex.encode(GsmContext.c3(out.ck(), out.ik()))).isEqualToIgnoringCase(kc);
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
