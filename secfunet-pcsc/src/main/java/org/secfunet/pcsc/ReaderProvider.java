package org.secfunet.pcsc;

/**
 * Connects to the cards behind one kind of {@link ReaderAddress}. Found with
 * {@link java.util.ServiceLoader}, so higher layers (software cards, RACS) plug in without this
 * layer knowing them.
 */
public interface ReaderProvider {
    boolean supports(ReaderAddress address);

    CardSession connect(ReaderAddress address, ConnectOptions options);
}
