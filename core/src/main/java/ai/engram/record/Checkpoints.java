package ai.engram.record;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Writes and reads a run's checkpoint: one Kryo file, replaced atomically (written beside, then
 * renamed), so a run killed mid-write still has its previous checkpoint whole.
 */
public final class Checkpoints {

    private static final String FILE = "state.kryo";

    private Checkpoints() {
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo();
        // Checkpoints hold records and arrays of Engram's own classes, read by the same build; the
        // wire format of messages between JVMs is registered class by class (runtime package).
        kryo.setRegistrationRequired(false);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        return kryo;
    }

    public static void write(Path directory, Object state) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(FILE + ".tmp");
            try (OutputStream stream = Files.newOutputStream(temporary); Output output = new Output(stream, 1 << 16)) {
                kryo().writeClassAndObject(output, state);
            }
            Files.move(temporary, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(FILE));
    }

    public static Object read(Path directory) {
        Path file = directory.resolve(FILE);
        try (InputStream stream = Files.newInputStream(file); Input input = new Input(stream, 1 << 16)) {
            return kryo().readClassAndObject(input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        } catch (KryoException e) {
            throw new IllegalStateException("checkpoint " + file + " is corrupt or from another version of Engram: "
                    + e.getMessage(), e);
        }
    }
}
