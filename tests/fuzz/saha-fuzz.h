/* saha-fuzz.h: the entry point every fuzz harness defines, and helpers they share.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* libFuzzer's entry point; the regression driver (regression-driver.c) calls the same
 * function with each stored input, so a harness behaves the same under both. Returns 0;
 * a bug aborts (a failed g_assert, a sanitizer report). */
int   LLVMFuzzerTestOneInput (const uint8_t *data,
                              size_t         size);
/* libFuzzer calls it once before the first input: it makes a critical or a warning fatal,
 * as g_test_init() does for the regression driver, so an input that makes json-glib or
 * GLib complain is a crash that leaves its reproducer. */
int   LLVMFuzzerInitialize   (int           *argc,
                              char        ***argv);

/* A new empty directory for one harness's files, removed (with its files) at exit. It is
 * on tmpfs when /dev/shm is usable: SQLite's fsyncs there cost nothing, which keeps the
 * fuzzers at thousands of runs per second. */
const char *saha_fuzz_scratch_dir (void);

/* Removes everything in @dir (not the directory itself). */
void  saha_fuzz_empty_dir    (const char *dir);

G_END_DECLS
