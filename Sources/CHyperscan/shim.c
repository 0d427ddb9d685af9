#include "chyperscan.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char *message; int expression; } phs_compile_error;
typedef int (*phs_handler)(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context);

static struct {
    int (*compile_multi)(const char *const *, const unsigned *, const unsigned *, unsigned, unsigned,
                         const void *, void **, phs_compile_error **);
    int (*expression_info)(const char *, unsigned, void **, phs_compile_error **);
    int (*free_compile_error)(phs_compile_error *);
    int (*alloc_scratch)(const void *, void **);
    int (*free_scratch)(void *);
    int (*free_database)(void *);
    int (*serialize_database)(const void *, char **, size_t *);
    int (*deserialize_database)(const char *, size_t, void **);
    int (*scan)(const void *, const char *, unsigned, unsigned, void *, phs_handler, void *);
    const char *(*version)(void);
    int (*valid_platform)(void);
} hs;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static const char *load_error = NULL;

static void load(void) {
    void *lib = dlopen("libhs.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen("libhs.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) { load_error = "libhs.so.5 not found (install libhyperscan5, or libvectorscan5)"; return; }
#define SYM(field, name) do { *(void **)(&hs.field) = dlsym(lib, name); if (!hs.field) { load_error = "libhs lacks " name; return; } } while (0)
    SYM(compile_multi, "hs_compile_multi");
    SYM(expression_info, "hs_expression_info");
    SYM(free_compile_error, "hs_free_compile_error");
    SYM(alloc_scratch, "hs_alloc_scratch");
    SYM(free_scratch, "hs_free_scratch");
    SYM(free_database, "hs_free_database");
    SYM(serialize_database, "hs_serialize_database");
    SYM(deserialize_database, "hs_deserialize_database");
    SYM(scan, "hs_scan");
    SYM(version, "hs_version");
    SYM(valid_platform, "hs_valid_platform");
#undef SYM
    if (hs.valid_platform() != 0) { load_error = "this CPU lacks what Hyperscan needs (SSSE3)"; return; }
    loaded = 1;
}

int phs_load(void) { pthread_once(&once, load); return loaded; }
const char *phs_load_error(void) { return load_error; }
const char *phs_version(void) { return loaded ? hs.version() : ""; }

static void copy_error(phs_compile_error *e, char *error, size_t error_size, int *failed) {
    if (failed) *failed = e ? e->expression : -1;
    if (error && error_size) snprintf(error, error_size, "%s", e && e->message ? e->message : "unknown error");
    if (e) hs.free_compile_error(e);
}

int phs_compile_multi(const char *const *expressions, const unsigned *flags, const unsigned *ids,
                      unsigned count, void **database, char *error, size_t error_size, int *failed) {
    if (!loaded) return -1;
    phs_compile_error *e = NULL;
    int rc = hs.compile_multi(expressions, flags, ids, count, 1u /* HS_MODE_BLOCK */, NULL, database, &e);
    if (rc != 0) copy_error(e, error, error_size, failed);
    else if (e) hs.free_compile_error(e);
    return rc;
}

int phs_expression_ok(const char *expression, unsigned flags, unsigned *max_width, char *error, size_t error_size) {
    if (!loaded) return -1;
    // hs_expr_info begins with min_width and max_width.
    struct { unsigned min_width, max_width; } *info = NULL;
    phs_compile_error *e = NULL;
    int rc = hs.expression_info(expression, flags, (void **)&info, &e);
    if (rc == 0 && info && max_width) *max_width = info->max_width;
    free(info);
    if (rc != 0) copy_error(e, error, error_size, NULL);
    else if (e) hs.free_compile_error(e);
    return rc;
}

int phs_alloc_scratch(const void *database, void **scratch) { return loaded ? hs.alloc_scratch(database, scratch) : -1; }
void phs_free_scratch(void *scratch) { if (loaded && scratch) hs.free_scratch(scratch); }
void phs_free_database(void *database) { if (loaded && database) hs.free_database(database); }
int phs_serialize(const void *database, char **bytes, size_t *length) { return loaded ? hs.serialize_database(database, bytes, length) : -1; }
void phs_free_bytes(char *bytes) { free(bytes); }
int phs_deserialize(const char *bytes, size_t length, void **database) { return loaded ? hs.deserialize_database(bytes, length, database) : -1; }

static int collect(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context) {
    (void)flags;
    phs_hits *h = context;
    if (h->count >= h->limit) { h->overflow = 1; return 1; }
    if (h->count == h->capacity) {
        size_t grown = h->capacity ? h->capacity * 2 : 256;
        uint32_t *id2 = realloc(h->id, grown * sizeof *id2);
        if (id2) h->id = id2;
        uint64_t *from2 = realloc(h->from, grown * sizeof *from2);
        if (from2) h->from = from2;
        uint64_t *to2 = realloc(h->to, grown * sizeof *to2);
        if (to2) h->to = to2;
        if (!id2 || !from2 || !to2) { h->overflow = 1; return 1; }
        h->capacity = grown;
    }
    h->id[h->count] = id;
    h->from[h->count] = from;
    h->to[h->count] = to;
    h->count++;
    return 0;
}

int phs_scan(const void *database, const char *data, unsigned length, void *scratch, phs_hits *hits) {
    if (!loaded) return -1;
    hits->count = 0;
    hits->overflow = 0;
    return hs.scan(database, data ? data : "", length, 0, scratch, collect, hits);
}

void phs_hits_free(phs_hits *hits) {
    free(hits->id); free(hits->from); free(hits->to);
    memset(hits, 0, sizeof *hits);
}
