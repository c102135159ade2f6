package org.secfunet.apdu;

/**
 * One operation: command APDU bytes in, response APDU bytes out. Everything ISO 7816-4 does on
 * top of a reader (GET RESPONSE, FETCH, 6Cxx, chaining, tracing) is a decorator around it.
 * Implementations are not required to be thread-safe: one caller at a time per card session.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends one command APDU, returns the card's raw answer (data and SW).
     *
     * @throws TransportException when the card or reader cannot be reached
     */
    byte[] transmit(byte[] command);

    /** Convenience over {@link #transmit(byte[])} with the typed codec. */
    default ResponseApdu transmit(CommandApdu command) {
        return ResponseApdu.parse(transmit(command.encode()));
    }

    /** Releases the underlying session; idempotent. */
    @Override
    default void close() {
    }
}
