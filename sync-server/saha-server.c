/* saha-server.c: the saha-server command: serve the sync API, or run an admin command.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <libpq-fe.h>
#include <sys/stat.h>

#include "saha-server-admin.h"
#include "saha-server-auth.h"
#include "saha-server-http.h"
#include "saha-server-retention.h"

#define DAY (24 * 3600)

/* Tuning knobs the test suite needs (tiny token lifetimes, fast purges); not options a
 * person should reach for, so they are environment variables, documented in
 * docs/protocol.md. */
static gint64
env_seconds (const char *name,
             gint64      fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    return fallback;
  return (gint64) value;
}

/* Whether a libpq connection string holds a password: refused, since the command line
 * is visible to every user of the machine (ps); libpq reads it from PGPASSWORD or the
 * password file instead. FALSE with a message when @conninfo does not parse. */
static gboolean
conninfo_is_acceptable (const char *conninfo,
                        const char *option)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &message);
  gboolean has_password = FALSE;

  if (options == NULL)
    {
      g_printerr ("saha-server: %s: not a PostgreSQL connection string: %s", option,
                  message != NULL ? message : "out of memory\n");
      PQfreemem (message);
      return FALSE;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "password") && o->val != NULL && *o->val != '\0')
      has_password = TRUE;
  PQconninfoFree (options);
  if (has_password)
    {
      g_printerr ("saha-server: %s: leave the password out of the connection string (anyone on "
                  "this machine can read a command line); put it in PGPASSWORD or the password "
                  "file (~/.pgpass, PGPASSFILE)\n", option);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *database = NULL;
  g_autofree char *from_data = NULL;
  g_autofree char *to_database = NULL;
  SahaServerStorageTarget target;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *role = NULL;
  g_autofree char *full_name = NULL;
  g_auto(GStrv) args = NULL;
  gboolean insecure = FALSE;
  gboolean password_stdin = FALSE;
  gint customers = 2000;
  g_autofree char *record = NULL;
  g_autofree char *user = NULL;
  g_autofree char *since = NULL;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  gint days = 0;
  g_auto(GStrv) trusted_proxies = NULL;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The server's data directory (created 0700 when missing)", "DIR" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "Keep the data in PostgreSQL instead: a libpq connection string or URL (postgresql://USER@HOST/DB); the password from PGPASSWORD or ~/.pgpass", "CONNINFO" },
    { "from-data", 0, 0, G_OPTION_ARG_FILENAME, &from_data, "copy: the SQLite data directory to copy from", "DIR" },
    { "to-database", 0, 0, G_OPTION_ARG_STRING, &to_database, "copy: the PostgreSQL database to copy into (empty or new)", "CONNINFO" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to serve on (default 127.0.0.1:8470; port 0 picks a free one)", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "PEM certificate: serve HTTPS", "PEM" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "PEM private key of --tls-cert", "PEM" },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, "Allow plain HTTP on a non-loopback address (behind a TLS proxy)", NULL },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trusted_proxies, "A load balancer's IP address: its X-Forwarded-For names the client (repeatable)", "ADDRESS" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "user add: rep, tech, office or admin", "ROLE" },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, "user add/set: the name people read (\"Ayşe Yılmaz\")", "TEXT" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "user add/passwd: read the password from standard input", NULL },
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "demo: how many customers (default 2000)", "N" },
    { "record", 0, 0, G_OPTION_ARG_STRING, &record, "audit: only this record's history", "ID" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "audit: only this user's changes; device wipe: every device of this user", "U" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, "audit: only changes from this date (2026-12-06, UTC) or time on", "DATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "audit, device list, company show, retention: print JSON", NULL },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "retention set: how many days closed calls' and visits' personal free text is kept", "N" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "retention: list what would be blanked, change nothing", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, "[COMMAND]" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Every file the server makes (database, WAL, shared memory) is private to its user. */
  umask (0077);

  context = g_option_context_new ("- the Saha sync server");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Commands:\n"
    "  (none)                                   serve the sync API\n"
    "  user add NAME --role ROLE [--full-name TEXT] --password-stdin\n"
    "  user set NAME --full-name TEXT           the name people read (\"\" clears it)\n"
    "  user passwd NAME --password-stdin\n"
    "  user list\n"
    "  user disable NAME\n"
    "  user revoke-tokens NAME\n"
    "  company show [--json]                    the company on service reports\n"
    "  company set KEY=VALUE...                 name, address, tax_office, tax_id, phone,\n"
    "                                           email, labour_rate (per hour), labour_vat\n"
    "  demo [--customers N]                     seed the demo data set\n"
    "  audit [--record ID] [--user U] [--since DATE] [--json]\n"
    "                                           the history of accepted changes\n"
    "  device list [--json]                     devices (replica ids), user, last contact\n"
    "  device wipe REPLICA_ID | --user U        mark lost: sessions end, the device\n"
    "                                           deletes its data when it next connects\n"
    "  retention set --days N | retention off  how long closed calls' and visits'\n"
    "                                           personal free text is kept\n"
    "  retention [--dry-run] [--json]           apply it now (serving applies it hourly)\n"
    "  copy --from-data DIR --to-database CONNINFO\n"
    "                                           move a SQLite server's data to PostgreSQL\n"
    "\n"
    "Every command takes --data DIR (SQLite, the default) or --database CONNINFO\n"
    "(PostgreSQL); the same database may be served by several saha-server processes.\n");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("saha-server: %s\n", error->message);
      return 2;
    }
  if (args != NULL && g_strcmp0 (args[0], "copy") == 0)
    {
      if (args[1] != NULL || from_data == NULL || to_database == NULL
          || data_dir != NULL || database != NULL)
        {
          g_printerr ("saha-server: usage: copy --from-data DIR --to-database CONNINFO\n");
          return 2;
        }
      if (!conninfo_is_acceptable (to_database, "--to-database"))
        return 2;
      return saha_server_admin_copy (from_data, to_database);
    }
  if ((data_dir == NULL) == (database == NULL))
    {
      g_printerr ("saha-server: give --data DIR (SQLite) or --database CONNINFO (PostgreSQL)\n");
      return 2;
    }
  if (database != NULL && !conninfo_is_acceptable (database, "--database"))
    return 2;
  target.data_dir = data_dir;
  target.database = database;
  if (!saha_server_auth_init ())
    {
      g_printerr ("saha-server: libsodium cannot start\n");
      return 1;
    }

  if (args != NULL && g_strcmp0 (args[0], "user") == 0)
    return saha_server_admin_user (&target, args + 1, role, full_name, password_stdin);
  if (args != NULL && g_strcmp0 (args[0], "company") == 0)
    return saha_server_admin_company (&target, args + 1, json);
  if (args != NULL && g_strcmp0 (args[0], "audit") == 0)
    return saha_server_admin_audit (&target, args + 1, record, user, since, json);
  if (args != NULL && g_strcmp0 (args[0], "device") == 0)
    return saha_server_admin_device (&target, args + 1, user, json);
  if (args != NULL && g_strcmp0 (args[0], "retention") == 0)
    return saha_server_admin_retention (&target, args + 1, days, dry_run, json);
  if (args != NULL && g_strcmp0 (args[0], "demo") == 0)
    {
      if (args[1] != NULL || customers < 1)
        {
          g_printerr ("saha-server: usage: demo [--customers N] (N >= 1)\n");
          return 2;
        }
      return saha_server_admin_demo (&target, (guint) customers);
    }
  if (args != NULL)
    {
      g_printerr ("saha-server: unknown command \"%s\" (see --help)\n", args[0]);
      return 2;
    }

  for (guint i = 0; trusted_proxies != NULL && trusted_proxies[i] != NULL; i++)
    if (!g_hostname_is_ip_address (trusted_proxies[i]))
      {
        g_printerr ("saha-server: --trusted-proxy %s: expected an IP address\n", trusted_proxies[i]);
        return 2;
      }

  {
    SahaServerConfig config = {
      .data_dir = data_dir,
      .database = database,
      .listen = listen != NULL ? listen : (char *) "127.0.0.1:8470",
      .tls_cert = tls_cert,
      .tls_key = tls_key,
      .insecure = insecure,
      .token_ttl = env_seconds ("SAHA_SERVER_TOKEN_TTL", 30 * DAY),
      .device_stale = env_seconds ("SAHA_SERVER_DEVICE_STALE", 30 * DAY),
      .purge_interval = (guint) env_seconds ("SAHA_SERVER_PURGE_INTERVAL", 3600),
      .max_failed_logins_per_user = (guint) env_seconds ("SAHA_SERVER_LOGIN_FAILURES_PER_USER", 5),
      .max_failed_logins_per_address = (guint) env_seconds ("SAHA_SERVER_LOGIN_FAILURES_PER_ADDRESS", 20),
      .workers = (guint) env_seconds ("SAHA_SERVER_WORKERS", 4),
      .trusted_proxies = trusted_proxies,
    };

    return saha_server_http_run (&config);
  }
}
