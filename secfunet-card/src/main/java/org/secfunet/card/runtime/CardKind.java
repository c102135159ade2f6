package org.secfunet.card.runtime;

import java.nio.file.Path;

/**
 * One kind of software card store (EAP-TLS card, SIM/USIM card, ...), recognised by the first
 * bytes of its file. Found with {@link java.util.ServiceLoader}, so the opener of store files
 * knows no kind by name and a new kind is a plug-in.
 */
public interface CardKind {
    /** Whether a store file starting with {@code head} is of this kind. */
    boolean recognises(byte[] head);

    /** Opens (and locks) the store as a powered-off software card. */
    OpenCard open(Path store);
}
