package ai.engram.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on loopback with keys made here by keytool: a worker whose certificate the cluster
 * does not trust cannot join or send a single transition; one with the cluster's key can.
 */
class ClusterTlsTest {

    private static Path keyStore(Path dir, String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        return store;
    }

    private static String[] with(List<String> tls, String... args) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(args), tls.stream()).toArray(String[]::new);
    }

    @Test
    void onlyNodesWithTheClustersCertificateJoin(@TempDir Path tmp) throws Exception {
        Path cluster = keyStore(tmp, "cluster");
        Path intruder = keyStore(tmp, "intruder");
        int port = NodeProcess.freePort();
        Path dir = tmp.resolve("run");
        List<String> tls = List.of("--tls", "--keystore", cluster.toString(), "--truststore", cluster.toString());
        try (NodeProcess learner = NodeProcess.start(tmp.resolve("learner.log"), with(tls, "learner", "--bind",
                "127.0.0.1:" + port, "--agent", "dqn", "--env", "CartPole-v1", "--run-dir", dir.toString(),
                "--set", "total-steps=3000", "--set", "eval-every=1000", "--set", "eval-episodes=2"));
             NodeProcess outsider = NodeProcess.start(tmp.resolve("intruder.log"), "worker", "--join", "127.0.0.1:" + port,
                     "--tls", "--keystore", intruder.toString(), "--truststore", cluster.toString())) {
            Thread.sleep(15_000);
            assertEquals(0, NodeProcess.lastStep(dir), "no transition from a node the cluster does not trust");
            assertTrue(learner.process().isAlive() && outsider.process().isAlive());
            try (NodeProcess member = NodeProcess.start(tmp.resolve("member.log"), with(tls, "worker", "--join",
                    "127.0.0.1:" + port, "--workers", "2", "--envs-per-worker", "2"))) {
                assertTrue(learner.process().waitFor(3, TimeUnit.MINUTES), "the run finishes with the trusted worker");
                assertEquals(0, learner.process().exitValue(), learner.output());
                assertTrue(learner.output().contains("done: "), learner.output());
            }
        }
    }

    @Test
    void badTlsOptionsAreRefusedWithWhatToDo(@TempDir Path tmp) throws Exception {
        try (NodeProcess noStores = NodeProcess.start(tmp.resolve("a.log"), "worker", "--join", "127.0.0.1:1", "--tls")) {
            assertEquals(2, noStores.process().waitFor(30, TimeUnit.SECONDS) ? noStores.process().exitValue() : -1);
            assertTrue(noStores.output().contains("--tls needs --keystore FILE and --truststore FILE"), noStores.output());
        }
        try (NodeProcess missing = NodeProcess.start(tmp.resolve("b.log"), "worker", "--join", "127.0.0.1:1", "--tls",
                "--keystore", tmp.resolve("none.p12").toString(), "--truststore", tmp.resolve("none.p12").toString())) {
            assertTrue(missing.process().waitFor(30, TimeUnit.SECONDS));
            assertTrue(missing.output().contains("cannot read TLS key or trust store"), missing.output());
        }
        try (NodeProcess badJoin = NodeProcess.start(tmp.resolve("c.log"), "worker", "--join", "localhost")) {
            assertTrue(badJoin.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, badJoin.process().exitValue());
            assertTrue(badJoin.output().contains("'localhost' is not HOST:PORT"), badJoin.output());
        }
    }
}
