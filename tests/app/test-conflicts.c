/* test-conflicts.c: the Conflicts page on conflicts made through two replicas: both values
 * side by side, resolved with the page's own buttons and entries; a refused push fixed
 * in place and discarded; edits set aside shown, retried and discarded (runs under Xvfb).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "saha-application.h"
#include "saha-choice-list.h"
#include "saha-conflicts-page.h"
#include "saha-store-rejections.h"
#include "saha-store-set-aside.h"
#include "saha-store-sync.h"
#include "saha-window.h"
#include "../test-create.h"

static SahaApplication *app;

typedef struct
{
  SahaStore         *here;    /* the replica the window shows */
  SahaStore         *there;   /* a second device */
  SahaWindow        *window;
  SahaConflictsPage *page;
} Fixture;


static void
update (SahaStore  *store,
        const char *id,
        const char *field,
        const char *value)
{
  SahaFieldInput input = { field, value };
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_store_update (store, "customer", id, &input, 1, &error));
  g_assert_no_error (error);
}

/* Hands @id's state from one replica to the other, as a sync through the server would. */
static void
copy_record (SahaStore  *from,
             SahaStore  *to,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) record = saha_store_get (from, "customer", id, &error);

  g_assert_no_error (error);
  g_assert_true (saha_store_merge (to, record, FALSE, NULL, &error));
  g_assert_no_error (error);
}

static SahaRecord *
get (SahaStore  *store,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  SahaRecord *record = saha_store_get (store, "customer", id, &error);

  g_assert_no_error (error);
  return record;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *here = g_build_filename (g_get_user_data_dir (), "here.db", NULL);
  g_autofree char *there = g_build_filename (g_get_user_data_dir (), "there.db", NULL);
  g_autoptr(GError) error = NULL;

  fixture->here = saha_store_open (here, &error);
  g_assert_no_error (error);
  fixture->there = saha_store_open (there, &error);
  g_assert_no_error (error);
  g_assert_true (saha_store_set_setting (fixture->here, "user", "ayse", &error));
  g_assert_no_error (error);
}

/* The page reads its lists on a worker: lets that read (and any it set off) land. */
static void
settle (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  do
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  while (saha_page_get_loading (SAHA_PAGE (fixture->page))
         && g_get_monotonic_time () < deadline);
  g_assert_false (saha_page_get_loading (SAHA_PAGE (fixture->page)));
}

static void
open_window (Fixture *fixture)
{
  fixture->window = saha_window_new (app, fixture->here, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  saha_window_show_page (fixture->window, "conflicts");
  fixture->page = SAHA_CONFLICTS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                      SAHA_TYPE_WINDOW,
                                                                      "conflicts_page"));
  settle (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->here);
  g_clear_object (&fixture->there);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
named (Fixture    *fixture,
       const char *format,
       ...)
{
  g_autofree char *name = NULL;
  GtkWidget *widget;
  va_list args;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  widget = find_named (GTK_WIDGET (fixture->page), name);
  if (widget == NULL)
    g_error ("No widget named %s on the page", name);
  return widget;
}

/* The value a pick button's card shows, above the devices that hold it. */
static const char *
card_value (GtkWidget *button)
{
  GtkWidget *card = gtk_widget_get_parent (button);

  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (card)));
}

static const char *
card_holders (GtkWidget *button)
{
  GtkWidget *card = gtk_widget_get_parent (button);

  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (gtk_widget_get_first_child (card))));
}

static const char *
badge (Fixture *fixture)
{
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                SAHA_TYPE_WINDOW,
                                                                "conflicts_count_label"));

  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : "";
}

static void
test_resolve (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *phone_id = NULL;
  g_autofree char *gone_id = NULL;
  g_autofree char *city_id = NULL;
  g_autoptr(SahaRecord) record = NULL;
  GtkWidget *pick0, *pick1, *chosen, *keep, *delete;
  AdwEntryRow *other;

  /* Both devices have the customers; then each changes them before syncing. */
  phone_id = store_test_create (fixture->here, "customer", "name", "Işık Elektrik", "kind", "company", NULL);
  gone_id = store_test_create (fixture->here, "customer", "name", "Şahin Market", "kind", "company", NULL);
  city_id = store_test_create (fixture->here, "customer", "name", "Çelik Makine", "kind", "company", NULL);
  copy_record (fixture->here, fixture->there, phone_id);
  copy_record (fixture->here, fixture->there, gone_id);
  copy_record (fixture->here, fixture->there, city_id);

  update (fixture->here, phone_id, "phone", "+90 532 111 11 11");
  update (fixture->there, phone_id, "phone", "+90 532 222 22 22");
  g_assert_true (saha_store_delete (fixture->here, "customer", gone_id, NULL));
  update (fixture->there, gone_id, "city", "İzmir");
  update (fixture->here, city_id, "city", "Ankara");
  update (fixture->there, city_id, "city", "Bursa");

  copy_record (fixture->there, fixture->here, phone_id);
  copy_record (fixture->there, fixture->here, gone_id);
  copy_record (fixture->there, fixture->here, city_id);

  {
    g_autoptr(GPtrArray) pairs = g_ptr_array_new ();

    g_ptr_array_add (pairs, (gpointer) saha_store_get_replica_id (fixture->there));
    g_ptr_array_add (pairs, (gpointer) "mehmet");
    g_assert_true (saha_store_set_replica_users (fixture->here, pairs, NULL));
  }
  open_window (fixture);
  g_assert_cmpuint (saha_conflicts_page_get_n_conflicts (fixture->page), ==, 3);
  g_assert_cmpstr (badge (fixture), ==, "3");

  /* Both phone numbers, side by side, each saying where it came from. */
  pick0 = named (fixture, "pick:%s:phone:0", phone_id);
  pick1 = named (fixture, "pick:%s:phone:1", phone_id);
  g_assert_true ((g_strcmp0 (card_value (pick0), "+90 532 111 11 11") == 0
                  && g_strcmp0 (card_value (pick1), "+90 532 222 22 22") == 0)
                 || (g_strcmp0 (card_value (pick1), "+90 532 111 11 11") == 0
                     && g_strcmp0 (card_value (pick0), "+90 532 222 22 22") == 0));
  chosen = g_strcmp0 (card_value (pick0), "+90 532 222 22 22") == 0 ? pick0 : pick1;
  g_assert_cmpstr (card_holders (chosen == pick0 ? pick1 : pick0), ==,
                   "Written by you, on this device");
  /* The other device's user, as the server names it, never its replica id. */
  g_assert_cmpstr (card_holders (chosen), ==, "Written by mehmet");
  /* By full name once the server gave one (its list of users, kept at each sync). */
  g_assert_true (saha_store_set_setting (fixture->here, "users_cache",
                                         "{\"users\":[{\"name\":\"mehmet\",\"role\":\"tech\","
                                         "\"code\":\"MEHMET\",\"full_name\":\"Mehmet Öztürk\"}]}",
                                         NULL));
  saha_conflicts_page_reload (fixture->page);
  settle (fixture);
  pick0 = named (fixture, "pick:%s:phone:0", phone_id);
  pick1 = named (fixture, "pick:%s:phone:1", phone_id);
  chosen = g_strcmp0 (card_value (pick0), "+90 532 222 22 22") == 0 ? pick0 : pick1;
  g_assert_cmpstr (card_holders (chosen), ==, "Written by Mehmet Öztürk");

  /* Keep the other device's number. */
  g_signal_emit_by_name (chosen, "clicked");
  settle (fixture);
  record = get (fixture->here, phone_id);
  g_assert_false (saha_record_field_in_conflict (record, "phone"));
  g_assert_cmpstr (saha_record_get (record, "phone"), ==, "+90 532 222 22 22");
  g_clear_pointer (&record, saha_record_unref);
  g_assert_cmpuint (saha_conflicts_page_get_n_conflicts (fixture->page), ==, 2);
  g_assert_cmpstr (badge (fixture), ==, "2");

  /* Deleted here, changed there: Keep brings it back with the change. */
  keep = named (fixture, "pick:%s:deleted:0", gone_id);
  delete = named (fixture, "pick:%s:deleted:1", gone_id);
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (keep)), "Keep") != 0)
    {
      GtkWidget *swap = keep;

      keep = delete;
      delete = swap;
    }
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (keep)), ==, "Keep");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (delete)), ==, "Delete");
  g_signal_emit_by_name (keep, "clicked");
  settle (fixture);
  record = get (fixture->here, gone_id);
  g_assert_false (saha_record_has_conflicts (record));
  g_assert_false (saha_record_is_deleted (record));
  g_assert_cmpstr (saha_record_get (record, "city"), ==, "İzmir");
  g_clear_pointer (&record, saha_record_unref);

  /* Neither Ankara nor Bursa: a third city typed in. */
  other = ADW_ENTRY_ROW (named (fixture, "other:%s:city", city_id));
  gtk_editable_set_text (GTK_EDITABLE (other), "Eskişehir");
  g_signal_emit_by_name (other, "apply");
  settle (fixture);
  record = get (fixture->here, city_id);
  g_assert_false (saha_record_has_conflicts (record));
  g_assert_cmpstr (saha_record_get (record, "city"), ==, "Eskişehir");

  g_assert_cmpuint (saha_conflicts_page_get_n_conflicts (fixture->page), ==, 0);
  g_assert_cmpstr (badge (fixture), ==, "");
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *refused_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *resync = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  SahaStoreStatus status = { 0 };
  AdwEntryRow *fix;
  AdwMessageDialog *dialog;

  refused_id = store_test_create (fixture->here, "customer", "name", "Deniz Turizm", "kind", "company",
                       "assigned_to", "mehmet", NULL);
  other_id = store_test_create (fixture->here, "customer", "name", "Kaya Yapı", "kind", "company", NULL);
  g_assert_true (saha_store_sync_reject (fixture->here, "customer", refused_id, "forbidden",
                                         "ayse (rep) may only create customers assigned to themselves",
                                         &error));
  g_assert_no_error (error);

  open_window (fixture);
  g_assert_cmpuint (saha_conflicts_page_get_n_rejections (fixture->page), ==, 1);
  g_assert_cmpstr (badge (fixture), ==, "1");
  /* what the code means in the user's language, the server's English words inside */
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (named (fixture, "%s", refused_id))),
                   ==, "You may not make this change: the record is someone else’s, or your role "
                   "may not change this field.");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (named (fixture, "server-message:%s",
                                                                       refused_id))),
                   ==, "ayse (rep) may only create customers assigned to themselves");

  /* Fixed in place: the refused field edited on the page. */
  fix = ADW_ENTRY_ROW (named (fixture, "fix:%s:assigned_to", refused_id));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fix)), ==, "mehmet");
  gtk_editable_set_text (GTK_EDITABLE (fix), "ayse");
  g_signal_emit_by_name (fix, "apply");
  record = get (fixture->here, refused_id);
  g_assert_cmpstr (saha_record_get (record, "assigned_to"), ==, "ayse");
  g_clear_pointer (&record, saha_record_unref);

  /* Discard asks first; Cancel keeps everything. */
  g_signal_emit_by_name (named (fixture, "discard:%s", refused_id), "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  record = get (fixture->here, refused_id);
  g_clear_pointer (&record, saha_record_unref);

  g_signal_emit_by_name (named (fixture, "discard:%s", refused_id), "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (fixture);

  /* Only that record went; the next sync pulls everything again to bring back the
   * server's version; the other waiting change stays. */
  g_assert_null (saha_store_get (fixture->here, "customer", refused_id, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  record = get (fixture->here, other_id);
  g_assert_cmpstr (saha_record_get (record, "name"), ==, "Kaya Yapı");
  g_assert_true (saha_store_get_status (fixture->here, &status, &error));
  g_assert_cmpuint (status.pending, ==, 1);
  g_assert_cmpuint (status.rejected, ==, 0);
  saha_store_status_clear (&status);
  resync = saha_store_get_setting (fixture->here, "resync");
  g_assert_cmpstr (resync, ==, "1");
  g_assert_cmpuint (saha_conflicts_page_get_n_rejections (fixture->page), ==, 0);
  g_assert_cmpstr (badge (fixture), ==, "");

  /* Only refused records may be discarded this way. */
  g_assert_false (saha_store_discard_rejected (fixture->here, "customer", other_id, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
}

/* The state of customer @id on @store with @field set to @value, as set aside. */
static SahaRecord *
edited_state (SahaStore  *store,
              const char *id,
              const char *field,
              const char *value)
{
  update (store, id, field, value);
  return get (store, id);
}

static void
test_set_aside (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *theirs = NULL;
  g_autofree char *returned = NULL;
  g_autofree char *away = NULL;
  g_autoptr(SahaRecord) state = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  /* Made by mehmet before ayse signed in here, and refused then. */
  theirs = store_test_create (fixture->there, "customer", "name", "Deniz Turizm", "kind", "company",
                              "assigned_to", "mehmet", NULL);
  state = edited_state (fixture->there, theirs, "phone", "+90 252 555 0101");
  g_assert_true (saha_store_sync_set_aside (fixture->here, state, "user_changed", "mehmet", &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, saha_record_unref);
  g_assert_true (saha_store_sync_reject (fixture->here, "customer", theirs, "forbidden",
                                         "mehmet (rep) may not change assigned_to", &error));
  g_assert_no_error (error);

  /* ayse's edit of a customer that went away and came back changed. */
  returned = store_test_create (fixture->here, "customer", "name", "Kaya Yapı", "kind", "company", NULL);
  copy_record (fixture->here, fixture->there, returned);
  state = edited_state (fixture->there, returned, "notes", "prefers mornings");
  g_assert_true (saha_store_sync_set_aside (fixture->here, state, "revoked", "ayse", &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, saha_record_unref);
  update (fixture->here, returned, "notes", "call after 14:00");

  /* ... and of one still away. */
  away = store_test_create (fixture->there, "customer", "name", "Işık Elektrik", "kind", "company", NULL);
  state = edited_state (fixture->there, away, "email", "info@isik.example");
  g_assert_true (saha_store_sync_set_aside (fixture->here, state, "revoked", "ayse", &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, saha_record_unref);

  open_window (fixture);
  g_assert_cmpuint (saha_conflicts_page_get_n_set_aside (fixture->page), ==, 3);
  /* The refusal is shown with its set-aside edits, not twice. */
  g_assert_cmpuint (saha_conflicts_page_get_n_rejections (fixture->page), ==, 0);
  g_assert_cmpstr (badge (fixture), ==, "3");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (named (fixture, "set-aside:%s", theirs))),
                   ==, "Made by mehmet; sent only if you retry");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (named (fixture, "set-aside:%s", away))),
                   ==, "No longer assigned to you: kept here, and given back when it is assigned to you again");
  g_assert_false (gtk_widget_get_sensitive (named (fixture, "retry-set-aside:%s", away)));
  g_assert_true (gtk_widget_get_sensitive (named (fixture, "retry-set-aside:%s", returned)));

  /* Retry: mehmet's edit is back in the record, pending; the refusal waits for the push. */
  g_signal_emit_by_name (named (fixture, "retry-set-aside:%s", theirs), "clicked");
  settle (fixture);
  record = get (fixture->here, theirs);
  g_assert_cmpstr (saha_record_get (record, "phone"), ==, "+90 252 555 0101");
  g_clear_pointer (&record, saha_record_unref);
  g_assert_cmpuint (saha_conflicts_page_get_n_set_aside (fixture->page), ==, 2);
  g_assert_cmpuint (saha_conflicts_page_get_n_rejections (fixture->page), ==, 1);

  /* Retry of the one that came back changed: both values, for a person to choose. */
  g_signal_emit_by_name (named (fixture, "retry-set-aside:%s", returned), "clicked");
  settle (fixture);
  record = get (fixture->here, returned);
  g_assert_true (saha_record_field_in_conflict (record, "notes"));
  g_clear_pointer (&record, saha_record_unref);
  g_assert_cmpuint (saha_conflicts_page_get_n_conflicts (fixture->page), ==, 1);

  /* Discard asks first. */
  g_signal_emit_by_name (named (fixture, "discard-set-aside:%s", away), "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (fixture);
  g_assert_cmpuint (saha_conflicts_page_get_n_set_aside (fixture->page), ==, 0);
  g_assert_null (saha_store_get (fixture->here, "customer", away, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
}

/* Another process writing into the same replica (saha-cli pulling a conflict in) shows
 * on the open page within a few seconds, with no sync and no click. */
static void
test_external_write (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "here.db", NULL);
  g_autofree char *id = NULL;
  g_autoptr(SahaStore) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  id = store_test_create (fixture->here, "customer", "name", "Işık Elektrik", "kind", "company", NULL);
  copy_record (fixture->here, fixture->there, id);
  update (fixture->here, id, "phone", "0212 111 11 11");
  update (fixture->there, id, "phone", "0212 222 22 22");

  open_window (fixture);
  g_assert_cmpuint (saha_conflicts_page_get_n_conflicts (fixture->page), ==, 0);

  /* saha-cli's own connection to the file: */
  other = saha_store_open (path, &error);
  g_assert_no_error (error);
  copy_record (fixture->there, other, id);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (saha_conflicts_page_get_n_conflicts (fixture->page) == 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (saha_conflicts_page_get_n_conflicts (fixture->page), ==, 1);
  g_assert_cmpstr (badge (fixture), ==, "1");
}

/* A refused record's choice fields are fixed by choosing among their labels, never by
 * typing the stored word ("Kind: company"). */
static void
test_refused_choice (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *id = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *kind;
  GtkStringObject *shown;

  id = store_test_create (fixture->here, "customer", "name", "Deniz Turizm", "kind", "company",
                          NULL);
  g_assert_true (saha_store_sync_reject (fixture->here, "customer", id, "invalid",
                                         "kind: not accepted", &error));
  g_assert_no_error (error);
  open_window (fixture);

  kind = named (fixture, "fix:%s:kind", id);
  g_assert_true (ADW_IS_COMBO_ROW (kind));
  shown = adw_combo_row_get_selected_item (ADW_COMBO_ROW (kind));
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, "Company");
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind),
                              saha_choice_list_position ("customer", "kind", "person"));
  record = get (fixture->here, id);
  g_assert_cmpstr (saha_record_get (record, "kind"), ==, "person");
}

/* GTK tells an SVG icon by the MIME database, which isolated directories would hide. */
static void
keep_mime_database (void)
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0'
                                   ? data_dirs : "/usr/local/share:/usr/share", ":", -1);
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime = NULL;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime = g_strv_builder_end (mime_dirs);
  g_content_type_set_mime_dirs ((const char * const *) mime);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  keep_mime_database ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  saha_application_setup_i18n ();
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/app/conflicts/resolve", Fixture, NULL,
              fixture_set_up, test_resolve, fixture_tear_down);
  g_test_add ("/app/conflicts/refused", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/app/conflicts/set-aside", Fixture, NULL,
              fixture_set_up, test_set_aside, fixture_tear_down);
  g_test_add ("/app/conflicts/external-write", Fixture, NULL,
              fixture_set_up, test_external_write, fixture_tear_down);
  g_test_add ("/app/conflicts/refused-choice", Fixture, NULL,
              fixture_set_up, test_refused_choice, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
