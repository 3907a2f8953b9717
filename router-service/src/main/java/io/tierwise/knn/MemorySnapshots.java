package io.tierwise.knn;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.ReferenceManager;

/**
 * Hands out the current {@link MemorySnapshot} to concurrent queries and swaps in a newer one on
 * refresh; an old snapshot's reader closes once its last query releases it.
 */
final class MemorySnapshots extends ReferenceManager<MemorySnapshot> {

  private final Path dir;

  /** Takes ownership of {@code reader}: closes it if the first snapshot cannot be built. */
  MemorySnapshots(Path dir, DirectoryReader reader) throws IOException {
    this.dir = dir;
    try {
      current = MemorySnapshot.load(dir, reader, null);
    } catch (IOException | RuntimeException e) {
      closeAfterFailure(reader, e);
      throw e;
    }
  }

  @Override
  protected void decRef(MemorySnapshot snapshot) throws IOException {
    snapshot.reader().decRef();
  }

  @Override
  protected MemorySnapshot refreshIfNeeded(MemorySnapshot snapshot) throws IOException {
    DirectoryReader newer = DirectoryReader.openIfChanged(snapshot.reader());
    if (newer == null) {
      return null;
    }
    try {
      return MemorySnapshot.load(dir, newer, snapshot);
    } catch (IOException | RuntimeException e) {
      closeAfterFailure(newer, e);
      throw e;
    }
  }

  @Override
  protected boolean tryIncRef(MemorySnapshot snapshot) {
    return snapshot.reader().tryIncRef();
  }

  @Override
  protected int getRefCount(MemorySnapshot snapshot) {
    return snapshot.reader().getRefCount();
  }

  private static void closeAfterFailure(DirectoryReader reader, Exception failure) {
    try {
      reader.close();
    } catch (IOException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
