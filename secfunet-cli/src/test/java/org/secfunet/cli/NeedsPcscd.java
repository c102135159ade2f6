package org.secfunet.cli;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** For {@code @ExtendWith}: each test of the class runs only with the pcscd + vpcd of bin/test ({@link PcscTestEnv#require}). */
final class NeedsPcscd implements BeforeEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        PcscTestEnv.require();
    }
}
