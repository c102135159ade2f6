package org.secfunet.radius.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** FreeRADIUS 3.2 as a private foreground process (freeradius -X) with one EAP-TLS configuration. */
public final class FreeRadius {
    private FreeRadius() {
    }

    /** As below on a free loopback UDP port ({@link LabProcess#port()}), tried again on a new one if another process takes it first. */
    public static LabProcess start(Path dir, String secret, Path serverCert, Path serverKey, Path trustedCas, boolean tls13)
            throws IOException, InterruptedException {
        return LabProcess.onFreeUdpPort(port -> start(dir, port, secret, serverCert, serverKey, trustedCas, tls13));
    }

    public static LabProcess start(Path dir, int port, String secret, Path serverCert, Path serverKey, Path trustedCas, boolean tls13)
            throws IOException, InterruptedException {
        Path raddb = Files.createDirectories(dir.resolve("raddb"));
        Path run = Files.createDirectories(dir.resolve("run"));
        String conf = """
                prefix = /usr
                raddbdir = %1$s
                confdir = %1$s
                logdir = %2$s
                run_dir = %2$s
                pidfile = %2$s/radiusd.pid
                libdir = /usr/lib/freeradius
                max_request_time = 30
                cleanup_delay = 5
                hostname_lookups = no
                proxy_requests = no
                log {
                    destination = stdout
                    colourise = no
                    auth = yes
                }
                security {
                    reject_delay = 0
                    status_server = yes
                    max_attributes = 200
                }
                client local {
                    ipaddr = 127.0.0.1
                    secret = %3$s
                    require_message_authenticator = yes
                }
                modules {
                    eap {
                        default_eap_type = tls
                        timer_expire = 60
                        ignore_unknown_eap_types = no
                        tls-config tls-common {
                            private_key_file = %4$s
                            certificate_file = %5$s
                            ca_file = %6$s
                            cipher_list = "DEFAULT"
                            tls_min_version = "1.2"
                            tls_max_version = "%7$s"
                            ecdh_curve = ""
                            cache {
                                enable = no
                            }
                            ocsp {
                                enable = no
                            }
                        }
                        tls {
                            tls = tls-common
                        }
                    }
                }
                server default {
                    listen {
                        type = auth
                        ipaddr = 127.0.0.1
                        port = %8$d
                    }
                    authorize {
                        eap {
                            ok = return
                        }
                    }
                    authenticate {
                        eap
                    }
                    post-auth {
                        Post-Auth-Type REJECT {
                            eap
                        }
                    }
                }
                """.formatted(raddb, run, secret, serverKey, serverCert, trustedCas, tls13 ? "1.3" : "1.2", port);
        Files.writeString(raddb.resolve("radiusd.conf"), conf);
        return LabProcess.start("freeradius", dir, "Ready to process requests", "freeradius", "-X", "-d", raddb.toString());
    }
}
