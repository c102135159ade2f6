package org.secfunet.card.store;

import java.nio.file.Path;

/** How one card kind's image is kept in its store file; plugged into {@link SealedStore}. */
public interface ImageFormat<I> {
    /** The first bytes of a sealed store of this kind; null: a plain store kept in clear. */
    byte[] magic();

    /** What the store is, for messages: "an EAP-TLS card store". */
    String kind();

    /** The image's bytes (wiped by the store once sealed). */
    byte[] encode(I image);

    /** The image in {@code content}, checked; messages name {@code file}. */
    I decode(Path file, byte[] content);

    /** A copy nobody else holds. */
    I copy(I image);

    /** Whether a store file starting with {@code head} is of this kind. */
    default boolean recognises(byte[] head) {
        byte[] magic = magic();
        return magic != null && SealedStore.hasMagic(head, magic);
    }
}
