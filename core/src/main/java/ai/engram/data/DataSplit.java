package ai.engram.data;

/** A data set's training and test examples. */
public record DataSplit(Dataset train, Dataset test) {
}
