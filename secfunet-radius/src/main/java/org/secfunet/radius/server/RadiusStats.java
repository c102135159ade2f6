package org.secfunet.radius.server;

import java.util.concurrent.atomic.AtomicLong;

/** What radius_server counted: every datagram dropped has its reason. */
public final class RadiusStats {
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong unknownClient = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();
    public final AtomicLong badAuthenticator = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong droppedBusy = new AtomicLong();
    public final AtomicLong unknownState = new AtomicLong();
    public final AtomicLong challenges = new AtomicLong();
    public final AtomicLong accepts = new AtomicLong();
    public final AtomicLong rejects = new AtomicLong();
    public final AtomicLong timedOut = new AtomicLong();
    public final AtomicLong overloaded = new AtomicLong();
    /** Conversation starts rejected because their NAS or calling station already held its share of the cards. */
    public final AtomicLong overQuota = new AtomicLong();

    @Override
    public String toString() {
        return "received " + received + ", accepts " + accepts + ", rejects " + rejects + ", challenges " + challenges
                + ", dropped: unknown client " + unknownClient + ", malformed " + malformed + ", bad authenticator " + badAuthenticator
                + ", duplicates " + duplicates + ", busy " + droppedBusy + ", overloaded " + overloaded + ", unknown State " + unknownState + ", over quota " + overQuota + "; conversations timed out " + timedOut;
    }
}
