package org.secfunet.pcsc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.LeCapLayer;
import org.secfunet.pcsc.part10.ApduSizeDiscovery;

/**
 * A connection through javax.smartcardio. Its transport sends the bytes as they are (the JDK's own
 * GET RESPONSE / 6Cxx handling is switched off, see {@link PcscReaders}), and never asks for an
 * answer larger than the JDK's 8192-byte receive buffer.
 */
final class PcscSession implements CardSession {
    private final Card card;
    private final CardChannel channel;
    private final String reader;
    private final boolean exclusive;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private int maxCommandData;
    private boolean maxCommandDataKnown = true;
    private final ByteBuffer receive = ByteBuffer.allocate(LeCapLayer.JAVAX_SMARTCARDIO_MAX_NE + 2);
    private final Transport transport = new Transport() {
        @Override
        public byte[] transmit(byte[] command) {
            return send(command);
        }
    };

    PcscSession(Card card, String reader, boolean exclusive) {
        this.card = card;
        this.channel = card.getBasicChannel();
        this.reader = reader;
        this.exclusive = exclusive;
    }

    private synchronized byte[] send(byte[] command) {
        if (!open.get()) {
            throw new CardRemovedException("session to reader '" + reader + "' is closed");
        }
        if (extendedForm(command) && "T=0".equals(protocolOrNull())) {
            // javax.smartcardio refuses extended APDUs on T=0 (an exception, the card never sees it): answer as a card without
            // them would, so a driver in AUTO goes on with short APDUs, here or at the far end of a RACS link
            return new byte[] {0x67, 0x00};
        }
        byte[] capped = LeCapLayer.cap(command, LeCapLayer.JAVAX_SMARTCARDIO_MAX_NE);
        try {
            receive.clear();
            int n = channel.transmit(ByteBuffer.wrap(capped), receive);
            return Arrays.copyOf(receive.array(), n);
        } catch (CardException e) {
            throw PcscErrors.forTransmit(reader, e);
        } catch (IllegalStateException e) {
            throw new CardRemovedException("card in reader '" + reader + "' was removed (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public byte[] atr() {
        return card.getATR().getBytes();
    }

    @Override
    public String readerName() {
        return reader;
    }

    @Override
    public int maxNe() {
        return LeCapLayer.JAVAX_SMARTCARDIO_MAX_NE;
    }

    /**
     * From the reader's PC/SC part 10 {@code dwMaxAPDUDataSize}, asked once per connection (two
     * control calls at most, on first use); short (255) when the reader cannot say, answers 0 or
     * an error, and on T=0, where javax.smartcardio refuses extended APDUs.
     */
    @Override
    public synchronized int maxCommandData() {
        discover();
        return maxCommandData;
    }

    /**
     * False on a T=1 connection whose reader does not say its limit ({@link ApduSizeDiscovery#UNKNOWN}):
     * the 255 of {@link #maxCommandData()} is then a floor, not what the reader said. T=0 is known
     * short (ISO/IEC 7816-3 T=0 carries no extended APDU in one TPDU; the JDK refuses them).
     */
    @Override
    public synchronized boolean maxCommandDataKnown() {
        discover();
        return maxCommandDataKnown;
    }

    /** SCardControl on this connection; a refusal is a {@link ReaderException} naming the reader. */
    @Override
    public synchronized byte[] control(int controlCode, byte[] command) {
        if (!open.get()) {
            throw new CardRemovedException("session to reader '" + reader + "' is closed");
        }
        try {
            return card.transmitControlCommand(controlCode, command);
        } catch (CardException e) {
            throw new ReaderException("reader '" + reader + "' refused control code 0x" + Integer.toHexString(controlCode) + ": " + e.getMessage(), e);
        }
    }

    private void discover() {
        if (maxCommandData != 0) {
            return;
        }
        String protocol = protocolOrNull();
        int said = "T=0".equals(protocol) ? ApduSizeDiscovery.SHORT : ApduSizeDiscovery.discover(card::transmitControlCommand);
        maxCommandDataKnown = said != ApduSizeDiscovery.UNKNOWN || !"T=1".equals(protocol);
        maxCommandData = said == ApduSizeDiscovery.UNKNOWN ? ApduSizeDiscovery.SHORT : said;
    }

    /** An extended-length command (ISO 7816-4 §5.1: a 00 byte after the header, then two length bytes). */
    static boolean extendedForm(byte[] command) {
        return command.length >= 7 && command[4] == 0;
    }

    private String protocolOrNull() {
        try {
            return card.getProtocol();
        } catch (RuntimeException e) {
            return null;
        }
    }

    String protocol() {
        return card.getProtocol();
    }

    @Override
    public void close() {
        disconnect(false);
    }

    @Override
    public void closeAndReset() {
        disconnect(true);
    }

    private void disconnect(boolean reset) {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            if (exclusive) {
                card.endExclusive();
            }
        } catch (CardException | IllegalStateException ignored) {
            // card already gone: nothing to release
        }
        try {
            card.disconnect(reset);
        } catch (CardException | IllegalStateException ignored) {
            // card already gone
        }
    }
}
