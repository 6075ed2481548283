package io.serialtrace.gate.app;

import io.serialtrace.gate.topology.GateSettings;
import io.smallrye.config.SmallRyeConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.eclipse.microprofile.config.ConfigProvider;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of this instance (the pattern of the Kafka Streams
 * memory-management guide): one LRU block cache shared by all stores, holding data, index and
 * filter blocks, and one {@link WriteBufferManager} charging every memtable to that same cache. So
 * off-heap memory stays at about {@code gate.rocksdb-block-cache-bytes} however many units and
 * store instances accumulate; without it each store has its own cache and memtables and index
 * blocks grow with the data.
 *
 * <p>Kafka Streams instantiates this class by name (per store), so the shared objects are static
 * and created once, from {@link GateSettings}.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

  /** Share of the cache reserved for index and filter blocks (high-priority pool). */
  private static final double INDEX_FILTER_SHARE = 0.1;

  private static final class Shared {
    static final Cache CACHE;
    static final WriteBufferManager WRITE_BUFFERS;
    static final long MEMTABLE_BYTES;

    static {
      GateSettings settings =
          ConfigProvider.getConfig()
              .unwrap(SmallRyeConfig.class)
              .getConfigMapping(GateSettings.class);
      // SettingsCheck refused a bad budget at start; checked again should a store open first.
      SettingsCheck.requireValid(settings);
      CACHE = new LRUCache(settings.rocksdbBlockCacheBytes(), -1, false, INDEX_FILTER_SHARE);
      WRITE_BUFFERS = new WriteBufferManager(settings.rocksdbWriteBufferBytes(), CACHE);
      // A few memtables per store at most; the manager caps their sum across stores.
      MEMTABLE_BYTES = Math.max(1L << 20, settings.rocksdbWriteBufferBytes() / 4);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(Shared.CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(Shared.WRITE_BUFFERS);
    options.setWriteBufferSize(Shared.MEMTABLE_BYTES);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: never closed per store.
  }
}
