/* test-credentials.c: the app's sign-in token in the desktop's secret service: a real
 * gnome-keyring-daemon on a private session bus, a real saha-server on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <libsecret/secret.h>

#include "saha-credentials.h"
#include "saha-sync-client.h"
#include "saha-sync-credentials.h"
#include "saha-sync-private.h"
#include "sync-fixture.h"

/* The login keyring's password, fed to the daemon on its standard input. */
#define KEYRING_PASSWORD "saha-test-keyring"

/* One daemon for the whole run: libsecret keeps its connection to the secret service
 * for the life of the process, so a daemon started per test would be one it no longer
 * finds. Each test's replica has a path of its own, so their items do not meet. */
static GSubprocess *keyring;
static char *keyring_dir;

typedef struct
{
  TestServer  *server;
  char        *dir;
  char        *db_path;
  char        *token_path;
} Fixture;

/* The schema as docs/sync.md gives it, spelled out again here: the test looks the item up
 * the way any secret service client would, not through the code under test. */
static const SecretSchema token_schema = {
  "org.sahacrm.Saha.Token", SECRET_SCHEMA_NONE,
  {
    { "replica", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static void
die_with_test (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

/* The daemon owns org.freedesktop.secrets early; items can be stored once the login
 * keyring it creates from the password is the default collection. */
static gboolean
keyring_ready (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  const char *collection = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(&o)", &collection);
  return g_strcmp0 (collection, "/") != 0;
}

static void
start_keyring (void)
{
  const char *daemon = g_getenv ("GNOME_KEYRING_DAEMON");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *input;
  gint64 deadline;

  g_assert_nonnull (daemon);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  /* Its keyrings and control socket in a directory of its own, not the user's. */
  keyring_dir = g_dir_make_tmp ("saha-test-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", keyring_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", keyring_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", keyring_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_dir, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
  keyring = g_subprocess_launcher_spawn (launcher, &error, daemon, "--foreground",
                                         "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);

  /* --unlock reads the password to the end of its input; a login keyring is created
   * with it, unlocked, as the default collection. An empty one would create none. */
  input = g_subprocess_get_stdin_pipe (keyring);
  g_assert_true (g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD),
                                            NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_no_error (error);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!keyring_ready (bus))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  g_assert_true (saha_sync_credentials_keyring_available ());
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_sync_credentials_keyring_available ());
  fixture->server = test_server_start (NULL, 0);
  test_server_add_user (fixture->server, "ayse", "rep");
  fixture->dir = g_dir_make_tmp ("saha-test-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "replica.db", NULL);
  fixture->token_path = g_strconcat (fixture->db_path, ".token", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  test_server_free (fixture->server);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->token_path);
}

/* What the sign-in page does in its worker thread. */
static void
sign_in (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_sync_login (fixture->db_path, fixture->server->url, "ayse", "ayse-pw",
                                  NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (fixture->token_path, G_FILE_TEST_IS_REGULAR));
  saha_credentials_keep_after_sign_in (fixture->db_path, NULL);
}

static void
sign_out_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;
  gboolean ok = saha_credentials_sign_out_finish (result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  *done = TRUE;
}

static void
sign_out (Fixture *fixture)
{
  gboolean done = FALSE;

  saha_credentials_sign_out_async (fixture->db_path, FALSE, NULL, sign_out_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_keyring (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_auto(SahaSyncToken) token = { 0 };
  g_autoptr(SahaSyncEngine) engine = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_document = NULL;
  g_autofree char *document = NULL;

  g_assert_true (saha_sync_login (fixture->db_path, fixture->server->url, "ayse", "ayse-pw",
                                  NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->token_path, &file_document, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (saha_sync_credentials_locate (fixture->db_path), ==, SAHA_SYNC_TOKEN_FILE);

  /* Signed in from the app: the token moves to the secret service, the file goes. */
  saha_credentials_keep_after_sign_in (fixture->db_path, NULL);
  g_assert_false (g_file_test (fixture->token_path, G_FILE_TEST_EXISTS));
  document = secret_password_lookup_sync (&token_schema, NULL, &error,
                                          "replica", fixture->db_path, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (document, ==, file_document);
  g_assert_cmpint (saha_sync_credentials_locate (fixture->db_path), ==, SAHA_SYNC_TOKEN_KEYRING);

  /* Every sync reads it from there. */
  g_assert_true (saha_sync_token_load (fixture->db_path, &token, &error));
  g_assert_no_error (error);
  g_assert_nonnull (token.token);
  g_assert_nonnull (strstr (document, token.token));
  engine = saha_sync_engine_new (fixture->db_path);
  result = saha_sync_engine_sync (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_clear_pointer (&result, saha_sync_result_free);

  /* Signing out clears it from the secret service; nothing is left to sync with. */
  sign_out (fixture);
  g_clear_pointer (&document, g_free);
  document = secret_password_lookup_sync (&token_schema, NULL, &error,
                                          "replica", fixture->db_path, NULL);
  g_assert_no_error (error);
  g_assert_null (document);
  g_assert_false (g_file_test (fixture->token_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (saha_sync_credentials_locate (fixture->db_path), ==, SAHA_SYNC_TOKEN_NONE);
  result = saha_sync_engine_sync (engine, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH);
}

/* A pull with @token: NULL and *error when the server refuses it. */
static JsonNode *
pull_with (Fixture     *fixture,
           const char  *token,
           GError     **error)
{
  g_autoptr(SahaSyncClient) client = saha_sync_client_new (fixture->server->url, token, 1, 0);

  return saha_sync_client_request (client, "GET", "/v1/pull?cursor=&limit=1&form=compact", NULL,
                                   NULL, NULL, error);
}

/* Signing out tells the server: the token the secret service held no longer works. */
static void
test_sign_out_revokes (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_auto(SahaSyncToken) token = { 0 };
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  g_assert_true (saha_sync_token_load (fixture->db_path, &token, &error));
  g_assert_no_error (error);
  answer = pull_with (fixture, token.token, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_clear_pointer (&answer, json_node_unref);

  sign_out (fixture);
  answer = pull_with (fixture, token.token, &error);
  g_assert_null (answer);
  g_assert_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH);
}

/* SAHA_NO_KEYRING=1 (the UI benchmark, scripted runs on a desktop) keeps the file even
 * with a secret service running, and nothing goes to the secret service. */
static void
test_no_keyring (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;

  g_setenv ("SAHA_NO_KEYRING", "1", TRUE);
  sign_in (fixture);
  g_unsetenv ("SAHA_NO_KEYRING");

  g_assert_true (g_file_test (fixture->token_path, G_FILE_TEST_IS_REGULAR));
  document = secret_password_lookup_sync (&token_schema, NULL, &error,
                                          "replica", fixture->db_path, NULL);
  g_assert_no_error (error);
  g_assert_null (document);

  sign_out (fixture);
  g_assert_false (g_file_test (fixture->token_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (saha_sync_credentials_locate (fixture->db_path), ==, SAHA_SYNC_TOKEN_NONE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("LANGUAGE", "en", TRUE);
  /* GNOME's proxy settings have no schema in the isolated directories. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add ("/app/credentials/keyring", Fixture, NULL,
              fixture_set_up, test_keyring, fixture_tear_down);
  g_test_add ("/app/credentials/sign-out-revokes", Fixture, NULL,
              fixture_set_up, test_sign_out_revokes, fixture_tear_down);
  g_test_add ("/app/credentials/no-keyring", Fixture, NULL,
              fixture_set_up, test_no_keyring, fixture_tear_down);

  g_unsetenv ("SAHA_NO_KEYRING");
  start_keyring ();
  status = g_test_run ();

  g_subprocess_send_signal (keyring, SIGTERM);
  g_subprocess_wait (keyring, NULL, NULL);
  g_clear_object (&keyring);
  test_remove_tree (keyring_dir);
  g_free (keyring_dir);
  return status;
}
