package org.secfunet.grid.hypervisor;

import java.util.Arrays;
import org.slf4j.Logger;

/**
 * What both brokers do around one VM request: count its failure by code ({@code busy} for BUSY),
 * turn a bug into {@code ERR internal} (logged, counted), and wipe the VM's PIN however it ends.
 */
final class RequestGuard {
    /** One request's work, up to key export. */
    @FunctionalInterface
    interface Serve {
        Broker.Result serve() throws BrokerException, InterruptedException;
    }

    private RequestGuard() {
    }

    /** Runs {@code serve} for {@code vmName}; {@code pin} (may be null) is wiped after; a bug is logged to {@code log}. */
    static Broker.Result run(String vmName, char[] pin, HypervisorMetrics metrics, Logger log, Serve serve)
            throws BrokerException, InterruptedException {
        try {
            return serve.serve();
        } catch (BrokerException e) {
            metrics.failure(vmName, e.reply().kind() == VmReply.Kind.BUSY ? "busy" : e.reply().code());
            throw e;
        } catch (RuntimeException e) {
            // a bug, not the VM's doing: the VM still gets an answer and the failure is counted
            log.error("request of vm {} failed unexpectedly", vmName, e);
            metrics.failure(vmName, "internal");
            throw BrokerException.err("internal", "the hypervisor failed on this request; its log says why");
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }
}
