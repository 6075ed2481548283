package io.serialtrace.images;

import java.nio.charset.StandardCharsets;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Run inside the gate's image by {@link GateImageRocksDbIT}: loads RocksDB's JNI library (which
 * links libstdc++, libgcc_s, libm and glibc from the image's os-files layer), opens a store under
 * the path given, writes and reads one key, and prints what it read.
 */
public final class RocksDbProbe {
  private RocksDbProbe() {}

  public static void main(String[] args) throws Exception {
    RocksDB.loadLibrary();
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB store = RocksDB.open(options, args[0])) {
      store.put(bytes("unit"), bytes("SN-1"));
      System.out.println(
          "rocksdb read " + new String(store.get(bytes("unit")), StandardCharsets.UTF_8));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
