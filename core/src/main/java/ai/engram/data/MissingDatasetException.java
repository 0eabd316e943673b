package ai.engram.data;

/** A data set that is not installed on this machine; the message holds the command that installs it. */
public final class MissingDatasetException extends IllegalStateException {

    public MissingDatasetException(String message) {
        super(message);
    }
}
