package org.secfunet.pcsc;

import java.util.concurrent.atomic.AtomicBoolean;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Transport;

/** A card session that calls a {@link CardDevice} directly: no pcscd, no sockets. */
public final class InProcessSession implements CardSession {
    private final CardDevice device;
    private final String name;
    private final Runnable onClose;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final byte[] atr;
    private final Transport transport;

    public InProcessSession(CardDevice device, String name, Runnable onClose) {
        this.device = device;
        this.name = name;
        this.onClose = onClose;
        device.powerOn();
        this.atr = device.atr();
        this.transport = command -> {
            if (!open.get()) {
                throw new CardRemovedException("session to " + name + " is closed");
            }
            return device.transmit(command);
        };
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public String readerName() {
        return name;
    }

    @Override
    public int maxNe() {
        return CommandApdu.MAX_EXTENDED_NE;
    }

    /** A software card's runtime takes any extended APDU. */
    @Override
    public int maxCommandData() {
        return CommandApdu.MAX_EXTENDED_DATA;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            try {
                device.powerOff();
            } finally {
                onClose.run();
            }
        }
    }
}
