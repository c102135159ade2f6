package org.secfunet.pcsc;

import org.secfunet.apdu.TransportException;

/** A reader problem the user can act on: no such reader, no card, service down. */
public class ReaderException extends TransportException {
    private static final long serialVersionUID = 1L;

    public ReaderException(String message) {
        super(message);
    }

    public ReaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
