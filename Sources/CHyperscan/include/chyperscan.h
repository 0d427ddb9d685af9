#ifndef PANELIST_CHYPERSCAN_H
#define PANELIST_CHYPERSCAN_H

// The handful of Hyperscan calls panelist makes, loaded at run time with
// dlopen("libhs.so.5"), so one binary builds and runs with or without
// Hyperscan (or Vectorscan, which keeps the same ABI) installed. Nothing here
// includes <hs/hs.h>: the types are opaque and the flags are Hyperscan 5's values.

#include <stddef.h>
#include <stdint.h>

#define PHS_FLAG_CASELESS 1u
#define PHS_FLAG_ALLOWEMPTY 16u
#define PHS_FLAG_UTF8 32u
#define PHS_FLAG_UCP 64u
#define PHS_FLAG_PREFILTER 128u
#define PHS_FLAG_SOM_LEFTMOST 256u
#define PHS_FLAG_SINGLEMATCH 8u

/// Loads libhs once; 1 when every symbol was found and the CPU is supported.
int phs_load(void);
/// Why phs_load failed (a static string), or NULL.
const char *phs_load_error(void);
/// Hyperscan's version string, or "" before phs_load.
const char *phs_version(void);

/// Compiles a block-mode database.
/// On failure returns non-zero, writes the message into `error` and the failing
/// expression's index (or -1) into `failed`.
int phs_compile_multi(const char *const *expressions, const unsigned *flags, const unsigned *ids,
                      unsigned count, void **database, char *error, size_t error_size, int *failed);
/// Checks one expression alone (parse and support), without building a database;
/// `max_width` receives the longest match in bytes (UINT_MAX when unbounded).
int phs_expression_ok(const char *expression, unsigned flags, unsigned *max_width, char *error, size_t error_size);

int phs_alloc_scratch(const void *database, void **scratch);
void phs_free_scratch(void *scratch);
void phs_free_database(void *database);

/// Serialises a database into malloc'ed bytes (free with phs_free_bytes).
int phs_serialize(const void *database, char **bytes, size_t *length);
void phs_free_bytes(char *bytes);
int phs_deserialize(const char *bytes, size_t length, void **database);

/// Matches collected by one scan: parallel arrays, grown with realloc.
typedef struct phs_hits {
    uint32_t *id;
    uint64_t *from;
    uint64_t *to;
    size_t count;
    size_t capacity;
    /// The scan stops (and `overflow` is set) once this many matches are collected.
    size_t limit;
    int overflow;
} phs_hits;

/// Scans `length` bytes, appending every match to `hits` (which it empties first).
/// Returns 0, or a Hyperscan error code (HS_SCAN_TERMINATED = -3 when `limit` was reached).
int phs_scan(const void *database, const char *data, unsigned length, void *scratch, phs_hits *hits);
void phs_hits_free(phs_hits *hits);

#endif
