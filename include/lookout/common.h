/*
 * common.h - shared definitions for the Lookout public API: visibility, version.
 */
#ifndef LOOKOUT_COMMON_H
#define LOOKOUT_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#if defined(__GNUC__)
#define LK_EXTERN(type) __attribute__((visibility("default"))) type
#define LK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define LK_UNUSED_RESULT __attribute__((warn_unused_result))
#else
#define LK_EXTERN(type) type
#define LK_PRINTF(a, b)
#define LK_UNUSED_RESULT
#endif

#define LK_VERSION "0.1.0"

#define LK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
