package org.secfunet.card.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;

/** The software card a fuzz target drives (made once, in a temporary folder) and the APDU sequence it is fed. */
final class FuzzCards {
    /** Writes a fresh store at the given path. */
    interface StoreMaker {
        void create(Path store) throws IOException;
    }

    private FuzzCards() {
    }

    /** The card of a store made by {@code maker} on first use, the same card afterwards. */
    static Supplier<OpenCard> once(String dirPrefix, String fileName, StoreMaker maker) {
        return new Supplier<>() {
            private OpenCard card;

            @Override
            public synchronized OpenCard get() {
                if (card == null) {
                    card = open(dirPrefix, fileName, maker);
                }
                return card;
            }
        };
    }

    private static OpenCard open(String dirPrefix, String fileName, StoreMaker maker) {
        try {
            Path dir = Files.createTempDirectory(dirPrefix);
            Path f = dir.resolve(fileName);
            maker.create(f);
            OpenCard card = VirtualCards.open(f);
            dir.toFile().deleteOnExit();
            return card;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which APDUs the fuzzer may not send as they are (and what to send instead). */
    interface Rewrite {
        void apply(byte[] apdu);
    }

    /**
     * One to eight APDUs of up to {@code maxLength} bytes each, as the fuzzer chooses, passed through
     * {@code rewrite}; the card answers each with at least a status word.
     */
    static void sendSome(OpenCard c, FuzzedDataProvider data, int maxLength, Rewrite rewrite) {
        int n = data.consumeInt(1, 8);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            byte[] apdu = data.consumeBytes(data.consumeInt(0, maxLength));
            rewrite.apply(apdu);
            byte[] r = c.card().transmit(apdu);
            assertThat(r.length).isGreaterThanOrEqualTo(2);
        }
    }
}
