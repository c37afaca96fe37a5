/* saha-cli-private.h: what the files of saha-cli share: exit codes, error reporting, options.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "saha-store.h"

G_BEGIN_DECLS

/* The exit codes scripts rely on; docs/cli.md lists them and README copies them. */
typedef enum
{
  SAHA_CLI_EXIT_OK        = 0,
  SAHA_CLI_EXIT_FAILURE   = 1,  /* runtime failure: database, I/O */
  SAHA_CLI_EXIT_USAGE     = 2,  /* bad arguments, unknown command or option */
  SAHA_CLI_EXIT_INVALID   = 3,  /* unknown entity/field, bad value, missing required,
                                 * bad reference, bad CSV or JSON */
  SAHA_CLI_EXIT_NOT_FOUND = 4,  /* no such record */
  SAHA_CLI_EXIT_SYNC      = 5,  /* sync or network failure: server unreachable, refused */
  SAHA_CLI_EXIT_AUTH      = 6,  /* wrong credentials, expired or revoked session */
  SAHA_CLI_EXIT_WIPED     = 7,  /* the device was marked lost: its replica was deleted */
} SahaCliExit;

#define SAHA_CLI_ERROR (saha_cli_error_quark ())

/* Errors found by the CLI itself, before the store sees anything. */
typedef enum
{
  SAHA_CLI_ERROR_USAGE,      /* maps to SAHA_CLI_EXIT_USAGE */
  SAHA_CLI_ERROR_INVALID,    /* maps to SAHA_CLI_EXIT_INVALID */
  SAHA_CLI_ERROR_NO_REPLICA, /* maps to SAHA_CLI_EXIT_FAILURE */
} SahaCliError;

GQuark          saha_cli_error_quark          (void);

/* Prints "saha-cli: MESSAGE" as one line on stderr. */
void            saha_cli_print_error          (const char      *format,
                                               ...) G_GNUC_PRINTF (1, 2);

/* The one place where GError domains and codes (store, core, GIO, options, the CLI's
 * own) become exit codes. Domains it does not know give SAHA_CLI_EXIT_FAILURE; the
 * sync commands map their own errors to SAHA_CLI_EXIT_SYNC and SAHA_CLI_EXIT_AUTH. */
SahaCliExit     saha_cli_exit_code_for_error  (const GError    *error);

/* Prints @error with saha_cli_print_error(), frees it, returns its exit code. */
int             saha_cli_fail                 (GError          *error);

/* Prints a usage error naming @command and pointing at its --help; returns
 * SAHA_CLI_EXIT_USAGE. */
int             saha_cli_usage_error          (const char      *command,
                                               const char      *format,
                                               ...) G_GNUC_PRINTF (2, 3);

/* Opens the replica at @db_path. With @must_exist, a missing file is an error
 * (SAHA_CLI_ERROR_NO_REPLICA) instead of a new empty replica, so that a mistyped
 * --db is not silently created by a command that only reads. */
SahaStore      *saha_cli_open_store           (const char      *db_path,
                                               gboolean         must_exist,
                                               GError         **error);

/* A GOptionContext for one command: "saha-cli COMMAND PARAMETERS", with @summary.
 * Parse it with saha_cli_parse_options(). */
GOptionContext *saha_cli_option_context_new   (const char      *command,
                                               const char      *parameters,
                                               const char      *summary);
/* Parses the command's options (argv[0] is the command). Declare text options as
 * G_OPTION_ARG_FILENAME(_ARRAY): G_OPTION_ARG_STRING converts from the locale's charset
 * and fails on Turkish text under LANG=C, while saha-cli takes every argument as UTF-8.
 * On failure prints the error and returns FALSE; the caller returns SAHA_CLI_EXIT_USAGE.
 * --help prints the help and exits 0. */
gboolean        saha_cli_parse_options        (GOptionContext  *context,
                                               int             *argc,
                                               char          ***argv);
/* Both at once for a command whose options are @entries alone: --help, then the parse;
 * FALSE after a usage error has been printed. */
gboolean        saha_cli_parse_command        (const char          *command,
                                               const char          *parameters,
                                               const char          *summary,
                                               const GOptionEntry  *entries,
                                               int                 *argc,
                                               char              ***argv);

/* Prints @node as JSON on stdout, followed by a newline. */
void            saha_cli_print_json           (JsonNode        *node,
                                               gboolean         pretty);

/* The entity named on the command line, or SAHA_CLI_ERROR_INVALID listing the entities. */
const SahaEntityDef *saha_cli_lookup_entity   (const char      *name,
                                               GError         **error);

/* A record id given on the command line; SAHA_CLI_ERROR_INVALID when it is not a UUID. */
gboolean        saha_cli_check_id             (const char      *id,
                                               GError         **error);

/* Parses FIELD=VALUE arguments (split on the first '='; an empty VALUE unsets) into an
 * array of SahaFieldInput that owns its strings. A malformed argument or a field given
 * twice is SAHA_CLI_ERROR_USAGE, a field @entity does not have SAHA_CLI_ERROR_INVALID.
 * "id" is accepted with @allow_id, "deleted" with @allow_deleted. */
GArray         *saha_cli_parse_field_inputs   (const SahaEntityDef *entity,
                                               char * const    *args,
                                               int              n_args,
                                               gboolean         allow_id,
                                               gboolean         allow_deleted,
                                               GError         **error);

/* The help text that lists an entity's fields (type, required mark, default), or, when
 * @name is not an entity, the list of entities. */
char           *saha_cli_describe_entity      (const char      *name);

/* A value on one line of plain text: backslash, newline, carriage return and tab are
 * written as \\, \n, \r and \t. */
char           *saha_cli_escape_value         (const char      *value);

/* The commands; each returns a SahaCliExit. */
int             saha_cli_create               (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_set                  (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_delete               (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_get                  (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_list                 (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_schedule             (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_conflicts            (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_resolve              (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_retry                (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_status               (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_export               (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_import               (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_export_csv           (const char      *db_path,
                                               int              argc,
                                               char           **argv);

/*
 * The login and sync commands, in saha-cli-sync.c. @db_path is the replica file,
 * already resolved (never NULL). argv[0] is the command name, its options follow.
 * They return a SahaCliExit.
 */
int             saha_cli_login                (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_sync                 (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_erase                (const char      *db_path,
                                               int              argc,
                                               char           **argv);
int             saha_cli_export_person        (const char      *db_path,
                                               int              argc,
                                               char           **argv);

void            saha_cli_json_add_string      (JsonBuilder     *builder,
                                               const char      *name,
                                               const char      *value);

G_END_DECLS
