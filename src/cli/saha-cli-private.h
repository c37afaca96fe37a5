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

/* Prints @error with saha_cli_print_error(), frees it, returns @code. */
int             saha_cli_fail_with            (GError          *error,
                                               int              code);

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
/* saha_cli_parse_command() for a command whose first argument is an ENTITY: its --help
 * ends with the fields of argv[1] when that names an entity ("saha-cli create customer
 * --help"), else with the list of entities. */
gboolean        saha_cli_parse_entity_command (const char          *command,
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

/* The --json output, in saha-cli-util.c. */

/* @name: @value, or null when @value is NULL. */
void            saha_cli_json_add_string      (JsonBuilder     *builder,
                                               const char      *name,
                                               const char      *value);
void            saha_cli_json_add_int         (JsonBuilder     *builder,
                                               const char      *name,
                                               gint64           value);
/* @name: @value, or null when the value is not @known. */
void            saha_cli_json_add_optional_int (JsonBuilder    *builder,
                                               const char      *name,
                                               gboolean         known,
                                               gint64           value);

/* Adds the members of the object of @item (an element of a GPtrArray). */
typedef void (*SahaCliAddMembersFunc) (JsonBuilder   *builder,
                                       gconstpointer  item,
                                       gpointer       user_data);
/* Prints the plain-text line(s) of @item. */
typedef void (*SahaCliPrintItemFunc)  (gconstpointer  item,
                                       gpointer       user_data);

/* Adds an array of one object per item of @items, its members from @add_members. */
void            saha_cli_json_add_objects     (JsonBuilder           *builder,
                                               GPtrArray             *items,
                                               SahaCliAddMembersFunc  add_members,
                                               gpointer               user_data);
/* Prints the value @builder built, as saha_cli_print_json() does. */
void            saha_cli_print_builder        (JsonBuilder     *builder,
                                               gboolean         pretty);
/* The output of a command that lists @items: with @json, a pretty-printed array of one
 * object per item (saha_cli_json_add_objects()), else @print_item for each item. */
void            saha_cli_print_items          (GPtrArray             *items,
                                               gboolean               json,
                                               SahaCliAddMembersFunc  add_members,
                                               SahaCliPrintItemFunc   print_item,
                                               gpointer               user_data);

/* The entity and record id of a command's "ENTITY ID" arguments, argv[1] and argv[2]:
 * NULL with SAHA_CLI_ERROR_INVALID when either is wrong. */
const SahaEntityDef *saha_cli_lookup_record_args (char          **argv,
                                                  GError        **error);
/* For a command on one record, "COMMAND ENTITY ID", once its options are parsed: checks
 * that there are just those two arguments and what they name, then opens the replica,
 * which must exist. Returns SAHA_CLI_EXIT_OK, or the exit code once the error has been
 * printed. */
int             saha_cli_open_record_command  (const char           *db_path,
                                               const char           *command,
                                               int                   argc,
                                               char                **argv,
                                               const SahaEntityDef **entity,
                                               SahaStore           **store);
/* For a command that writes a record, "COMMAND ENTITY ID FIELD=VALUE…", once ENTITY ID
 * are checked: the FIELD=VALUE arguments (saha_cli_parse_field_inputs(), "deleted" with
 * @allow_deleted) in *@inputs, then the replica, which must exist. NULL with @error set
 * when either fails. */
SahaStore      *saha_cli_open_record_with_inputs (const char           *db_path,
                                                  const SahaEntityDef  *entity,
                                                  int                   argc,
                                                  char                **argv,
                                                  gboolean              allow_deleted,
                                                  GArray              **inputs,
                                                  GError              **error);

G_END_DECLS
