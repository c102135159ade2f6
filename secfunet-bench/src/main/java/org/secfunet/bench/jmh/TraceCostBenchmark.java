package org.secfunet.bench.jmh;

import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.apdu.trace.TraceLevel;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.runtime.Applet;
import org.secfunet.card.runtime.SoftwareCard;

/**
 * What the trace costs per APDU on an in-process software card: the bare card call (baseline),
 * the full ISO stack with the trace off, and the stack with the trace on at APDU and HEX level
 * (written to a discarding stream, so only formatting is measured).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TraceCostBenchmark {
    private static final byte[] AID = Hex.decode("A000000001");
    private byte[] command;
    private SoftwareCard card;
    private Transport bare;
    private Transport stackOff;
    private Transport stackApdu;
    private Transport stackHex;

    @Setup
    public void setup() {
        Applet echo = new Applet() {
            public byte[] aid() {
                return AID;
            }

            public String name() {
                return "echo";
            }

            public org.secfunet.apdu.ResponseApdu process(CommandApdu c) {
                return org.secfunet.apdu.ResponseApdu.ok(c.data());
            }
        };
        card = new SoftwareCard("bench", SoftwareCard.DEFAULT_ATR, List.of(echo));
        card.powerOn();
        card.transmit(CommandApdu.of(0, 0xA4, 4, 0, AID).encode());
        command = CommandApdu.of(0, 0x01, 0, 0, new byte[8], 256).encode();
        bare = card::transmit;
        stackOff = TransportStack.builder().trace(Tracer.OFF, "off").build(bare);
        Clock clock = Clock.systemUTC();
        stackApdu = TransportStack.builder().trace(Tracer.to(OutputStream.nullOutputStream(), TraceLevel.APDU, clock), "b").build(bare);
        stackHex = TransportStack.builder().trace(Tracer.to(OutputStream.nullOutputStream(), TraceLevel.HEX, clock), "b").build(bare);
    }

    @Benchmark
    public byte[] bareCard() {
        return bare.transmit(command);
    }

    @Benchmark
    public byte[] stackTraceOff() {
        return stackOff.transmit(command);
    }

    @Benchmark
    public byte[] stackTraceApdu() {
        return stackApdu.transmit(command);
    }

    @Benchmark
    public byte[] stackTraceHex() {
        return stackHex.transmit(command);
    }
}
