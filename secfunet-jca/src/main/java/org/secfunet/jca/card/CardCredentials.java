package org.secfunet.jca.card;

/**
 * What a key manager of this provider holds, so that an SSL context initialized with it
 * ({@code SSLContext.getInstance("SecFuNet").init(kmf.getKeyManagers(), …)}) runs its handshakes on
 * the same cards with the same PIN.
 */
public interface CardCredentials {
    CardBank bank();

    PinSource pins();
}
