package org.secfunet.pcsc;

import org.secfunet.apdu.Transport;

/** A card session that does what another one does; a subclass changes what it overrides (e.g. observes the transport). */
public class ForwardingSession implements CardSession {
    protected final CardSession inner;

    public ForwardingSession(CardSession inner) {
        this.inner = inner;
    }

    @Override
    public Transport transport() {
        return inner.transport();
    }

    @Override
    public byte[] atr() {
        return inner.atr();
    }

    @Override
    public String readerName() {
        return inner.readerName();
    }

    @Override
    public int maxNe() {
        return inner.maxNe();
    }

    @Override
    public int maxCommandData() {
        return inner.maxCommandData();
    }

    @Override
    public boolean maxCommandDataKnown() {
        return inner.maxCommandDataKnown();
    }

    @Override
    public byte[] control(int controlCode, byte[] command) {
        return inner.control(controlCode, command);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public void closeAndReset() {
        inner.closeAndReset();
    }
}
