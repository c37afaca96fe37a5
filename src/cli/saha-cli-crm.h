/* saha-cli-crm.h: saha-cli's CRM commands: segments, profitability, campaigns, suggestions, knowledge base.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes the resolved replica path and the command's argv (argv[0] is the command);
 * each returns a SahaCliExit. docs/crm.md describes their output. */
int saha_cli_segments         (const char  *db_path,
                               int          argc,
                               char       **argv);
int saha_cli_profitability    (const char  *db_path,
                               int          argc,
                               char       **argv);
int saha_cli_campaign_members (const char  *db_path,
                               int          argc,
                               char       **argv);
int saha_cli_suggest          (const char  *db_path,
                               int          argc,
                               char       **argv);
int saha_cli_kb_search        (const char  *db_path,
                               int          argc,
                               char       **argv);
int saha_cli_kb_for_call      (const char  *db_path,
                               int          argc,
                               char       **argv);

G_END_DECLS
