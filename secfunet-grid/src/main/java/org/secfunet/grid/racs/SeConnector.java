package org.secfunet.grid.racs;

import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;

/** Powers on the SE behind a reader address: one card session per power-on, closed to power off. */
@FunctionalInterface
public interface SeConnector {
    /** Connects; reader or card problems are {@link org.secfunet.apdu.TransportException}s. */
    CardSession connect(String readerAddress);

    /** Through the SDK's resolver (PC/SC index or name, {@code vcard:FILE}), PC/SC readers opened exclusively. */
    static SeConnector of(Readers readers) {
        return address -> readers.connect(address, ConnectOptions.DEFAULT.exclusive());
    }
}
