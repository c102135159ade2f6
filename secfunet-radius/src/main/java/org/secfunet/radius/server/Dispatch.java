package org.secfunet.radius.server;

/** What {@link RadiusDispatcher} makes of one datagram: a reply to send back, or a drop and its reason. */
public sealed interface Dispatch {
    /** Send {@code datagram} back to where the request came from. */
    record Reply(byte[] datagram) implements Dispatch {
    }

    /** Send nothing (RFC 3579 §3.2 silent discard, a busy pool, a duplicate in progress...): {@code reason} says why. */
    record Drop(String reason) implements Dispatch {
    }
}
