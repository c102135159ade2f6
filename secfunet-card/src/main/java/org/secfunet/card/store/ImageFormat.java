package org.secfunet.card.store;

import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How one card kind's image is kept in its store file; plugged into {@link SealedStore}.
 *
 * @param magic  the first bytes of a sealed store of this kind; null: a plain store kept in clear
 * @param kind   what the store is, for messages: "an EAP-TLS card store"
 * @param encode the image's bytes (wiped by the store once sealed)
 * @param decode the image in the content of a file, checked; messages name the file
 * @param copy   a copy nobody else holds
 */
public record ImageFormat<I>(byte[] magic, String kind, Function<I, byte[]> encode, BiFunction<Path, byte[], I> decode,
        UnaryOperator<I> copy) {

    /** Whether a store file starting with {@code head} is of this kind. */
    public boolean recognises(byte[] head) {
        return magic != null && SealedStore.hasMagic(head, magic);
    }
}
