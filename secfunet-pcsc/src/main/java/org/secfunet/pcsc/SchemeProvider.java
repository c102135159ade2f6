package org.secfunet.pcsc;

import java.util.function.Function;

/**
 * A {@link ReaderProvider} for one address scheme: its address type, its syntax and its parser
 * are given once; the plug-in writes only how to connect.
 *
 * @param <A> the scheme's address type
 */
public abstract class SchemeProvider<A extends ReaderAddress> implements ReaderProvider {
    private final Class<A> type;
    private final String syntax;
    private final Function<String, A> parser;

    /**
     * @param syntax the address form for help and errors, e.g. {@code vcard:FILE}
     * @param parser the address a text names, or null when it is not of this scheme
     */
    protected SchemeProvider(Class<A> type, String syntax, Function<String, A> parser) {
        this.type = type;
        this.syntax = syntax;
        this.parser = parser;
    }

    /** Opens a session on the card at {@code address}. */
    protected abstract CardSession open(A address, ConnectOptions options);

    @Override
    public final String syntax() {
        return syntax;
    }

    @Override
    public final ReaderAddress parse(String text) {
        return parser.apply(text);
    }

    @Override
    public final boolean supports(ReaderAddress address) {
        return type.isInstance(address);
    }

    @Override
    public final CardSession connect(ReaderAddress address, ConnectOptions options) {
        return open(type.cast(address), options);
    }
}
