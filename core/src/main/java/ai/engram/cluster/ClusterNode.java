package ai.engram.cluster;

import ai.engram.runtime.ActorRun;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One JVM of a cluster run: its role ({@code learner} or {@code worker}), the address it binds,
 * the learner it joins (the learner joins itself: it is the cluster's seed), and optional TLS.
 *
 * <p>Downing: Pekko's split brain resolver with {@code keep-oldest}. The learner starts first and
 * is the oldest member, so a partition keeps the learner's side: worker nodes cut off from it down
 * themselves (and `engram worker` rejoins once a learner answers again), and the learner downs
 * unreachable workers, which come back, if ever, as new members. A run has one learner, so no
 * partition can end with two. Any setting can be overridden by a {@code -Dpekko...} system property.
 */
public record ClusterNode(String role, HostPort bind, String advertise, HostPort seed, Optional<Tls> tls) {

    /** The actor system's name: nodes of one run must agree on it. */
    public static final String SYSTEM = "engram";

    /** A host and a port, as given on the command line ({@code 127.0.0.1:25520}). */
    public record HostPort(String host, int port) {

        public static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (for example 127.0.0.1:25520)");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no port number after the colon");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " of '" + text + "' is not in 0..65535");
            }
            return new HostPort(text.substring(0, colon), port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * Mutually authenticated TLS for Artery: the node presents the key in {@code keystore} and
     * accepts only peers whose certificate {@code truststore} trusts (both PKCS12 or JKS, one password).
     */
    public record Tls(Path keystore, Path truststore, String password) {

        public Tls {
            for (Path p : List.of(keystore, truststore)) {
                if (!Files.isReadable(p)) {
                    throw new IllegalArgumentException("cannot read TLS key or trust store " + p);
                }
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("TLS needs the stores' password in the environment variable "
                        + "ENGRAM_TLS_PASSWORD");
            }
        }
    }

    /** The seed node; workers join {@code advertise:port} (give the name they use, e.g. a compose service's). */
    public static ClusterNode learner(HostPort bind, Optional<String> advertise, Optional<Tls> tls) {
        String host = advertise.orElseGet(() -> advertised(bind));
        return new ClusterNode("learner", bind, host, new HostPort(host, bind.port()), tls);
    }

    public static ClusterNode worker(HostPort bind, Optional<String> advertise, HostPort learner, Optional<Tls> tls) {
        return new ClusterNode("worker", bind, advertise.orElseGet(() -> advertised(bind)), learner, tls);
    }

    /**
     * The address other nodes reach a node at, unless told: the bind host, or for 0.0.0.0 (all
     * interfaces, as in a container) this host's own address, since a wildcard cannot be dialled back.
     */
    private static String advertised(HostPort bind) {
        if (!bind.host().equals("0.0.0.0")) {
            return bind.host();
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot find this host's address to advertise for --bind 0.0.0.0: " + e, e);
        }
    }

    /** Pekko's settings for this node, on top of the run's own (Kryo for every cross-JVM message). */
    public Config config() {
        String protocol = tls.isPresent() ? "tls-tcp" : "tcp";
        Config node = ConfigFactory.parseString("""
                pekko {
                  actor.provider = cluster
                  remote.artery {
                    transport = %s
                    canonical.hostname = "%s"
                    canonical.port = %d
                    bind.hostname = "%s"
                    # transition batches and policy snapshots are larger than Artery's 256 KiB default
                    advanced.maximum-frame-size = 8 MiB
                    advanced.buffer-pool-size = 64
                  }
                  cluster {
                    seed-nodes = ["pekko://%s@%s"]
                    roles = [%s]
                    downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
                    split-brain-resolver {
                      active-strategy = keep-oldest
                      stable-after = 7s
                      keep-oldest.down-if-alone = off
                    }
                    # a worker waiting for its learner asks again every few seconds, never in a tight loop
                    retry-unsuccessful-join-after = 3s
                    shutdown-after-unsuccessful-join-seed-nodes = off
                    jmx.enabled = off
                    log-info = off
                  }
                }
                """.formatted(protocol, advertise, bind.port(), bind.host(), SYSTEM, seed, role));
        if (tls.isPresent()) {
            Tls t = tls.get();
            String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
            node = node.withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(t.keystore().toAbsolutePath().toString()))
                    .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(t.truststore().toAbsolutePath().toString()))
                    .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(t.password()))
                    .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(t.password()))
                    .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(t.password()))
                    .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef("TLSv1.3"))
                    .withValue(engine + "enabled-algorithms", ConfigValueFactory.fromIterable(
                            List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256")))
                    .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true));
        }
        return ConfigFactory.systemProperties().withFallback(node).withFallback(ActorRun.config(false)).resolve();
    }
}
