package org.secfunet.radius.aka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.sim.GsmContext;
import org.secfunet.card.sim.Milenage;
import org.secfunet.radius.LogCapture;

/** The authentication centre: vectors a USIM accepts, SQN never reused across restarts, AUTS re-synchronisation, and its socket. */
class AuthCentreTest {
    static final HexFormat HEX = HexFormat.of();
    static final String IMSI = "001010123456789";
    static final byte[] K = HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    static final byte[] OPC = HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf");

    @TempDir
    Path dir;

    Path subscribers(String sqn) throws Exception {
        Path f = dir.resolve("subscribers.toml");
        Files.writeString(f, "[[subscriber]]\nimsi = \"" + IMSI + "\"\nk = \"" + HEX.formatHex(K) + "\"\nopc = \"" + HEX.formatHex(OPC)
                + "\"\namf = \"8000\"\nsqn = \"" + sqn + "\"\n");
        return f;
    }

    @Test
    void akaVectorsVerifyLikeACardWouldAndTheirSqnIsStoredFirst() throws Exception {
        Path f = subscribers("000000000020");
        long lastSqn;
        try (Subscribers subs = Subscribers.open(f)) {
            AuthCentre auc = new AuthCentre(subs, new SecureRandom());
            String[] a = auc.handle("AKA-REQ-AUTH " + IMSI).split(" ");
            assertThat(a[0]).isEqualTo("AKA-RESP-AUTH");
            byte[] rand = HEX.parseHex(a[2]);
            byte[] autn = HEX.parseHex(a[3]);
            Milenage m = new Milenage(K, OPC);
            Milenage.Output o = m.f2345(rand);
            byte[] sqn = new byte[6];
            for (int i = 0; i < 6; i++) {
                sqn[i] = (byte) (autn[i] ^ o.ak()[i]);
            }
            assertThat(HEX.formatHex(sqn)).isEqualTo("000000000040");
            assertThat(Arrays.copyOfRange(autn, 8, 16)).isEqualTo(m.f1(rand, sqn, Arrays.copyOfRange(autn, 6, 8)));
            assertThat(a[4]).isEqualTo(HEX.formatHex(o.ik()));
            assertThat(a[5]).isEqualTo(HEX.formatHex(o.ck()));
            assertThat(a[6]).isEqualTo(HEX.formatHex(o.res()));
            lastSqn = subs.get(IMSI).sqn();
        }
        assertThat(Files.readString(f)).contains("sqn = \"000000000040\"");
        try (Subscribers again = Subscribers.open(f)) {
            assertThat(again.get(IMSI).sqn()).isEqualTo(lastSqn);
        }
    }

    @Test
    void gsmTripletsComeFromMilenageThroughC2AndC3() throws Exception {
        try (Subscribers subs = Subscribers.open(subscribers("0"))) {
            String[] a = new AuthCentre(subs, new SecureRandom()).handle("SIM-REQ-AUTH " + IMSI + " 3").split(" ");
            assertThat(a).hasSize(5);
            for (int i = 2; i < 5; i++) {
                String[] t = a[i].split(":");
                Milenage.Output o = new Milenage(K, OPC).f2345(HEX.parseHex(t[2]));
                assertThat(t[0]).isEqualTo(HEX.formatHex(GsmContext.c3(o.ck(), o.ik())));
                assertThat(t[1]).isEqualTo(HEX.formatHex(GsmContext.c2(o.res())));
            }
        }
    }

    @Test
    void autsFromTheCardResynchronisesAndAForgedOneIsIgnored() throws Exception {
        try (Subscribers subs = Subscribers.open(subscribers("000000000000"))) {
            AuthCentre auc = new AuthCentre(subs, new SecureRandom());
            byte[] rand = HEX.parseHex("23553cbe9637a89d218ae64dae47bf35");
            byte[] sqnMs = HEX.parseHex("000000001000");
            Milenage m = new Milenage(K, OPC);
            byte[] akStar = m.f5star(rand);
            byte[] auts = new byte[14];
            for (int i = 0; i < 6; i++) {
                auts[i] = (byte) (sqnMs[i] ^ akStar[i]);
            }
            System.arraycopy(m.f1star(rand, sqnMs, new byte[2]), 0, auts, 6, 8);
            byte[] forged = auts.clone();
            forged[13] ^= 1;
            assertThat(auc.handle("AKA-AUTS " + IMSI + " " + HEX.formatHex(forged) + " " + HEX.formatHex(rand))).isNull();
            assertThat(subs.get(IMSI).sqn()).isZero();
            assertThat(auc.handle("AKA-AUTS " + IMSI + " " + HEX.formatHex(auts) + " " + HEX.formatHex(rand))).isNull();
            assertThat(subs.get(IMSI).sqn()).isEqualTo(0x1000);
        }
    }

    @Test
    void unknownSubscribersAndJunkGetFailureOrNothing() throws Exception {
        try (Subscribers subs = Subscribers.open(subscribers("0"))) {
            AuthCentre auc = new AuthCentre(subs, new SecureRandom());
            assertThat(auc.handle("AKA-REQ-AUTH 999990000000001")).isEqualTo("AKA-RESP-AUTH 999990000000001 FAILURE");
            assertThat(auc.handle("SIM-REQ-AUTH 999990000000001 3")).isEqualTo("SIM-RESP-AUTH 999990000000001 FAILURE");
            assertThat(auc.handle("GET / HTTP/1.0")).isNull();
            assertThat(auc.handle("AKA-AUTS " + IMSI + " zz 00")).isNull();
            assertThat(auc.handle("X".repeat(5000))).isNull();
        }
    }

    @Test
    void aKnownImsiWithABadCountIsAFailureForItsCountNotAnUnknownImsi() throws Exception {
        try (Subscribers subs = Subscribers.open(subscribers("0"));
             LogCapture log = new LogCapture(AuthCentre.class)) {
            AuthCentre auc = new AuthCentre(subs, new SecureRandom());
            assertThat(auc.handle("SIM-REQ-AUTH " + IMSI + " -1")).isEqualTo("SIM-RESP-AUTH " + IMSI + " FAILURE");
            assertThat(auc.handle("SIM-REQ-AUTH " + IMSI + " 0")).isEqualTo("SIM-RESP-AUTH " + IMSI + " FAILURE");
            assertThat(log.lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("bad count").doesNotContain("unknown IMSI"));
        }
    }

    @Test
    void requestFieldsAreLoggedEscaped() throws Exception {
        try (Subscribers subs = Subscribers.open(subscribers("0"));
             LogCapture log = new LogCapture(AuthCentre.class)) {
            AuthCentre auc = new AuthCentre(subs, new SecureRandom());
            auc.handle("AKA-REQ-AUTH 99\nINFO:Access-Accept-for-'boss@corp'\u001b[31m");
            auc.handle("SIM-REQ-AUTH 99 3\n\u001b[31m");
            auc.handle("EVIL\u001b]0;owned\u0007");
            assertThat(log.lines()).hasSize(3).allSatisfy(l -> assertThat(l).doesNotContain("\n", "\u001b", "\u0007"));
            assertThat(log.lines().get(0)).contains("99\\x0AINFO:Access-Accept-for-'boss@corp'\\x1B[31m");
        }
    }

    @Test
    void theGatewayAnswersOnItsUnixDatagramSocket() throws Exception {
        try (Subscribers subs = Subscribers.open(subscribers("0"));
             HlrAucGateway gw = HlrAucGateway.start(new AuthCentre(subs, new SecureRandom()), dir.resolve("auc.sock"));
             UnixDatagramSocket client = UnixDatagramSocket.bind(dir.resolve("client.sock"), 5000)) {
            client.sendTo(("AKA-REQ-AUTH " + IMSI).getBytes(StandardCharsets.US_ASCII), gw.path());
            UnixDatagramSocket.Datagram d = client.receive(2048);
            assertThat(d).isNotNull();
            assertThat(new String(d.data(), StandardCharsets.US_ASCII)).startsWith("AKA-RESP-AUTH " + IMSI + " ");
        }
    }

    @Test
    void theDocumentedSubscriberExampleLoads() throws Exception {
        // a copy: the centre locks and rewrites its file
        java.nio.file.Path f = dir.resolve("subscribers.toml");
        java.nio.file.Files.copy(java.nio.file.Path.of(System.getProperty("user.dir")).resolve("../docs/examples/subscribers.toml").normalize(), f);
        try (Subscribers subs = Subscribers.open(f)) {
            org.assertj.core.api.Assertions.assertThat(subs.get("001010000000001")).isNotNull();
            org.assertj.core.api.Assertions.assertThat(subs.get("001010000000001").sqn()).isZero();
        }
    }
}
