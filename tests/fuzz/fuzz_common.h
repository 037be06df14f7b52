/* Shared by the fuzz targets: a scratch directory made once per process
 * (in /dev/shm when it can be, so that the databases the loader writes stay
 * in memory), and a store of a small test model opened once, for the
 * targets that need a model to evaluate against. */
#ifndef ICSVIEW_FUZZ_COMMON_H
#define ICSVIEW_FUZZ_COMMON_H

#include "icsview/store/store.h"

/* The process's scratch directory (removed at exit). */
const char *fuzz_scratch_dir(void);
/* The store of ICSVIEW_FUZZ_MODEL (default: tests/models/good/nested.yaml
 * in the source tree), loaded and opened on the first call; aborts if the
 * model does not load. */
struct store *fuzz_store(void);

#endif
