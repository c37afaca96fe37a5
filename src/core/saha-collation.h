/* saha-collation.h: Turkish alphabetical order, for every sorted list and the store's indexes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The one order of names in Saha, in C here and in SQLite as the collation
 * SAHA_COLLATION_NAME (the store registers saha_collation_compare_len() on every
 * connection, and the name indexes use it):
 *
 *  - letters in the Turkish alphabet, A B C Ç D E F G Ğ H I İ J K L M N O Ö P R S Ş T U Ü
 *    V Y Z, with Q after P, W after V and X after W, so English names fall where an
 *    English reader expects them;
 *  - case ignored the Turkish way: I is the capital of ı and İ the capital of i;
 *  - other accented Latin letters (â, î, û, é, ñ ...) sort with their base letter;
 *  - white space and punctuation before digits, digits (one by one) before letters,
 *    letters of other scripts after Latin ones;
 *  - text that is the same in that order is ordered by its bytes, so only identical
 *    text compares equal ("IŞIK" just before "ışık").
 *
 * It does not depend on the process locale: an index built under one locale is read
 * under another.
 */
#define SAHA_COLLATION_NAME "saha_turkish"

int saha_collation_compare     (const char *a,
                                const char *b);
/* The same on byte ranges, which need not be NUL-terminated (SQLite's collation
 * callback). Bytes that are not valid UTF-8 sort after everything, by value. */
int saha_collation_compare_len (const char *a,
                                gsize       a_length,
                                const char *b,
                                gsize       b_length);

G_END_DECLS
