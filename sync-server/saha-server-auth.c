/* saha-server-auth.c: argon2id passwords, hashed bearer tokens, the failed-login limiter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "saha-server-auth.h"
#include "saha-server-clock.h"
#include "saha-server-error.h"

#define TOKEN_BYTES 32
#define LIMITER_WINDOW_USEC (60 * G_USEC_PER_SEC)

gboolean
saha_server_auth_init (void)
{
  return sodium_init () >= 0;
}

static void
pwhash_limits (unsigned long long *opslimit,
               size_t             *memlimit)
{
  if (g_strcmp0 (g_getenv ("SAHA_SERVER_PWHASH"), "min") == 0)
    {
      *opslimit = crypto_pwhash_OPSLIMIT_MIN;
      *memlimit = crypto_pwhash_MEMLIMIT_MIN;
    }
  else
    {
      *opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    }
}

char *
saha_server_password_hash (const char  *password,
                           GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  unsigned long long opslimit;
  size_t memlimit;

  pwhash_limits (&opslimit, &memlimit);
  if (crypto_pwhash_str_alg (hash, password, strlen (password), opslimit, memlimit,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                   "Not enough memory to hash the password");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
saha_server_password_verify (const char *hash,
                             const char *password)
{
  return hash != NULL
         && crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
saha_server_password_read_stdin (GError **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    {
      if (line->len > 1024)
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                       "The password is longer than 1024 bytes");
          return NULL;
        }
      g_string_append_c (line, (char) c);
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (line->len == 0)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "No password on standard input");
      return NULL;
    }
  if (!g_utf8_validate (line->str, line->len, NULL))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "The password is not valid UTF-8");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

char *
saha_server_token_hash (const char *token)
{
  guchar digest[crypto_generichash_BYTES];
  char hex[sizeof digest * 2 + 1];

  crypto_generichash (digest, sizeof digest, (const guchar *) token, strlen (token), NULL, 0);
  return g_strdup (sodium_bin2hex (hex, sizeof hex, digest, sizeof digest));
}

char *
saha_server_token_new (char **token_hash)
{
  guchar bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  *token_hash = saha_server_token_hash (text);
  return g_strdup (text);
}

char *
saha_server_replica_id_new (void)
{
  guchar bytes[8];
  GString *id = g_string_new ("r-");

  randombytes_buf (bytes, sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (id, "%02x", bytes[i]);
  return g_string_free (id, FALSE);
}

SahaServerUser *
saha_server_authenticate (SahaServerStorage  *storage,
                          const char         *authorization,
                          char              **replica_id,
                          GError            **error)
{
  g_autoptr(SahaServerUser) user = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *replica = NULL;
  GError *local_error = NULL;
  const char *token;
  gint64 expires_at = 0;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAUTHORIZED,
                   "Sign in first: this request needs a bearer token.");
      return NULL;
    }
  token = authorization + 7;
  while (*token == ' ')
    token++;

  hash = saha_server_token_hash (token);
  user = saha_server_storage_token_lookup (storage, hash, &expires_at, &replica, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  /* A wiped device's tokens are gone from the tokens table; their hashes are kept so
   * that the device (or whoever holds a copy) is told to delete its data. */
  if (saha_server_storage_device_is_wiped (storage, replica, hash))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_DEVICE_WIPED,
                   "This device was marked lost: it must delete its data.");
      return NULL;
    }
  if (user == NULL)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAUTHORIZED,
                   "The token is not valid (signed out or revoked); sign in again.");
      return NULL;
    }
  if (expires_at <= saha_server_now ())
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAUTHORIZED,
                   "The token has expired; sign in again.");
      return NULL;
    }
  if (user->disabled)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAUTHORIZED,
                   "This account is disabled.");
      return NULL;
    }
  if (replica_id != NULL)
    *replica_id = g_steal_pointer (&replica);
  return g_steal_pointer (&user);
}

char *
saha_server_user_code_for (SahaServerStorage *storage,
                           const char        *name)
{
  g_autoptr(GString) base = g_string_new (NULL);
  gboolean word_start = TRUE;

  /* The first letter of each word, then the rest of the last word: "demo-rep" -> "DREP",
   * "ayse.kaya" -> "AKAYA"; at most 6 letters, so order numbers stay short. */
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          word_start = TRUE;
          continue;
        }
      if (word_start)
        g_string_append_c (base, g_ascii_toupper (*p));
      word_start = FALSE;
    }
  {
    const char *last = name;
    for (const char *p = name; *p != '\0'; p++)
      if (!g_ascii_isalnum (*p))
        last = p + 1;
    if (*last != '\0' && base->len > 0)
      {
        g_string_truncate (base, base->len - 1);
        for (const char *p = last; *p != '\0' && g_ascii_isalnum (*p); p++)
          g_string_append_c (base, g_ascii_toupper (*p));
      }
  }
  if (base->len == 0)
    g_string_assign (base, "U");
  if (base->len > 6)
    g_string_truncate (base, 6);

  if (!saha_server_storage_user_code_exists (storage, base->str))
    return g_string_free (g_steal_pointer (&base), FALSE);
  for (guint n = 2; ; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s%u", base->str, n);

      if (!saha_server_storage_user_code_exists (storage, candidate))
        return g_steal_pointer (&candidate);
    }
}

/* Failed logins */

struct _SahaServerLoginLimiter
{
  GMutex      lock;
  guint       max_per_user;
  guint       max_per_address;
  GHashTable *by_user;     /* name -> GArray of gint64 monotonic times */
  GHashTable *by_address;
  gint64      window;      /* microseconds */
  gint64      last_sweep;
};

SahaServerLoginLimiter *
saha_server_login_limiter_new (guint max_per_user,
                               guint max_per_address)
{
  SahaServerLoginLimiter *self = g_new0 (SahaServerLoginLimiter, 1);

  g_mutex_init (&self->lock);
  self->max_per_user = max_per_user;
  self->max_per_address = max_per_address;
  self->window = LIMITER_WINDOW_USEC;
  self->by_user = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  self->by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_array_unref);
  return self;
}

void
saha_server_login_limiter_free (SahaServerLoginLimiter *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  g_hash_table_unref (self->by_user);
  g_hash_table_unref (self->by_address);
  g_free (self);
}

/* The failures of @key still inside the window; drops the older ones. */
static guint
recent_failures (GHashTable *table,
                 const char *key,
                 gint64      now,
                 gint64      window)
{
  GArray *times = g_hash_table_lookup (table, key);
  guint keep = 0;

  if (times == NULL)
    return 0;
  for (guint i = 0; i < times->len; i++)
    if (g_array_index (times, gint64, i) > now - window)
      g_array_index (times, gint64, keep++) = g_array_index (times, gint64, i);
  g_array_set_size (times, keep);
  if (keep == 0)
    g_hash_table_remove (table, key);
  return keep;
}

static gboolean
expired (gpointer key,
         gpointer value,
         gpointer user_data)
{
  GArray *times = value;
  const gint64 *oldest_kept = user_data;

  for (guint i = 0; i < times->len; i++)
    if (g_array_index (times, gint64, i) > *oldest_kept)
      return FALSE;
  return TRUE;
}

/* A key is pruned when it is looked up again; one never looked up again (a made-up user
 * name, an address that gave up) would stay for ever, and a client trying new names
 * would grow the tables without bound. Once a window, every key with no failure left in
 * it goes. */
static void
sweep (SahaServerLoginLimiter *self,
       gint64                  now)
{
  gint64 oldest_kept = now - self->window;

  if (now - self->last_sweep < self->window)
    return;
  self->last_sweep = now;
  g_hash_table_foreach_remove (self->by_user, expired, &oldest_kept);
  g_hash_table_foreach_remove (self->by_address, expired, &oldest_kept);
}

void
saha_server_login_limiter_set_window (SahaServerLoginLimiter *self,
                                      gint64                  window_usec)
{
  g_mutex_lock (&self->lock);
  self->window = window_usec;
  g_mutex_unlock (&self->lock);
}

guint
saha_server_login_limiter_get_size (SahaServerLoginLimiter *self)
{
  guint size;

  g_mutex_lock (&self->lock);
  size = g_hash_table_size (self->by_user) + g_hash_table_size (self->by_address);
  g_mutex_unlock (&self->lock);
  return size;
}

gboolean
saha_server_login_limiter_allowed (SahaServerLoginLimiter *self,
                                   const char             *user,
                                   const char             *address)
{
  gint64 now = g_get_monotonic_time ();
  gboolean allowed;

  g_mutex_lock (&self->lock);
  allowed = recent_failures (self->by_user, user, now, self->window) < self->max_per_user
            && recent_failures (self->by_address, address, now, self->window) < self->max_per_address;
  g_mutex_unlock (&self->lock);
  return allowed;
}

static void
add_failure (GHashTable *table,
             const char *key,
             gint64      now)
{
  GArray *times = g_hash_table_lookup (table, key);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (table, g_strdup (key), times);
    }
  g_array_append_val (times, now);
}

void
saha_server_login_limiter_failed (SahaServerLoginLimiter *self,
                                  const char             *user,
                                  const char             *address)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  sweep (self, now);
  add_failure (self->by_user, user, now);
  add_failure (self->by_address, address, now);
  g_mutex_unlock (&self->lock);
}
