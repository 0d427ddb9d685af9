#ifndef PANELIST_CPCRE2_SHIM_H
#define PANELIST_CPCRE2_SHIM_H

// Only the 8-bit library is used; the width must be set before the include.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// Cast-expression macros do not import into Swift; size_t arrives as Int.
static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }

#endif
