package org.secfunet.cli;

import java.util.function.Supplier;

/**
 * Library calls that parse what the user typed or wrote (a reader address, a config file, a
 * HOST:PORT): there an {@link IllegalArgumentException} or {@link IllegalStateException} is the
 * user's mistake (exit 1), where anywhere else it is a bug (exit 70, see {@link Errors}).
 */
final class UserInput {
    private UserInput() {
    }

    static <T> T parse(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
    }
}
