package org.secfunet.card.runtime;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One kind of software card store (EAP-TLS card, SIM/USIM card, ...), recognised by the first
 * bytes of its file. Found with {@link java.util.ServiceLoader}, so the opener of store files
 * knows no kind by name and a new kind is a plug-in: a subclass giving its two functions.
 */
public abstract class CardKind {
    private final Predicate<byte[]> recognises;
    private final Function<Path, OpenCard> opener;

    /**
     * @param recognises whether a store file starting with these bytes is of this kind
     * @param opener opens (and locks) such a store as a powered-off software card
     */
    protected CardKind(Predicate<byte[]> recognises, Function<Path, OpenCard> opener) {
        this.recognises = recognises;
        this.opener = opener;
    }

    public final boolean recognises(byte[] head) {
        return recognises.test(head);
    }

    public final OpenCard open(Path store) {
        return opener.apply(store);
    }
}
