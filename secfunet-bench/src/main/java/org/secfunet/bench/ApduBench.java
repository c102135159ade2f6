package org.secfunet.bench;

import org.secfunet.card.runtime.OpenCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.secfunet.apdu.CardStatusException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.Readers;
import org.secfunet.card.store.CardStore;

/**
 * The {@code bench apdu} figures: per-APDU round trip of a short echo (8 bytes) and an extended
 * echo (4000 bytes) on an in-process software card (the baseline) and on each given reader, with
 * the ratio to the baseline measured in the same run.
 */
public final class ApduBench {
    public static final byte[] SELECT = CommandApdu.of(0x00, 0xA4, 0x04, 0x00, TestApplet.AID).encode();

    public record Config(List<String> readers, int warmup, int iterations) {
    }

    private ApduBench() {
    }

    public static List<RoundTrip.Result> run(Config cfg, Readers resolver, Consumer<String> out) throws IOException {
        List<RoundTrip.Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("secfunet-bench");
        Path store = dir.resolve("bench-card.toml");
        try {
            CardStore.create(store, "bench card", "1234".toCharArray());
            try (OpenCard card = VirtualCards.open(store);
                 CardSession s = new InProcessSession(card.card(), "in-process", () -> { })) {
                results.addAll(runOne("in-process", s, cfg, out));
            }
            for (String reader : cfg.readers()) {
                try (CardSession s = resolver.connect(reader, ConnectOptions.DEFAULT)) {
                    results.addAll(runOne(s.readerName(), s, cfg, out));
                }
            }
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(store.resolveSibling(store.getFileName() + ".lock"));
            Files.deleteIfExists(dir);
        }
        return results;
    }

    private static List<RoundTrip.Result> runOne(String name, CardSession s, Config cfg, Consumer<String> out) {
        Transport t = TransportStack.builder().maxNe(s.maxNe()).build(s.transport());
        ResponseApdu sel = ResponseApdu.parse(t.transmit(SELECT));
        if (sel.sw1() != 0x90) {
            throw new CardStatusException("reader '" + name + "' holds no secfunet test card (SELECT failed: " + StatusWord.format(sel.sw()) + ")", sel.sw());
        }
        byte[] shortEcho = CommandApdu.of(0x00, 0x01, 0, 0, new byte[8], 256).encode();
        byte[] longEcho = CommandApdu.of(0x00, 0x01, 0, 0, new byte[4000], 4000).encode();
        List<RoundTrip.Result> r = List.of(
                RoundTrip.measure(name + " short 8 B", t, shortEcho, cfg.warmup(), cfg.iterations()),
                RoundTrip.measure(name + " ext 4000 B", t, longEcho, cfg.warmup(), cfg.iterations()));
        r.forEach(x -> out.accept(x.line()));
        return r;
    }
}
