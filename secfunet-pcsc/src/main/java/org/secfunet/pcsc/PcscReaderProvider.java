package org.secfunet.pcsc;

/** PC/SC readers by index or name. */
final class PcscReaderProvider implements ReaderProvider {
    private final PcscReaders readers;

    PcscReaderProvider(PcscReaders readers) {
        this.readers = readers;
    }

    @Override
    public boolean supports(ReaderAddress address) {
        return address instanceof ReaderAddress.PcscIndex || address instanceof ReaderAddress.PcscName;
    }

    @Override
    public CardSession connect(ReaderAddress address, ConnectOptions options) {
        return readers.connect(address, options);
    }
}
