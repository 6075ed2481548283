/*
 * Serves the ClickHouse engine in libchdb.so over its real HTTP and native ports.
 *
 * libchdb exposes clickhouse-local's command line as chdb_query_cmdline(argc, argv); with
 * "SYSTEM START LISTEN" and a long-running keep-alive query it acts as a server until that query
 * ends (KILL QUERY) or the process is signalled. The library is opened at run time so this binary
 * does not depend on where the npm package was unpacked.
 *
 * Usage: chdb_server /path/to/libchdb.so <clickhouse-local arguments...>
 * Exit code: 0 when the query line ended normally or was killed, 1 on any engine error.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct chdb_result chdb_result;
typedef chdb_result *(*query_cmdline_fn)(int, char **);
typedef const char *(*result_error_fn)(chdb_result *);
typedef void (*destroy_result_fn)(chdb_result *);

static void *symbol(void *library, const char *name) {
  void *found = dlsym(library, name);
  if (found == NULL) {
    fprintf(stderr, "chdb_server: libchdb.so lacks %s: %s\n", name, dlerror());
    exit(1);
  }
  return found;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s /path/to/libchdb.so [clickhouse-local arguments]\n", argv[0]);
    return 2;
  }
  void *library = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
  if (library == NULL) {
    fprintf(stderr, "chdb_server: cannot load %s: %s\n", argv[1], dlerror());
    return 1;
  }
  query_cmdline_fn query_cmdline = (query_cmdline_fn)symbol(library, "chdb_query_cmdline");
  result_error_fn result_error = (result_error_fn)symbol(library, "chdb_result_error");
  destroy_result_fn destroy_result = (destroy_result_fn)symbol(library, "chdb_destroy_query_result");

  /* clickhouse-local reads argv[0] as its program name, so the library path takes its place. */
  argv[1] = "clickhouse-local";
  chdb_result *result = query_cmdline(argc - 1, argv + 1);
  if (result == NULL) {
    fprintf(stderr, "chdb_server: chdb_query_cmdline returned no result\n");
    return 1;
  }
  const char *error = result_error(result);
  int failed = error != NULL && error[0] != '\0';
  if (failed) {
    fprintf(stderr, "chdb_server: %s\n", error);
  } else {
    fprintf(stderr, "chdb_server: query line ended\n");
  }
  destroy_result(result);
  return failed ? 1 : 0;
}
