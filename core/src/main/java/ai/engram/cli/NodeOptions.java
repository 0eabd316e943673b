package ai.engram.cli;

import ai.engram.cluster.ClusterNode;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What every cluster node is told besides its bind address: the name others reach it at, and
 * mutual TLS (the stores' password comes from ENGRAM_TLS_PASSWORD, never the command line).
 */
final class NodeOptions {

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "The host name or address other nodes reach this one at (default: the --bind host, or this"
                    + " host's address when binding 0.0.0.0).")
    String advertise;

    @Option(names = "--tls", description = "Encrypt and authenticate cluster traffic (Artery TLS, mutual authentication).")
    boolean enabled;

    @Option(names = "--keystore", paramLabel = "FILE", description = "This node's key and certificate (PKCS12 or JKS), with --tls.")
    Path keystore;

    @Option(names = "--truststore", paramLabel = "FILE", description = "The certificates this node accepts (PKCS12 or JKS), with --tls.")
    Path truststore;

    Optional<String> advertise() {
        return Optional.ofNullable(advertise);
    }

    Optional<ClusterNode.Tls> tls() {
        if (!enabled) {
            if (keystore != null || truststore != null) {
                throw new IllegalArgumentException("--keystore and --truststore are for --tls; add --tls or drop them");
            }
            return Optional.empty();
        }
        if (keystore == null || truststore == null) {
            throw new IllegalArgumentException("--tls needs --keystore FILE and --truststore FILE");
        }
        return Optional.of(new ClusterNode.Tls(keystore, truststore, System.getenv("ENGRAM_TLS_PASSWORD")));
    }
}
