/* saha-conflicts-page.c: SahaConflictsPage, the records two people changed at once (pick a
 * value or type one), the pushes the server refused (fix, retry or discard) and the edits
 * set aside (retry or discard).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-store-reader.h"
#include "saha-store-rejections.h"
#include "saha-store-set-aside.h"
#include "saha-store-sync.h"
#include "saha-sync-erase.h"
#include "saha-sync-users.h"

#include "saha-choice-list.h"
#include "saha-conflicts-page.h"

struct _SahaConflictsPage
{
  SahaPage    parent_instance;

  SahaStore  *store;
  guint       n_conflicts;
  guint       n_rejections;
  guint       n_set_aside;
  guint       retry_id;            /* a reload waiting for typing to end */
  GPtrArray  *holders_labels;      /* GtkLabel: "Written by …" of each card, for the times */
  GCancellable *times_cancellable; /* the fetch of when each value was written */
  GCancellable *lists_cancellable; /* the read of the three lists */

  AdwWindowTitle *title;
  GtkStack   *stack;
  GtkBox     *conflicts_box;
  GtkBox     *rejections_box;
  GtkBox     *set_aside_box;
};

G_DEFINE_FINAL_TYPE (SahaConflictsPage, saha_conflicts_page, SAHA_TYPE_PAGE)

/* What a button or entry row acts on; kept on the widget. */
typedef struct
{
  char *entity;
  char *id;
  char *field;
  char *value;    /* a candidate's canonical value, or NULL for "unset" */
} Target;

static void
target_free (Target *target)
{
  g_free (target->entity);
  g_free (target->id);
  g_free (target->field);
  g_free (target->value);
  g_free (target);
}

static void
set_target (GtkWidget  *widget,
            const char *entity,
            const char *id,
            const char *field,
            const char *value)
{
  Target *target = g_new0 (Target, 1);

  target->entity = g_strdup (entity);
  target->id = g_strdup (id);
  target->field = g_strdup (field);
  target->value = g_strdup (value);
  g_object_set_data_full (G_OBJECT (widget), "saha-target", target, (GDestroyNotify) target_free);
}

static Target *
get_target (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "saha-target");
}

static void
show_toast (SahaConflictsPage *self,
            const char        *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static const char *
field_label (const SahaEntityDef *entity,
             const char          *field)
{
  const SahaFieldDef *def = saha_entity_def_lookup_field (entity, field);

  if (def != NULL && def->label != NULL)
    return _(def->label);
  return field;
}

/* "Customer · Işık Elektrik": the entity and what people call the record. */
static char *
record_title (const char *entity_name,
              SahaRecord *record,
              const char *id)
{
  const SahaEntityDef *entity = saha_schema_lookup (entity_name);
  const char *label = entity != NULL && entity->label != NULL ? _(entity->label) : entity_name;
  const char *name = NULL;
  static const char * const naming_fields[] = { "name", "number", "summary", "sku", NULL };

  for (guint i = 0; record != NULL && naming_fields[i] != NULL && name == NULL; i++)
    if (entity != NULL && saha_entity_def_lookup_field (entity, naming_fields[i]) != NULL)
      name = saha_record_get (record, naming_fields[i]);

  if (name == NULL)
    {
      g_autofree char *short_id = g_strndup (id, 8);

      return g_strdup_printf ("%s · %s", label, short_id);
    }
  return g_strdup_printf ("%s · %s", label, name);
}

/* Who wrote a value: the user the server names for the replica that wrote it (GET
 * /v1/users, kept by the sync), by full name when the server gave one, never the replica
 * id itself. */
static char *
replica_text (SahaStore  *store,
              const char *replica)
{
  g_autofree char *user = NULL;

  if (g_strcmp0 (replica, saha_store_get_replica_id (store)) == 0)
    /* Translators: who wrote a value, shown as "Written by you, on this device" */
    return g_strdup (_("you, on this device"));

  user = saha_store_get_replica_user (store, replica);
  if (user != NULL)
    return saha_sync_user_display_name (store, user);
  /* Translators: who wrote a value when the server has not yet said whose device it was;
   * shown as "Written by someone on another device" */
  return g_strdup (_("someone on another device"));
}

/* @who: replica id -> replica_text(), made on the worker. */
static char *
holders_text (GHashTable *who,
              SahaRecord *record,
              const char *field,
              const char *value)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const SahaCandidate *candidates;
  guint n_candidates = 0;

  candidates = saha_record_get_candidates (record, field, &n_candidates);
  for (guint i = 0; i < n_candidates; i++)
    {
      const char *writer;

      if (g_strcmp0 (candidates[i].value, value) != 0)
        continue;
      writer = g_hash_table_lookup (who, candidates[i].dot.replica);
      if (writer == NULL || strstr (text->str, writer) != NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, writer);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
resolved (SahaConflictsPage *self,
          const char        *message)
{
  show_toast (self, message);
  /* The sidebar's count shows the outcome at once, not after the store's announcement. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.wrote", NULL);
  /* What was just decided must not be decided again: the lists take no click until they
   * are read again (on a worker, a moment). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
  saha_conflicts_page_reload (self);
}

static gboolean
resolve (SahaConflictsPage  *self,
         Target             *target,
         const char         *value)
{
  SahaFieldInput input = { target->field, value };
  g_autoptr(GError) error = NULL;

  if (!saha_store_resolve (self->store, target->entity, target->id, &input, 1, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not resolved: %s"), error->message);

      show_toast (self, message);
      return FALSE;
    }

  resolved (self, _("Conflict resolved"));
  return TRUE;
}

static void
pick_clicked (SahaConflictsPage *self,
              GtkButton         *button)
{
  Target *target = get_target (GTK_WIDGET (button));

  resolve (self, target, target->value);
}

static void
other_applied (SahaConflictsPage *self,
               AdwEntryRow       *row)
{
  Target *target = get_target (GTK_WIDGET (row));

  if (!resolve (self, target, gtk_editable_get_text (GTK_EDITABLE (row))))
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

/* The replicas whose writes hold @value in @field. */
static GStrv
candidate_replicas (SahaRecord *record,
                    const char *field,
                    const char *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const SahaCandidate *candidates;
  guint n = 0;

  candidates = saha_record_get_candidates (record, field, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (candidates[i].value, value) == 0)
      g_strv_builder_add (builder, candidates[i].dot.replica);
  return g_strv_builder_end (builder);
}

/*
 * When each value was written: the server's audit trail (GET /v1/history) says when it
 * accepted each change, by whom and from which device — office and admin may read it, and
 * only online. A worker thread asks for each record in conflict; the cards then say
 * "Written by X, TIME" with the latest time the server accepted that value from one of its
 * writers' devices. A field user's device, or one offline, keeps "Written by X". (The time
 * is the server's; an edit made offline was typed earlier.)
 */
typedef struct
{
  char      *db_path;
  GPtrArray *keys;    /* char *: "entity\nid" */
} TimesRequest;

static void
times_request_free (TimesRequest *request)
{
  g_free (request->db_path);
  g_ptr_array_unref (request->keys);
  g_free (request);
}

static void
fetch_times (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TimesRequest *request = task_data;
  g_autoptr(GHashTable) times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *role = NULL;

  {
    g_autoptr(SahaStore) store = saha_store_open (request->db_path, NULL);

    role = store != NULL ? saha_store_get_setting (store, "user_role") : NULL;
  }
  if (g_strcmp0 (role, "office") != 0 && g_strcmp0 (role, "admin") != 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&times), (GDestroyNotify) g_hash_table_unref);
      return;
    }
  for (guint i = 0; i < request->keys->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_auto(GStrv) key = g_strsplit (g_ptr_array_index (request->keys, i), "\n", 2);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonArray) entries = saha_sync_fetch_record_history (request->db_path, key[0],
                                                                     key[1], cancellable,
                                                                     &error);

      if (entries == NULL)
        {
          g_debug ("No times for the conflict cards: %s", error->message);
          break;
        }
      /* Oldest first: a later entry for the same value and device replaces the time. */
      for (guint e = 0; e < json_array_get_length (entries); e++)
        {
          JsonObject *entry = saha_json_array_get_object (entries, e);
          const char *field = saha_json_get_string (entry, "field", NULL);
          const char *value = saha_json_get_string (entry, "new", NULL);
          const char *device = saha_json_get_string (entry, "device", NULL);
          const char *at = saha_json_get_string (entry, "at", NULL);

          if (field == NULL || device == NULL || at == NULL)
            continue;
          g_hash_table_replace (times,
                                g_strdup_printf ("%s\n%s\n%s\n%s\n%s", key[0], key[1], field,
                                                 device, value != NULL ? value : ""),
                                g_strdup (at));
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&times), (GDestroyNotify) g_hash_table_unref);
}

/* Loading while the lists or the times are being read. */
static void
update_loading (SahaConflictsPage *self)
{
  saha_page_set_loading (SAHA_PAGE (self),
                         self->lists_cancellable != NULL || self->times_cancellable != NULL);
}

static void
times_fetched (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SahaConflictsPage *self = SAHA_CONFLICTS_PAGE (object);
  g_autoptr(GHashTable) times = g_task_propagate_pointer (G_TASK (result), NULL);

  if (times == NULL)
    return;
  g_clear_object (&self->times_cancellable);
  update_loading (self);
  for (guint i = 0; i < self->holders_labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (self->holders_labels, i);
      Target *target = get_target (label);
      GStrv replicas = g_object_get_data (G_OBJECT (label), "saha-replicas");
      const char *held_by = g_object_get_data (G_OBJECT (label), "saha-held-by");
      g_autoptr(GDateTime) latest = NULL;

      for (guint r = 0; replicas != NULL && replicas[r] != NULL; r++)
        {
          g_autofree char *key = g_strdup_printf ("%s\n%s\n%s\n%s\n%s", target->entity,
                                                  target->id, target->field, replicas[r],
                                                  target->value != NULL ? target->value : "");
          const char *at = g_hash_table_lookup (times, key);
          g_autoptr(GDateTime) when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;

          if (when != NULL && (latest == NULL || g_date_time_compare (when, latest) > 0))
            {
              g_clear_pointer (&latest, g_date_time_unref);
              latest = g_date_time_ref (when);
            }
        }
      if (latest != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (latest);
          g_autofree char *time = saha_format_date_time (local, saha_format_style_default ());
          /* Translators: who wrote a conflicting value and when the server received it,
           * e.g. "Written by mehmet, 06.12.2026 14:32" */
          g_autofree char *text = g_strdup_printf (_("%s, %s"), held_by, time);

          gtk_label_set_label (GTK_LABEL (label), text);
        }
    }
}

static void
fetch_times_start (SahaConflictsPage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GTask) task = NULL;
  TimesRequest *request;

  if (self->times_cancellable != NULL)
    {
      g_cancellable_cancel (self->times_cancellable);
      g_clear_object (&self->times_cancellable);
      update_loading (self);
    }
  if (self->holders_labels->len == 0 || self->store == NULL)
    return;
  request = g_new0 (TimesRequest, 1);
  request->db_path = g_strdup (saha_store_get_path (self->store));
  request->keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->holders_labels->len; i++)
    {
      Target *target = get_target (g_ptr_array_index (self->holders_labels, i));
      char *key = g_strdup_printf ("%s\n%s", target->entity, target->id);

      /* At most 20 records: the page shows what waits for a person, a handful. */
      if (g_hash_table_contains (seen, key) || request->keys->len >= 20)
        {
          g_free (key);
          continue;
        }
      g_hash_table_add (seen, key);
      g_ptr_array_add (request->keys, key);
    }
  self->times_cancellable = g_cancellable_new ();
  update_loading (self);
  task = g_task_new (self, self->times_cancellable, times_fetched, NULL);
  g_task_set_task_data (task, request, (GDestroyNotify) times_request_free);
  g_task_run_in_thread (task, fetch_times);
}

static GtkWidget *
candidate_card (SahaConflictsPage *self,
                GHashTable        *who,
                SahaRecord        *record,
                const char        *field,
                const char        *value,
                guint              n)
{
  const char *id = saha_record_get_id (record);
  const char *entity = saha_record_get_entity (record)->name;
  gboolean deleted_field = g_strcmp0 (field, SAHA_DELETED_FIELD) == 0;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *value_label;
  GtkWidget *holders_label;
  GtkWidget *button;
  g_autofree char *holders = holders_text (who, record, field, value);
  g_autofree char *held_by = NULL;
  g_autofree char *name = g_strdup_printf ("pick:%s:%s:%u", id, field, n);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_hexpand (card, TRUE);

  if (deleted_field)
    value_label = gtk_label_new (g_strcmp0 (value, "true") == 0 ? _("Deleted") : _("Kept and changed"));
  else
    value_label = gtk_label_new (value != NULL ? value : _("(empty)"));
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_widget_add_css_class (value_label, "heading");
  if (value == NULL && !deleted_field)
    gtk_widget_add_css_class (value_label, "dim-label");

  /* Translators: %s lists who wrote the value, e.g. "you, on this device, mehmet" */
  held_by = g_strdup_printf (_("Written by %s"), holders);
  holders_label = gtk_label_new (held_by);
  gtk_label_set_wrap (GTK_LABEL (holders_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (holders_label), 0);
  gtk_widget_add_css_class (holders_label, "caption");
  gtk_widget_add_css_class (holders_label, "dim-label");
  {
    g_autofree char *holders_name = g_strdup_printf ("holders:%s:%s:%u", id, field, n);

    gtk_widget_set_name (holders_label, holders_name);
  }
  set_target (holders_label, entity, id, field, value);
  g_object_set_data_full (G_OBJECT (holders_label), "saha-held-by", g_strdup (held_by), g_free);
  g_object_set_data_full (G_OBJECT (holders_label), "saha-replicas",
                          candidate_replicas (record, field, value), (GDestroyNotify) g_strfreev);
  g_ptr_array_add (self->holders_labels, g_object_ref (holders_label));

  if (deleted_field)
    button = gtk_button_new_with_label (g_strcmp0 (value, "true") == 0 ? _("Delete") : _("Keep"));
  else
    button = gtk_button_new_with_label (_("Use This"));
  if (deleted_field && g_strcmp0 (value, "true") == 0)
    gtk_widget_add_css_class (button, "destructive-action");
  else
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_valign (button, GTK_ALIGN_END);
  gtk_widget_set_vexpand (button, TRUE);
  gtk_widget_set_name (button, name);
  set_target (button, entity, id, field, value);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (pick_clicked), self);

  gtk_widget_set_margin_top (value_label, 12);
  gtk_widget_set_margin_start (value_label, 12);
  gtk_widget_set_margin_end (value_label, 12);
  gtk_widget_set_margin_start (holders_label, 12);
  gtk_widget_set_margin_end (holders_label, 12);
  gtk_widget_set_margin_start (button, 12);
  gtk_widget_set_margin_bottom (button, 12);
  gtk_box_append (GTK_BOX (card), value_label);
  gtk_box_append (GTK_BOX (card), holders_label);
  gtk_box_append (GTK_BOX (card), button);
  return card;
}

static void
add_field (SahaConflictsPage   *self,
           GHashTable          *who,
           AdwPreferencesGroup *group,
           SahaRecord          *record,
           const char          *field)
{
  const SahaEntityDef *entity = saha_record_get_entity (record);
  const char *id = saha_record_get_id (record);
  gboolean deleted_field = g_strcmp0 (field, SAHA_DELETED_FIELD) == 0;
  g_autoptr(GPtrArray) values = saha_record_candidate_values (record, field);
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW, "activatable", FALSE,
                                 "title", deleted_field ? _("Deleted") : field_label (entity, field),
                                 NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading;
  GtkWidget *cards = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  heading = gtk_label_new (deleted_field
                           ? _("Deleted on one device and changed on another")
                           : field_label (entity, field));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_box_set_homogeneous (GTK_BOX (cards), TRUE);

  for (guint i = 0; values != NULL && i < values->len; i++)
    gtk_box_append (GTK_BOX (cards),
                    candidate_card (self, who, record, field, g_ptr_array_index (values, i), i));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), cards);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_group_add (group, row);

  /* A third value is allowed, except for "deleted", which is yes or no. */
  if (!deleted_field)
    {
      GtkWidget *other = adw_entry_row_new ();
      g_autofree char *name = g_strdup_printf ("other:%s:%s", id, field);
      g_autofree char *title = g_strdup_printf (_("Another value for %s"),
                                                field_label (entity, field));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (other), title);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (other), TRUE);
      gtk_widget_set_name (other, name);
      set_target (other, entity->name, id, field, NULL);
      g_signal_connect_swapped (other, "apply", G_CALLBACK (other_applied), self);
      adw_preferences_group_add (group, other);
    }
}

static void
add_conflict (SahaConflictsPage *self,
              GHashTable        *who,
              SahaRecord        *record)
{
  g_autoptr(GPtrArray) fields = saha_record_conflicted_fields (record);
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = record_title (saha_record_get_entity (record)->name, record,
                                         saha_record_get_id (record));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Changed on two devices before they synced: "
                                           "choose what to keep."));
  for (guint i = 0; i < fields->len; i++)
    add_field (self, who, ADW_PREFERENCES_GROUP (group), record, g_ptr_array_index (fields, i));

  gtk_box_append (self->conflicts_box, group);
}

/* Refused pushes */

static void
save_fix (SahaConflictsPage *self,
          GtkWidget         *row,
          const char        *value)
{
  Target *target = get_target (row);
  SahaFieldInput input = { target->field, value };
  g_autoptr(GError) error = NULL;

  if (!saha_store_update (self->store, target->entity, target->id, &input, 1, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      gtk_widget_add_css_class (row, "error");
      show_toast (self, message);
      return;
    }

  gtk_widget_remove_css_class (row, "error");
  show_toast (self, _("Saved; it is sent again with the next sync"));
  /* The sidebar's count shows the outcome at once, not after the store's announcement. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.wrote", NULL);
}

static void
fix_applied (SahaConflictsPage *self,
             AdwEntryRow       *row)
{
  save_fix (self, GTK_WIDGET (row), gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
fix_chosen (AdwComboRow       *row,
            GParamSpec        *pspec,
            SahaConflictsPage *self)
{
  Target *target = get_target (GTK_WIDGET (row));
  const char *value = saha_choice_list_value (target->entity, target->field,
                                              adw_combo_row_get_selected (row), NULL);

  if (value != NULL)
    save_fix (self, GTK_WIDGET (row), value);
}

/* A choice field is fixed by picking among its labels ("Company"), never by typing the
 * stored word; a value this version does not know stays an entry. */
static GtkWidget *
fix_row (const SahaEntityDef *entity,
         const SahaFieldDef  *def,
         const char          *value)
{
  GtkWidget *edit;
  guint position = GTK_INVALID_LIST_POSITION;

  if (def->type == SAHA_FIELD_ENUM && value != NULL)
    position = saha_choice_list_position (entity->name, def->name, value);

  if (def->type == SAHA_FIELD_ENUM && position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(GtkStringList) labels = saha_choice_list_new (entity->name, def->name, NULL);

      edit = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (edit), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (edit), position);
    }
  else
    {
      edit = adw_entry_row_new ();
      gtk_editable_set_text (GTK_EDITABLE (edit), value != NULL ? value : "");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (edit), TRUE);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (edit), _(def->label));
  return edit;
}

static void
retry_clicked (SahaConflictsPage *self,
               GtkButton         *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.sync", NULL);
}

/* How a discard is done: saha_store_discard_rejected() or saha_store_discard_set_aside(). */
typedef gboolean (*DiscardFunc) (SahaStore   *store,
                                 const char  *entity,
                                 const char  *id,
                                 GError     **error);

static void
discard_response (AdwMessageDialog  *dialog,
                  const char        *response,
                  SahaConflictsPage *self)
{
  Target *target = get_target (GTK_WIDGET (dialog));
  DiscardFunc discard = (DiscardFunc) g_object_get_data (G_OBJECT (dialog), "saha-discard");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "discard") != 0)
    return;

  if (!discard (self->store, target->entity, target->id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not discarded: %s"), error->message);

      show_toast (self, message);
      return;
    }

  resolved (self, g_object_get_data (G_OBJECT (dialog), "saha-discarded"));
}

/* Asks before a destructive discard of @button's record; its "discard" answer runs
 * @discard and tells @discarded. */
static void
ask_discard (SahaConflictsPage *self,
             GtkButton         *button,
             const char        *heading,
             const char        *body,
             DiscardFunc        discard,
             const char        *discarded,
             const char        *dialog_name)
{
  Target *target = get_target (GTK_WIDGET (button));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  set_target (dialog, target->entity, target->id, NULL, NULL);
  g_object_set_data (G_OBJECT (dialog), "saha-discard", (gpointer) discard);
  g_object_set_data_full (G_OBJECT (dialog), "saha-discarded", g_strdup (discarded), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response), self, 0);
  gtk_widget_set_name (dialog, dialog_name);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
discard_clicked (SahaConflictsPage *self,
                 GtkButton         *button)
{
  ask_discard (self, button, _("Discard Your Changes?"),
               _("Your changes to this record are thrown away and the "
                 "server’s version is fetched again with the next sync. "
                 "Your other changes are kept."),
               saha_store_discard_rejected,
               _("Discarded; the server’s version comes back with the next sync"),
               "discard-dialog");
}

static GtkWidget *
action_button (SahaConflictsPage *self,
               const char        *label,
               const char        *name_prefix,
               const SahaStoreRejection *rejection,
               GCallback          callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autofree char *name = g_strdup_printf ("%s:%s", name_prefix, rejection->id);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, name);
  set_target (button, rejection->entity, rejection->id, NULL, NULL);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

/* @record: the refused record as the worker read it (NULL: not in the replica). */
static void
add_rejection (SahaConflictsPage        *self,
               AdwPreferencesGroup      *group,
               const SahaStoreRejection *rejection,
               SahaRecord               *record)
{
  const SahaEntityDef *entity = saha_schema_lookup (rejection->entity);
  g_autofree char *title = NULL;
  g_autofree char *detail_name = g_strdup_printf ("server-message:%s", rejection->id);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *detail = adw_action_row_new ();
  GtkWidget *retry;
  GtkWidget *discard;

  if (entity == NULL)
    record = NULL;
  title = record_title (rejection->entity, record, rejection->id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The server words its refusals in English for logs and scripts; its stable code says
   * what they mean in the user's language, and its own words are the detail inside. */
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), saha_refusal_describe (rejection->code));
  gtk_widget_set_name (row, rejection->id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (detail), _("The server’s words"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (detail), rejection->message);
  gtk_widget_set_name (detail, detail_name);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail);

  retry = action_button (self, _("_Retry"), "retry", rejection, G_CALLBACK (retry_clicked));
  gtk_widget_set_tooltip_text (retry, _("Sync again, sending the record as it is now"));
  discard = action_button (self, _("_Discard…"), "discard", rejection,
                           G_CALLBACK (discard_clicked));
  gtk_widget_add_css_class (discard, "destructive-action");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), discard);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), retry);

  /* Fix in place: each field the record can be edited in, as it is now. */
  for (guint i = 0; record != NULL && i < entity->n_fields; i++)
    {
      const SahaFieldDef *def = &entity->fields[i];
      GtkWidget *edit;
      g_autofree char *name = NULL;
      const char *value;

      if (def->type == SAHA_FIELD_REFERENCE)
        continue;

      value = saha_record_get (record, def->name);
      edit = fix_row (entity, def, value);
      name = g_strdup_printf ("fix:%s:%s", rejection->id, def->name);
      gtk_widget_set_name (edit, name);
      set_target (edit, rejection->entity, rejection->id, def->name, NULL);
      if (ADW_IS_COMBO_ROW (edit))
        g_signal_connect_object (edit, "notify::selected", G_CALLBACK (fix_chosen), self, 0);
      else
        g_signal_connect_swapped (edit, "apply", G_CALLBACK (fix_applied), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), edit);
    }

  adw_preferences_group_add (group, row);
}

/* Set-aside edits */

static void
retry_set_aside_clicked (SahaConflictsPage *self,
                         GtkButton         *button)
{
  Target *target = get_target (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;

  if (!saha_store_retry_set_aside (self->store, target->entity, target->id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not retried: %s"), error->message);

      show_toast (self, message);
      return;
    }

  resolved (self, _("Given back; sent with the next sync"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.sync", NULL);
}

static void
discard_set_aside_clicked (SahaConflictsPage *self,
                           GtkButton         *button)
{
  ask_discard (self, button, _("Discard the Changes Set Aside?"),
               _("They are thrown away and never sent. The record as "
                 "the server has it stays."),
               saha_store_discard_set_aside, _("Discarded"), "discard-set-aside-dialog");
}

/* Why the edits wait, and what gives them back. */
static char *
set_aside_subtitle (const SahaStoreSetAside *entry,
                    const char              *user,
                    gboolean                 returned)
{
  if (g_strcmp0 (entry->reason, "revoked") != 0 || g_strcmp0 (entry->made_by, user) != 0)
    {
      if (*entry->made_by == '\0')
        return g_strdup (_("Made by an earlier user of this device; sent only if you retry"));
      /* Translators: %s is a user name, e.g. "Made by demo-rep; sent only if you retry" */
      return g_strdup_printf (_("Made by %s; sent only if you retry"), entry->made_by);
    }
  if (returned)
    return g_strdup (_("Assigned to you again but changed meanwhile: Retry keeps both values "
                       "for you to choose"));
  return g_strdup (_("No longer assigned to you: kept here, and given back when it is "
                     "assigned to you again"));
}

static gboolean
written_here (const char *replica_id,
              SahaRecord *record,
              const char *field)
{
  guint n = 0;
  const SahaCandidate *candidates = saha_record_get_candidates (record, field, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (candidates[i].dot.replica, replica_id) == 0)
      return TRUE;
  return FALSE;
}

/* @live: the record as the replica holds it now (NULL: it does not), @user: the signed-in
 * user, @replica_id: this device's; all read on the worker. */
static void
add_set_aside (SahaConflictsPage       *self,
               AdwPreferencesGroup     *group,
               const SahaStoreSetAside *entry,
               SahaRecord              *live,
               const char              *user,
               const char              *replica_id,
               GPtrArray               *rejections)
{
  const SahaEntityDef *entity = saha_record_get_entity (entry->state);
  g_autofree char *title = record_title (entry->entity, entry->state, entry->id);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("set-aside:%s", entry->id);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *retry;
  GtkWidget *discard;

  subtitle = set_aside_subtitle (entry, user, live != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_name (row, name);

  retry = gtk_button_new_with_mnemonic (_("_Retry"));
  g_free (name);
  name = g_strdup_printf ("retry-set-aside:%s", entry->id);
  gtk_widget_set_name (retry, name);
  gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
  set_target (retry, entry->entity, entry->id, NULL, NULL);
  g_signal_connect_swapped (retry, "clicked", G_CALLBACK (retry_set_aside_clicked), self);
  /* Out of scope, the server would refuse it: it comes back by itself. */
  gtk_widget_set_sensitive (retry, g_strcmp0 (entry->reason, "revoked") != 0 || live != NULL);
  gtk_widget_set_tooltip_text (retry, _("Put these changes back into the record and send "
                                        "them with the next sync"));

  discard = gtk_button_new_with_mnemonic (_("_Discard…"));
  g_free (name);
  name = g_strdup_printf ("discard-set-aside:%s", entry->id);
  gtk_widget_set_name (discard, name);
  gtk_widget_set_valign (discard, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (discard, "destructive-action");
  set_target (discard, entry->entity, entry->id, NULL, NULL);
  g_signal_connect_swapped (discard, "clicked", G_CALLBACK (discard_set_aside_clicked), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), discard);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), retry);

  for (guint i = 0; rejections != NULL && i < rejections->len; i++)
    {
      const SahaStoreRejection *rejection = g_ptr_array_index (rejections, i);
      GtkWidget *refusal;
      g_autofree char *text = NULL;

      if (!g_str_equal (rejection->id, entry->id) || !g_str_equal (rejection->entity, entry->entity))
        continue;
      refusal = adw_action_row_new ();
      /* Translators: what the refusal means, then the server's own words (in English) */
      text = g_strdup_printf (_("%s — %s"), saha_refusal_describe (rejection->code),
                              rejection->message);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (refusal), _("Refused by the Server"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (refusal), text);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), refusal);
    }

  /* The values set aside: those that differ from the record as it is now or, when the
   * replica does not hold it, those written on this device. */
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const SahaFieldDef *def = &entity->fields[i];
      const char *value = saha_record_get (entry->state, def->name);
      GtkWidget *field_row;

      if (def->type == SAHA_FIELD_REFERENCE || value == NULL)
        continue;
      if (live != NULL ? g_strcmp0 (value, saha_record_get (live, def->name)) == 0
                       : !written_here (replica_id, entry->state, def->name))
        continue;
      field_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field_row), _(def->label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (field_row),
                                   def->type == SAHA_FIELD_ENUM
                                   ? saha_schema_choice_label (entity->name, def->name, value)
                                   : value);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), field_row);
    }

  adw_preferences_group_add (group, row);
}

static gboolean
is_set_aside (GPtrArray                *set_aside,
              const SahaStoreRejection *rejection)
{
  for (guint i = 0; set_aside != NULL && i < set_aside->len; i++)
    {
      const SahaStoreSetAside *entry = g_ptr_array_index (set_aside, i);

      if (g_str_equal (entry->id, rejection->id) && g_str_equal (entry->entity, rejection->entity))
        return TRUE;
    }
  return FALSE;
}

/* Everything the page shows, read on a worker. */
typedef struct
{
  GPtrArray  *conflicts;    /* SahaRecord*, or NULL when they could not be read */
  GPtrArray  *rejections;   /* SahaStoreRejection* */
  GPtrArray  *refused;      /* SahaRecord* or NULL: the record of each rejection */
  GPtrArray  *set_aside;
  GPtrArray  *live;         /* SahaRecord* or NULL: each set-aside record as it is now */
  GHashTable *who;          /* replica id -> who wrote with it (replica_text()) */
  char       *user;
  char       *replica_id;
} Lists;

static void
lists_free (Lists *lists)
{
  g_clear_pointer (&lists->conflicts, g_ptr_array_unref);
  g_clear_pointer (&lists->rejections, g_ptr_array_unref);
  g_clear_pointer (&lists->refused, g_ptr_array_unref);
  g_clear_pointer (&lists->set_aside, g_ptr_array_unref);
  g_clear_pointer (&lists->live, g_ptr_array_unref);
  g_clear_pointer (&lists->who, g_hash_table_unref);
  g_free (lists->user);
  g_free (lists->replica_id);
  g_free (lists);
}

/* The lists hold NULL for a record the replica does not hold. */
static void
record_unref_or_null (gpointer record)
{
  if (record != NULL)
    saha_record_unref (record);
}

static SahaRecord *
get_or_null (SahaStore  *store,
             const char *entity,
             const char *id)
{
  return saha_schema_lookup (entity) != NULL ? saha_store_get (store, entity, id, NULL) : NULL;
}

/* Who wrote each value of the conflicts, as the cards say it. */
static void
read_writers (SahaStore *store,
              Lists     *lists)
{
  for (guint i = 0; lists->conflicts != NULL && i < lists->conflicts->len; i++)
    {
      SahaRecord *record = g_ptr_array_index (lists->conflicts, i);
      g_autoptr(GPtrArray) fields = saha_record_conflicted_fields (record);

      for (guint f = 0; f < fields->len; f++)
        {
          const SahaCandidate *candidates;
          guint n = 0;

          candidates = saha_record_get_candidates (record, g_ptr_array_index (fields, f), &n);
          for (guint c = 0; c < n; c++)
            if (!g_hash_table_contains (lists->who, candidates[c].dot.replica))
              g_hash_table_insert (lists->who, g_strdup (candidates[c].dot.replica),
                                   replica_text (store, candidates[c].dot.replica));
        }
    }
}

/* The three lists, each read on its own (one failing leaves the others), and what their
 * rows need besides. */
static gpointer
read_lists (SahaStore     *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Lists *lists = g_new0 (Lists, 1);
  g_autoptr(GError) local_error = NULL;

  lists->who = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lists->refused = g_ptr_array_new_with_free_func (record_unref_or_null);
  lists->live = g_ptr_array_new_with_free_func (record_unref_or_null);
  lists->user = saha_store_get_setting (store, "user");
  lists->replica_id = g_strdup (saha_store_get_replica_id (store));

  lists->conflicts = saha_store_list_conflicts (store, &local_error);
  if (lists->conflicts == NULL)
    {
      g_warning ("Cannot list the conflicts: %s", local_error->message);
      g_clear_error (&local_error);
    }
  read_writers (store, lists);
  lists->rejections = saha_store_sync_list_rejections (store, &local_error);
  if (lists->rejections == NULL)
    {
      g_warning ("Cannot list the refused pushes: %s", local_error->message);
      g_clear_error (&local_error);
    }
  for (guint i = 0; lists->rejections != NULL && i < lists->rejections->len; i++)
    {
      const SahaStoreRejection *rejection = g_ptr_array_index (lists->rejections, i);

      g_ptr_array_add (lists->refused, get_or_null (store, rejection->entity, rejection->id));
    }
  lists->set_aside = saha_store_list_set_aside (store, &local_error);
  if (lists->set_aside == NULL)
    g_warning ("Cannot list the edits set aside: %s", local_error->message);
  for (guint i = 0; lists->set_aside != NULL && i < lists->set_aside->len; i++)
    {
      const SahaStoreSetAside *entry = g_ptr_array_index (lists->set_aside, i);

      g_ptr_array_add (lists->live, get_or_null (store, entry->entity, entry->id));
    }

  return lists;
}

static void
show_lists (SahaConflictsPage *self,
            Lists             *lists)
{
  GPtrArray *conflicts, *rejections, *set_aside;
  guint n_total;

  conflicts = lists->conflicts;
  rejections = lists->rejections;
  set_aside = lists->set_aside;

  remove_children (self->conflicts_box);
  remove_children (self->rejections_box);
  remove_children (self->set_aside_box);
  self->n_conflicts = 0;
  self->n_rejections = 0;
  self->n_set_aside = 0;

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    add_conflict (self, lists->who, g_ptr_array_index (conflicts, i));
  self->n_conflicts = conflicts != NULL ? conflicts->len : 0;

  /* A refused record whose edits are set aside is listed once, with them. */
  for (guint i = 0; rejections != NULL && i < rejections->len; i++)
    {
      const SahaStoreRejection *rejection = g_ptr_array_index (rejections, i);
      GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (self->rejections_box));

      if (is_set_aside (set_aside, rejection))
        continue;
      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Refused by the Server"));
          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                                 _("These changes stay on this device until they "
                                                   "are fixed and synced again, or discarded."));
          gtk_box_append (self->rejections_box, group);
        }
      add_rejection (self, ADW_PREFERENCES_GROUP (group), rejection,
                     g_ptr_array_index (lists->refused, i));
      self->n_rejections++;
    }

  if (set_aside != NULL && set_aside->len > 0)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Set Aside"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("Changes kept on this device and not sent: the "
                                               "record was assigned to someone else, or they "
                                               "were made by another user of this device."));
      for (guint i = 0; i < set_aside->len; i++)
        add_set_aside (self, ADW_PREFERENCES_GROUP (group), g_ptr_array_index (set_aside, i),
                       g_ptr_array_index (lists->live, i), lists->user, lists->replica_id,
                       rejections);
      gtk_box_append (self->set_aside_box, group);
      self->n_set_aside = set_aside->len;
    }

  n_total = self->n_conflicts + self->n_rejections + self->n_set_aside;
  if (n_total > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u record to look at",
                                                             "%u records to look at",
                                                             n_total),
                                                   n_total);

      adw_window_title_set_subtitle (self->title, subtitle);
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  else
    {
      adw_window_title_set_subtitle (self->title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
}

static void
lists_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SahaConflictsPage *self = SAHA_CONFLICTS_PAGE (object);
  g_autoptr(GError) error = NULL;
  Lists *lists = saha_store_read_finish (result, &error);

  /* Superseded by a newer read: that one fills the page. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->lists_cancellable);
  update_loading (self);
  if (lists == NULL)
    {
      g_warning ("Cannot read the conflicts: %s", error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
      return;
    }
  g_ptr_array_set_size (self->holders_labels, 0);
  show_lists (self, lists);
  lists_free (lists);
  fetch_times_start (self);
}

static gboolean
retry_reload (gpointer user_data)
{
  SahaConflictsPage *self = user_data;

  self->retry_id = 0;
  saha_conflicts_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
saha_conflicts_page_reload_page (SahaPage *page)
{
  SahaConflictsPage *self = SAHA_CONFLICTS_PAGE (page);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->store == NULL)
    {
      remove_children (self->conflicts_box);
      remove_children (self->rejections_box);
      remove_children (self->set_aside_box);
      self->n_conflicts = self->n_rejections = self->n_set_aside = 0;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* A fix being typed on the page would be lost with its row: the page re-reads once
   * the typing is over. */
  if (focus != NULL && GTK_IS_EDITABLE (focus)
      && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    {
      self->retry_id = g_timeout_add_seconds (1, retry_reload, self);
      return;
    }

  /* Read on a worker; the page keeps what it shows until the lists land (the sidebar's
   * count follows a resolve at once through "win.wrote"). */
  saha_store_read_async (self, self->store, read_lists, NULL, NULL,
                         (GDestroyNotify) lists_free,
                         saha_store_read_restart (&self->lists_cancellable), lists_read, NULL);
  update_loading (self);
}

void
saha_conflicts_page_reload (SahaConflictsPage *self)
{
  g_return_if_fail (SAHA_IS_CONFLICTS_PAGE (self));
  saha_page_reload (SAHA_PAGE (self));
}

static void
saha_conflicts_page_store_set (SahaPage *page)
{
  SahaConflictsPage *self = SAHA_CONFLICTS_PAGE (page);

  g_set_object (&self->store, saha_page_get_store (page));
}

guint
saha_conflicts_page_get_n_conflicts (SahaConflictsPage *self)
{
  g_return_val_if_fail (SAHA_IS_CONFLICTS_PAGE (self), 0);
  return self->n_conflicts;
}

guint
saha_conflicts_page_get_n_rejections (SahaConflictsPage *self)
{
  g_return_val_if_fail (SAHA_IS_CONFLICTS_PAGE (self), 0);
  return self->n_rejections;
}

guint
saha_conflicts_page_get_n_set_aside (SahaConflictsPage *self)
{
  g_return_val_if_fail (SAHA_IS_CONFLICTS_PAGE (self), 0);
  return self->n_set_aside;
}

static void
saha_conflicts_page_dispose (GObject *object)
{
  SahaConflictsPage *self = SAHA_CONFLICTS_PAGE (object);

  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_CONFLICTS_PAGE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->times_cancellable != NULL)
    g_cancellable_cancel (self->times_cancellable);
  g_clear_object (&self->times_cancellable);
  if (self->lists_cancellable != NULL)
    g_cancellable_cancel (self->lists_cancellable);
  g_clear_object (&self->lists_cancellable);
  g_clear_pointer (&self->holders_labels, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_conflicts_page_parent_class)->dispose (object);
}

static void
saha_conflicts_page_class_init (SahaConflictsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_conflicts_page_dispose;
  page_class->store_set = saha_conflicts_page_store_set;
  page_class->reload = saha_conflicts_page_reload_page;
  /* Any entity may hold a conflict, a refused push or a set-aside edit: no list of
   * entities, the page listens to every change. */
  
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-conflicts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaConflictsPage, title);
  gtk_widget_class_bind_template_child (widget_class, SahaConflictsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SahaConflictsPage, conflicts_box);
  gtk_widget_class_bind_template_child (widget_class, SahaConflictsPage, rejections_box);
  gtk_widget_class_bind_template_child (widget_class, SahaConflictsPage, set_aside_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
saha_conflicts_page_init (SahaConflictsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->holders_labels = g_ptr_array_new_with_free_func (g_object_unref);
}
