/* saha-customers-view.c: SahaCustomersView, the searchable customer list beside the
 * selected customer's page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-customer-item.h"
#include "saha-customers-view.h"
#include "saha-record-editor.h"
#include "saha-segment-badge.h"

/* How long the replica must be quiet before the segments and the open customer are read
 * again after a change. */
#define DETAILS_DELAY_MS 2000

struct _SahaCustomersView
{
  SahaPage               parent_instance;

  SahaStore             *store;
  SahaCustomerListModel *model;
  SahaCustomerItem      *pending_item;   /* asked to open while its page was being read */
  guint                  details_source; /* segments and the open customer, after changes */
  gboolean               model_fresh;    /* made with the store, reading: no reload yet */

  AdwLeaflet            *leaflet;
  GtkWidget             *list_pane;
  AdwWindowTitle        *list_title;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *city_dropdown;
  GtkDropDown           *segment_dropdown;
  GtkToggleButton       *mine_button;
  GtkStack              *list_stack;
  GtkGridView           *list_view;
  AdwStatusPage         *empty_page;
  SahaCustomerPage      *customer_page;
};

G_DEFINE_FINAL_TYPE (SahaCustomersView, saha_customers_view, SAHA_TYPE_PAGE)

/*
 * The city filter offers Turkey's 81 provinces, in Turkish alphabetical order. The store
 * has no query for the distinct values of a field, and reading every customer to collect
 * them would defeat paging; the provinces are where nearly all of Saha's customers are.
 * A customer elsewhere is still found by typing the city into the search.
 */
static const char * const provinces[] = {
  "Adana", "Adıyaman", "Afyonkarahisar", "Ağrı", "Aksaray", "Amasya", "Ankara", "Antalya",
  "Ardahan", "Artvin", "Aydın", "Balıkesir", "Bartın", "Batman", "Bayburt", "Bilecik",
  "Bingöl", "Bitlis", "Bolu", "Burdur", "Bursa", "Çanakkale", "Çankırı", "Çorum",
  "Denizli", "Diyarbakır", "Düzce", "Edirne", "Elazığ", "Erzincan", "Erzurum", "Eskişehir",
  "Gaziantep", "Giresun", "Gümüşhane", "Hakkari", "Hatay", "Iğdır", "Isparta", "İstanbul",
  "İzmir", "Kahramanmaraş", "Karabük", "Karaman", "Kars", "Kastamonu", "Kayseri",
  "Kırıkkale", "Kırklareli", "Kırşehir", "Kilis", "Kocaeli", "Konya", "Kütahya", "Malatya",
  "Manisa", "Mardin", "Mersin", "Muğla", "Muş", "Nevşehir", "Niğde", "Ordu", "Osmaniye",
  "Rize", "Sakarya", "Samsun", "Siirt", "Sinop", "Sivas", "Şanlıurfa", "Şırnak",
  "Tekirdağ", "Tokat", "Trabzon", "Tunceli", "Uşak", "Van", "Yalova", "Yozgat",
  "Zonguldak",
};

G_STATIC_ASSERT (G_N_ELEMENTS (provinces) == 81);

static void
update_list_state (SahaCustomersView *self)
{
  guint n;
  g_autofree char *subtitle = NULL;
  gboolean filtered;

  if (self->model == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  filtered = (saha_customer_list_model_get_search (self->model) != NULL
                          || saha_customer_list_model_get_city (self->model) != NULL
                          || saha_customer_list_model_get_assigned_to (self->model) != NULL
                          || saha_customer_list_model_get_segment (self->model) != NULL);

  subtitle = g_strdup_printf (ngettext ("%u customer", "%u customers", n), n);
  adw_window_title_set_subtitle (self->list_title, subtitle);

  /* While the first count is read the list stays as it is rather than claim "none". */
  if (n > 0 || !saha_customer_list_model_get_loading (self->model))
    gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  if (filtered)
    {
      adw_status_page_set_title (self->empty_page, _("No Customers Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try another name, phone number or city, "
                                         "or clear the filters."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Customers Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Customers assigned to you arrive with the next sync."));
    }
}

static void
on_search_changed (SahaCustomersView *self)
{
  if (self->model == NULL)
    return;

  saha_customer_list_model_set_search (self->model,
                                       gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_list_state (self);
}

/* Enter in the search opens the first match: the quickest way to a customer whose name
 * the person knows. */
static void
on_search_activate (SahaCustomersView *self)
{
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    saha_customers_view_open (self, 0);
}

static void
on_city_selected (SahaCustomersView *self)
{
  guint selected = gtk_drop_down_get_selected (self->city_dropdown);

  if (self->model == NULL)
    return;

  /* Position 0 is "All cities". */
  saha_customer_list_model_set_city (self->model,
                                     selected >= 1 && selected != GTK_INVALID_LIST_POSITION
                                     ? provinces[selected - 1] : NULL);
  update_list_state (self);
}

static void
on_segment_selected (SahaCustomersView *self)
{
  guint selected = gtk_drop_down_get_selected (self->segment_dropdown);

  if (self->model == NULL)
    return;

  /* Position 0 is "All segments"; then saha_segment_badge_order without "none". */
  saha_customer_list_model_set_segment (self->model,
                                        selected >= 1 && selected != GTK_INVALID_LIST_POSITION
                                        ? saha_segment_to_string (saha_segment_badge_order[selected - 1])
                                        : NULL);
  update_list_state (self);
}

static void
on_mine_toggled (SahaCustomersView *self)
{
  g_autofree char *user = NULL;

  if (self->model == NULL)
    return;

  if (gtk_toggle_button_get_active (self->mine_button))
    user = saha_store_get_setting (self->store, "user");
  saha_customer_list_model_set_assigned_to (self->model, user);
  update_list_state (self);
}

static void
on_list_activate (SahaCustomersView *self,
                  guint              position)
{
  saha_customers_view_open (self, position);
}

static void
open_item (SahaCustomersView *self,
           SahaCustomerItem  *item)
{
  saha_customer_page_show_customer (self->customer_page, self->store,
                                    saha_customer_item_get_id (item));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customer_page));
}

static void
forget_pending_item (SahaCustomersView *self)
{
  if (self->pending_item == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->pending_item, self);
  g_clear_object (&self->pending_item);
}

static void
on_pending_item_loaded (SahaCustomersView *self)
{
  g_autoptr(SahaCustomerItem) item = g_steal_pointer (&self->pending_item);

  g_signal_handlers_disconnect_by_data (item, self);
  open_item (self, item);
}

void
saha_customers_view_open (SahaCustomersView *self,
                          guint              position)
{
  g_autoptr(SahaCustomerItem) item = NULL;
  GtkSelectionModel *selection;

  g_return_if_fail (SAHA_IS_CUSTOMERS_VIEW (self));

  if (self->model == NULL)
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (item == NULL)
    return;

  selection = gtk_grid_view_get_model (self->list_view);
  gtk_selection_model_select_item (selection, position, TRUE);

  forget_pending_item (self);
  if (saha_customer_item_get_loaded (item))
    {
      open_item (self, item);
      return;
    }

  /* A row clicked before its page arrived opens once it has. */
  self->pending_item = g_steal_pointer (&item);
  g_signal_connect_swapped (self->pending_item, "notify::loaded",
                            G_CALLBACK (on_pending_item_loaded), self);
}

void
saha_customers_view_open_customer (SahaCustomersView *self,
                                   const char        *id)
{
  g_return_if_fail (SAHA_IS_CUSTOMERS_VIEW (self));
  g_return_if_fail (id != NULL);

  if (self->store == NULL)
    return;
  forget_pending_item (self);
  saha_customer_page_show_customer (self->customer_page, self->store, id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customer_page));
}

static void
show_list_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SahaCustomersView *self = SAHA_CUSTOMERS_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
on_customer_created (SahaCustomersView *self,
                     const char        *id)
{
  saha_customers_view_reload (self);
  saha_customer_page_show_customer (self->customer_page, self->store, id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customer_page));
}

static void
new_customer_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SahaCustomersView *self = SAHA_CUSTOMERS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SahaRecordEditor *editor;

  if (self->store == NULL)
    return;

  editor = saha_record_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                   "customer", NULL, NULL);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_customer_created), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* A customer's 360° page, for the window's "win.open-customer". */
static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_customers_view_open_customer (SAHA_CUSTOMERS_VIEW (widget),
                                     g_variant_get_string (parameter, NULL));
}

/* The customer page wrote a customer (edited, deleted, restored): the list reads it too. */
static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaCustomersView *self = SAHA_CUSTOMERS_VIEW (widget);

  if (self->model != NULL)
    saha_customer_list_model_reload (self->model);
  update_list_state (self);
}

static void
focus_search_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SahaCustomersView *self = SAHA_CUSTOMERS_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The model reads as it is made. */
static void
make_model (SahaCustomersView *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  self->model = saha_customer_list_model_new (self->store);
  g_signal_connect_swapped (self->model, "notify::n-items", G_CALLBACK (update_list_state), self);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (update_list_state), self);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_list_state (self);
}

static void
saha_customers_view_store_set (SahaPage *page)
{
  SahaCustomersView *self = SAHA_CUSTOMERS_VIEW (page);
  SahaStore *store = saha_page_get_store (page);
  g_autofree char *user = NULL;

  g_set_object (&self->store, store);
  forget_pending_item (self);
  g_clear_handle_id (&self->details_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  gtk_grid_view_set_model (self->list_view, NULL);
  if (store == NULL)
    return;

  /* "Mine" means nothing until someone has signed in. */
  user = saha_store_get_setting (store, "user");
  gtk_widget_set_sensitive (GTK_WIDGET (self->mine_button), user != NULL && *user != '\0');
  /* The list is the page the window opens on: it reads as the store is set. */
  make_model (self);
  self->model_fresh = TRUE;
  if (user == NULL || *user == '\0')
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->mine_button),
                                 _("Sign in to see the customers assigned to you"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->mine_button),
                                 _("Show only the customers assigned to you"));
}

static gboolean
reload_details (gpointer user_data)
{
  SahaCustomersView *self = user_data;

  self->details_source = 0;
  saha_customers_view_reload (self);
  return G_SOURCE_REMOVE;
}

/* A change to the replica: the rows are read again now; the segments (every order of
 * every customer: half a second with 100,000) and the open customer once the replica has
 * been quiet for a while, as a sync lands a page every second. */
static void
saha_customers_view_reload_page (SahaPage *page)
{
  SahaCustomersView *self = SAHA_CUSTOMERS_VIEW (page);

  if (self->store == NULL)
    return;
  if (self->model_fresh)
    {
      self->model_fresh = FALSE;
      return;
    }

  saha_customer_list_model_reload_rows (self->model);
  update_list_state (self);
  g_clear_handle_id (&self->details_source, g_source_remove);
  self->details_source = g_timeout_add (DETAILS_DELAY_MS, reload_details, self);
}

SahaCustomerListModel *
saha_customers_view_get_model (SahaCustomersView *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMERS_VIEW (self), NULL);
  return self->model;
}

SahaCustomerPage *
saha_customers_view_get_page (SahaCustomersView *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMERS_VIEW (self), NULL);
  return self->customer_page;
}

GtkSearchEntry *
saha_customers_view_get_search_entry (SahaCustomersView *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMERS_VIEW (self), NULL);
  return self->search_entry;
}

void
saha_customers_view_reload (SahaCustomersView *self)
{
  g_return_if_fail (SAHA_IS_CUSTOMERS_VIEW (self));

  g_clear_handle_id (&self->details_source, g_source_remove);
  if (self->model == NULL)
    return;

  saha_customer_list_model_reload (self->model);
  saha_customer_page_reload (self->customer_page);
  update_list_state (self);
}

void
saha_customers_view_reload_rows (SahaCustomersView *self)
{
  g_return_if_fail (SAHA_IS_CUSTOMERS_VIEW (self));

  if (self->model == NULL)
    return;

  saha_customer_list_model_reload_rows (self->model);
  update_list_state (self);
}

static void
saha_customers_view_dispose (GObject *object)
{
  SahaCustomersView *self = SAHA_CUSTOMERS_VIEW (object);

  forget_pending_item (self);
  g_clear_handle_id (&self->details_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_CUSTOMERS_VIEW);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_customers_view_parent_class)->dispose (object);
}

static void
saha_customers_view_class_init (SahaCustomersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_customers_view_dispose;
  page_class->store_set = saha_customers_view_store_set;
  page_class->reload = saha_customers_view_reload_page;
  /* Every entity: the open customer shows orders, calls, visits, notes, tasks... */

  gtk_widget_class_install_action (widget_class, "customers.show-list", NULL,
                                   show_list_activated);
  gtk_widget_class_install_action (widget_class, "customers.focus-search", NULL,
                                   focus_search_activated);
  gtk_widget_class_install_action (widget_class, "customers.new-customer", NULL,
                                   new_customer_activated);
  gtk_widget_class_install_action (widget_class, "customers.reload", NULL, reload_activated);
  gtk_widget_class_install_action (widget_class, "customers.open", "s", open_activated);

  g_type_ensure (SAHA_TYPE_CUSTOMER_ITEM);
  g_type_ensure (SAHA_TYPE_CUSTOMER_PAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-customers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, list_title);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, city_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, segment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, mine_button);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomersView, customer_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_city_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_segment_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_mine_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
}

static void
saha_customers_view_init (SahaCustomersView *self)
{
  g_autoptr(GtkStringList) cities = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) segments = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (cities, _("All cities"));
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    gtk_string_list_append (cities, provinces[i]);

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->city_dropdown, expression);
  gtk_drop_down_set_model (self->city_dropdown, G_LIST_MODEL (cities));

  gtk_string_list_append (segments, _("All segments"));
  for (guint i = 0; saha_segment_badge_order[i] != SAHA_SEGMENT_NONE; i++)
    gtk_string_list_append (segments, saha_segment_badge_label (saha_segment_badge_order[i]));
  gtk_drop_down_set_model (self->segment_dropdown, G_LIST_MODEL (segments));
}
