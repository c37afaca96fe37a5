/* saha-refusal.h: what each refusal code of a Saha server means, in the user's language.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A server words its refusals in English, for logs and scripts, and gives each a stable
 * code (docs/protocol.md): per record in a push answer ("forbidden", "invalid") and for
 * a whole request ("unauthorized", "rate_limited" ...). People are shown the sentence for
 * the code, in the language the interface is translated into, with the server's English
 * words as the detail behind it.
 */

/* The sentence for @code, translated; a general one for NULL or a code this version does
 * not know. */
const char *saha_refusal_describe (const char *code);

G_END_DECLS
