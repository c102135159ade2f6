package org.secfunet.bench.jmh;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.secfunet.bench.RecordBench;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.ExportedKeys;
import org.secfunet.tls.RecordEngine;

/**
 * One record per operation, per plaintext size and suite: the host record layer's
 * {@link RecordEngine} (heap ByteBuffers, as the JCA SSLEngine uses it) against a JSSE SSLEngine.
 * {@code seal*} protects one record; {@code roundTrip*} protects one and opens it on the peer's
 * side, so opening costs the difference. Nanoseconds per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordLayerBenchmark {
    @Param({"64", "1024", "16384"})
    public int size;

    @Param({"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    public String suite;

    private RecordEngine sealer;
    private RecordEngine writer;
    private RecordEngine reader;
    private SSLEngine jsseSealer;
    private SSLEngine jsseClient;
    private SSLEngine jsseServer;
    private ByteBuffer app;
    private ByteBuffer net;
    private ByteBuffer plain;

    @Setup
    public void setup() throws Exception {
        boolean tls13 = !suite.contains("_WITH_");
        ThrowawayPki pki = ThrowawayPki.create("jmh CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        byte[] tlv = RecordBench.exportedKeys(pki, suite, tls13);
        sealer = new RecordEngine(ExportedKeys.parse(tlv));
        writer = new RecordEngine(ExportedKeys.parse(tlv));
        reader = new RecordEngine(RecordBench.mirrored(tlv));
        jsseSealer = RecordBench.jssePair(pki, suite, tls13)[0];
        SSLEngine[] pair = RecordBench.jssePair(pki, suite, tls13);
        jsseClient = pair[0];
        jsseServer = pair[1];
        app = ByteBuffer.allocate(size);
        net = ByteBuffer.allocate(Math.max(RecordEngine.MAX_RECORD, jsseClient.getSession().getPacketBufferSize()));
        plain = ByteBuffer.allocate(Math.max(RecordEngine.MAX_PLAINTEXT, jsseServer.getSession().getApplicationBufferSize()));
    }

    @Benchmark
    public int sealHost() throws Exception {
        app.clear();
        net.clear();
        return sealer.seal(app, net).produced();
    }

    @Benchmark
    public int sealJsse() throws Exception {
        app.clear();
        net.clear();
        return jsseSealer.wrap(app, net).bytesProduced();
    }

    @Benchmark
    public int roundTripHost() throws Exception {
        app.clear();
        net.clear();
        writer.seal(app, net);
        net.flip();
        plain.clear();
        return reader.open(net, plain).produced();
    }

    @Benchmark
    public int roundTripJsse() throws Exception {
        app.clear();
        net.clear();
        jsseClient.wrap(app, net);
        net.flip();
        plain.clear();
        return jsseServer.unwrap(net, plain).bytesProduced();
    }
}
