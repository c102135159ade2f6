/**
 * The grid's coordination on Apache ZooKeeper through Apache Curator (issue #16): the registry of
 * RACS servers and their secure elements, the VM bindings, a lock and fencing token per SE, and
 * the per-VM wrong-PIN ledger shared by every hypervisor. It uses libraries and secfunet-service
 * only; the hypervisor, RACS and VM packages use it, never the other way round.
 * The znode layout is in {@link org.secfunet.coord.Znodes}; docs/grid.md describes it.
 */
package org.secfunet.coord;
