package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.TransportException;
import org.secfunet.apdu.layer.MoreBitChainingLayer;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.card.VcardServer;
import org.secfunet.card.runtime.SoftwareCard;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.ReaderEvent;
import org.secfunet.pcsc.ReaderInfo;
import org.secfunet.pcsc.ReaderWatcher;
import org.secfunet.pcsc.Readers;

/** javax.smartcardio → pcscd → vpcd → our software card: the path a real card takes. */
@ExtendWith(NeedsPcscd.class)
class PcscIT {
    private static final String SELECT = "00A40400 0A F053454346554E455401";

    @TempDir
    Path dir;

    private static String tx(Transport t, String hex) {
        return Hex.encode(t.transmit(Hex.decode(hex)));
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void readersListTheVpcdSlotsWithTheSoftwareCardsAtr() throws Exception {
        try (VcardServer ignored = PcscTestEnv.serve(PcscTestEnv.newCard(dir, "a"))) {
            List<ReaderInfo> readers = PcscReaders.shared().list();
            assertThat(readers).extracting(ReaderInfo::name).contains(PcscTestEnv.reader(0), PcscTestEnv.reader(1));
            ReaderInfo slot0 = PcscTestEnv.info(PcscTestEnv.reader(0));
            assertThat(slot0.cardPresent()).isTrue();
            assertThat(slot0.atr()).isEqualTo(SoftwareCard.DEFAULT_ATR);
            assertThat(PcscTestEnv.info(PcscTestEnv.reader(1)).cardPresent()).isFalse();
            assertThat(PcscReaders.shared().listWithCard()).extracting(ReaderInfo::name).contains(PcscTestEnv.reader(0))
                    .doesNotContain(PcscTestEnv.reader(1));
        }
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void shortAndExtendedApdusAndTheJavaxResponseCap() throws Exception {
        try (VcardServer ignored = PcscTestEnv.serve(PcscTestEnv.newCard(dir, "b"));
             CardSession s = Readers.discover().connect(PcscTestEnv.reader(0), ConnectOptions.DEFAULT)) {
            assertThat(s.atr()).isEqualTo(SoftwareCard.DEFAULT_ATR);
            assertThat(s.maxNe()).isEqualTo(8190);
            Transport t = TransportStack.builder().maxNe(s.maxNe())
                    .moreBitChaining(240, MoreBitChainingLayer.forCommand(0xA0, 0x80)).build(s.transport());
            assertThat(tx(t, SELECT)).isEqualTo("9000");
            assertThat(tx(t, "00CA0101 05")).hasSize(36).endsWith("9000"); // 6C10 then re-sent
            // 20000 bytes asked with extended Le=65536: more than javax.smartcardio's 8192-byte buffer;
            // the SDK caps Le at 8190 and collects the rest with GET RESPONSE
            byte[] big = t.transmit(CommandApdu.of(0, 0x02, 0x4E, 0x20, 65536).encode());
            assertThat(big).hasSize(20002);
            for (int i = 0; i < 20000; i += 997) {
                assertThat(big[i]).isEqualTo((byte) i);
            }
            byte[] data = new byte[4000];
            data[3999] = 0x42;
            byte[] echo = t.transmit(CommandApdu.of(0, 0x01, 0, 0, data, 4000).encode());
            assertThat(echo).hasSize(4002);
            assertThat(echo[3999]).isEqualTo((byte) 0x42);
            byte[] eap = t.transmit(CommandApdu.of(0xA0, 0x80, 0, 0, new byte[1500]).encode());
            assertThat(eap).hasSize(1502);
        }
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void removalIsAnEventAndAClearErrorAndReinsertionNeedsNoRestart() throws Exception {
        Path store = PcscTestEnv.newCard(dir, "c");
        List<ReaderEvent> events = new CopyOnWriteArrayList<>();
        String reader = PcscTestEnv.reader(0);
        PcscTestEnv.awaitAllSlotsEmpty();
        try (ReaderWatcher w = new ReaderWatcher(PcscReaders.shared(), events::add, Duration.ofMillis(100), false).start()) {
            // start() returned after the first scan (the starting state: the slot empty), so the card's arrival is an event
            VcardServer server = PcscTestEnv.serve(store);
            PcscTestEnv.await("insertion event", Duration.ofSeconds(5), () -> has(events, ReaderEvent.Kind.CARD_INSERTED, reader));
            assertThat(events.stream().filter(e -> e.kind() == ReaderEvent.Kind.CARD_INSERTED).findFirst().orElseThrow().atr())
                    .isEqualTo(SoftwareCard.DEFAULT_ATR);
            CardSession s = Readers.discover().connect(reader, ConnectOptions.DEFAULT);
            Transport t = TransportStack.builder().build(s.transport());
            assertThat(tx(t, SELECT)).isEqualTo("9000");

            events.clear();
            server.close(); // the card is taken out
            PcscTestEnv.await("removal event", Duration.ofSeconds(5), () -> has(events, ReaderEvent.Kind.CARD_REMOVED, reader));
            assertThatThrownBy(() -> t.transmit(Hex.decode(SELECT)))
                    .isInstanceOf(CardRemovedException.class)
                    .hasMessageContaining("card in reader '" + reader + "'");
            s.close();
            assertThatThrownBy(() -> Readers.discover().connect(reader, ConnectOptions.DEFAULT))
                    .isInstanceOf(TransportException.class).hasMessageContaining("no card in reader '" + reader + "'");

            events.clear();
            try (VcardServer again = PcscTestEnv.serve(store);
                 CardSession s2 = Readers.discover().connect(reader, ConnectOptions.DEFAULT)) {
                assertThat(tx(TransportStack.builder().build(s2.transport()), SELECT)).isEqualTo("9000");
                PcscTestEnv.await("second insertion event", Duration.ofSeconds(5), () -> has(events, ReaderEvent.Kind.CARD_INSERTED, reader));
            }
        }
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void severalCardsServeAtOnceEachInItsOwnSlot() throws Exception {
        int n = Math.min(3, PcscTestEnv.slots());
        Path[] stores = new Path[n];
        for (int i = 0; i < n; i++) {
            stores[i] = PcscTestEnv.newCard(dir, "multi" + i);
        }
        try (VcardServer ignored = PcscTestEnv.serve(stores)) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            Set<String> serials = ConcurrentHashMap.newKeySet();
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String reader = PcscTestEnv.reader(i);
                jobs.add(pool.submit(() -> {
                    try (CardSession s = Readers.discover().connect(reader, ConnectOptions.DEFAULT)) {
                        Transport t = TransportStack.builder().build(s.transport());
                        assertThat(tx(t, SELECT)).isEqualTo("9000");
                        String first = tx(t, "00CA010110");
                        for (int k = 0; k < 200; k++) {
                            assertThat(tx(t, "00CA010110")).isEqualTo(first);
                        }
                        serials.add(first);
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            pool.shutdown();
            assertThat(serials).hasSize(n);
        }
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void exclusiveAccessAndBadReaderNamesAreClearErrors() throws Exception {
        try (VcardServer ignored = PcscTestEnv.serve(PcscTestEnv.newCard(dir, "d"))) {
            assertThatThrownBy(() -> Readers.discover().connect("No Such Reader", ConnectOptions.DEFAULT))
                    .hasMessageStartingWith("no reader named 'No Such Reader' (readers: ");
            assertThatThrownBy(() -> Readers.discover().connect("99", ConnectOptions.DEFAULT))
                    .hasMessageStartingWith("no reader with index 99");
            assertThatThrownBy(() -> Readers.discover().connect("VPCD", ConnectOptions.DEFAULT))
                    .hasMessageContaining("is ambiguous");
            try (CardSession s = Readers.discover().connect(PcscTestEnv.reader(0), ConnectOptions.DEFAULT.exclusive())) {
                assertThat(tx(TransportStack.builder().build(s.transport()), SELECT)).isEqualTo("9000");
            }
        }
    }

    private static boolean has(List<ReaderEvent> events, ReaderEvent.Kind kind, String reader) {
        return events.stream().anyMatch(e -> e.kind() == kind && e.reader().equals(reader));
    }
}
