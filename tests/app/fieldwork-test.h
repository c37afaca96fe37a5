/* fieldwork-test.h: what the order, service call and visit tests share: a replica with a
 * catalogue, the main window over it, and finding widgets by name as a person finds them
 * by their place on screen.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <locale.h>
#include <string.h>

#include "saha-application.h"
#include "saha-window.h"
#include "../test-create.h"

typedef struct
{
  SahaStore  *store;
  SahaWindow *window;
  char       *customer_id;   /* Işık Elektrik */
  char       *cable_id;      /* 12.99, VAT 20 */
  char       *fuse_id;       /* 100.00, VAT 10 */
  char       *screw_id;      /* 0.05, VAT 20 */
} Fixture;

static SahaApplication *app;


static G_GNUC_UNUSED void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GError) error = NULL;

  fixture->store = saha_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (saha_store_set_setting (fixture->store, "user", "ayse", &error));
  g_assert_no_error (error);

  fixture->customer_id = store_test_create (fixture->store, "customer",
                                 "name", "Işık Elektrik", "kind", "company", "city", "İzmir",
                                 "address", "Kazım Dirik Mah. 372. Sok. No 5",
                                 "phone", "+90 232 555 01 01", "assigned_to", "ayse", NULL);
  g_free (store_test_create (fixture->store, "customer", "name", "Şahin Market", "kind", "company",
                  "city", "İzmir", "assigned_to", "ayse", NULL));
  fixture->cable_id = store_test_create (fixture->store, "product", "sku", "KBL-25",
                              "name", "NYA kablo 2,5 mm²", "unit", "m", "unit_price", "12.99",
                              "vat_rate", "20", "category", "Kablo", NULL);
  fixture->fuse_id = store_test_create (fixture->store, "product", "sku", "SIG-16",
                             "name", "Otomatik sigorta 16 A", "unit_price", "100.00",
                             "vat_rate", "10", "category", "Sigorta", NULL);
  fixture->screw_id = store_test_create (fixture->store, "product", "sku", "VID-M6",
                              "name", "Vida M6", "unit_price", "0.05",
                              "vat_rate", "20", "category", "Bağlantı", NULL);

  fixture->window = saha_window_new (app, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static G_GNUC_UNUSED void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->store);
  g_free (fixture->customer_id);
  g_free (fixture->cable_id);
  g_free (fixture->fuse_id);
  g_free (fixture->screw_id);
}

static void
collect_named (GtkWidget  *widget,
               const char *name,
               GPtrArray  *found)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (child, name, found);
}

/* The @index-th widget named @name under @root, in the order they are laid out. */
static G_GNUC_UNUSED gpointer
find_named (gpointer    root,
            const char *name,
            guint       index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_named (GTK_WIDGET (root), name, found);
  if (index >= found->len)
    g_error ("no widget %s #%u (found %u)", name, index, found->len);
  return g_ptr_array_index (found, index);
}

static G_GNUC_UNUSED guint
count_named (gpointer    root,
             const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_named (GTK_WIDGET (root), name, found);
  return found->len;
}

static G_GNUC_UNUSED void
iterate (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Iterates the main context until @condition holds (the pages read the replica in worker
 * threads), failing after twenty seconds (a sanitizer build on a loaded machine is slow;
 * a test that passes never waits that long). */
#define WAIT_FOR(condition) \
  G_STMT_START { \
    gint64 wait_deadline_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC; \
    while (!(condition) && g_get_monotonic_time () < wait_deadline_) \
      { \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (1000); \
      } \
    g_assert_true (condition); \
  } G_STMT_END

/* Types into a search entry and waits for its results list to fill, as after a person's
 * typing pause; then activates the first result. */
static G_GNUC_UNUSED void
search_and_pick (gpointer    root,
                 const char *entry_name,
                 const char *results_name,
                 const char *text)
{
  GtkWidget *entry = find_named (root, entry_name, 0);
  GtkListBox *results = find_named (root, results_name, 0);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWidget *row = NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  while (g_get_monotonic_time () < deadline)
    {
      row = gtk_widget_get_first_child (GTK_WIDGET (results));
      if (row != NULL && g_object_get_data (G_OBJECT (row), "record-id") != NULL)
        break;
      row = NULL;
      g_main_context_iteration (NULL, FALSE);
    }

  g_assert_nonnull (row);
  g_signal_emit_by_name (results, "row-activated", row);
}

static G_GNUC_UNUSED const char *
label_text (gpointer    root,
            const char *name,
            guint       index)
{
  return gtk_label_get_label (GTK_LABEL (find_named (root, name, index)));
}

static G_GNUC_UNUSED void
set_entry (gpointer    root,
           const char *name,
           guint       index,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_named (root, name, index)), text);
}

static G_GNUC_UNUSED void
set_text_view (gpointer    root,
               const char *name,
               const char *text)
{
  GtkTextView *view = find_named (root, name, 0);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static G_GNUC_UNUSED guint
count_records (SahaStore  *store,
               const char *entity,
               const char *field,
               const char *value)
{
  SahaFieldInput where[] = { { field, value } };
  SahaQuery query = { .where = where, .n_where = field != NULL ? 1 : 0 };
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (saha_store_count (store, entity, &query, &count, &error));
  g_assert_no_error (error);
  return count;
}

static G_GNUC_UNUSED SahaRecord *
only_record (SahaStore  *store,
             const char *entity,
             const char *field,
             const char *value)
{
  SahaFieldInput where[] = { { field, value } };
  SahaQuery query = { .where = where, .n_where = field != NULL ? 1 : 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = saha_store_list (store, entity, &query, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  return saha_record_ref (g_ptr_array_index (records, 0));
}

/* The shared start of each UI test binary: isolated directories, the build's catalogue,
 * English, and one registered application. */
static G_GNUC_UNUSED void
fieldwork_test_init (int    *argc,
                     char ***argv)
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0'
                                   ? data_dirs : "/usr/local/share:/usr/share", ":", -1);
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime = NULL;

  /* GTK tells an SVG icon by the MIME database, which isolated directories would hide. */
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime = g_strv_builder_end (mime_dirs);
  g_content_type_set_mime_dirs ((const char * const *) mime);

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  saha_application_setup_i18n ();
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
}

/* The desktop's notification service, as GTK's backend of GNotification talks to it
 * (org.gtk.Notifications on the test's private session bus): what the app sent. */
static GPtrArray *fieldwork_notifications_sent G_GNUC_UNUSED;   /* GVariant a{sv}, each */

static const char fieldwork_notifications_xml[] G_GNUC_UNUSED =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method>"
  "<method name='RemoveNotification'><arg type='s' direction='in'/>"
  "<arg type='s' direction='in'/></method>"
  "</interface></node>";

static inline void
fieldwork_notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  if (g_strcmp0 (method_name, "AddNotification") == 0)
    g_ptr_array_add (fieldwork_notifications_sent, g_variant_get_child_value (parameters, 2));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static inline void
fieldwork_serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { fieldwork_notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (fieldwork_notifications_xml, NULL);
  g_autoptr(GVariant) reply = NULL;

  fieldwork_notifications_sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_assert_nonnull (bus);
  g_assert_cmpuint (g_dbus_connection_register_object (bus, "/org/gtk/Notifications",
                                                       info->interfaces[0], &vtable,
                                                       NULL, NULL, NULL), >, 0);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);
}

