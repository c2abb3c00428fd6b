"""Connection settings shared by the store's connections (a module of its own so that the
read helper process can use them without importing sqlite-utils, which imports pandas)."""

BUSY_TIMEOUT_MS = 10_000  # how long a connection waits for another one's write lock
MMAP_BYTES = 2**31 - 2**16  # SQLite's default upper bound (SQLITE_MAX_MMAP_SIZE, 0x7fff0000)
