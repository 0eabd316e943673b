package ai.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.cluster.ClusterNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * No Docker engine runs here, so the compose file is checked as far as it can be without one:
 * every service runs a real {@code engram} command with options it accepts, workers join the
 * learner's advertised address, and the Dockerfile copies only what the repository has.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyServiceRunsARealEngramCommandWithValidOptions() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker/compose.yaml").toFile());
        JsonNode services = compose.get("services");
        assertEquals(Set.of("learner", "worker", "gym-server"), Set.copyOf(iterableNames(services)));
        for (String name : iterableNames(services)) {
            List<String> args = new ArrayList<>();
            services.get(name).get("command").forEach(a -> args.add(a.asText()));
            CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), name + ": " + args);
        }
        List<String> learner = new ArrayList<>();
        services.get("learner").get("command").forEach(a -> learner.add(a.asText()));
        List<String> worker = new ArrayList<>();
        services.get("worker").get("command").forEach(a -> worker.add(a.asText()));
        String advertised = learner.get(learner.indexOf("--advertise") + 1);
        int port = ClusterNode.HostPort.parse(learner.get(learner.indexOf("--bind") + 1)).port();
        assertEquals(new ClusterNode.HostPort(advertised, port), ClusterNode.HostPort.parse(worker.get(worker.indexOf("--join") + 1)),
                "workers join the address the learner advertises");
        assertEquals(advertised, services.get("learner").get("hostname").asText());
    }

    @Test
    void theDockerfileCopiesWhatTheRepositoryHasAndRunsEngram() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            assertTrue(Files.exists(ROOT.resolve(copy.group(1))), "COPY " + copy.group(1) + " exists in the repository");
        }
        assertTrue(copies >= 4);
        assertTrue(dockerfile.contains("ENTRYPOINT [\"engram\"]"));
    }

    private static List<String> iterableNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
