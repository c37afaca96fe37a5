/* saha-profitability-page.c: SahaProfitabilityPage, the office's view of who earns money
 * and who costs it over a period.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-list-box.h"
#include "saha-money-display.h"
#include "saha-profitability-page.h"
#include "saha-store-analytics.h"

struct _SahaProfitabilityPage
{
  SahaPage       parent_instance;

  SahaStore     *store;
  GSettings     *settings;
  GCancellable  *cancellable;

  GtkEntry      *from_entry;
  GtkEntry      *to_entry;
  GtkLabel      *summary_label;
  GtkListBox    *earners_list;
  GtkListBox    *losers_list;
};

G_DEFINE_FINAL_TYPE (SahaProfitabilityPage, saha_profitability_page, SAHA_TYPE_PAGE)

typedef struct
{
  char      *path;
  char      *from;
  char      *to;
  gint64     hourly_rate;
  GPtrArray *profits;   /* SahaCustomerProfit*, by profit descending */
} Computation;

static void
computation_free (Computation *computation)
{
  g_free (computation->path);
  g_free (computation->from);
  g_free (computation->to);
  g_clear_pointer (&computation->profits, g_ptr_array_unref);
  g_free (computation);
}

/* A profit over every order and call of every customer: seconds on a big replica, so
 * a worker thread with its own connection does it. */
static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Computation *computation = task_data;
  g_autoptr(SahaStore) store = NULL;
  GError *error = NULL;

  store = saha_store_open (computation->path, &error);
  if (store != NULL)
    computation->profits = saha_store_compute_profitability (store, computation->from,
                                                             computation->to,
                                                             computation->hourly_rate, &error);
  if (computation->profits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static char *
money_text (gint64 minor)
{
  g_autofree char *canonical = saha_money_format (minor);

  return saha_money_display (canonical, NULL, saha_money_style_default ());
}

static void
add_profit_row (GtkListBox               *list,
                const SahaCustomerProfit *profit)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount;
  g_autofree char *revenue = money_text (profit->revenue);
  g_autofree char *cost = money_text (profit->cost);
  g_autofree char *service = money_text (profit->service_cost);
  g_autofree char *profit_text = money_text (profit->profit);
  g_autofree char *subtitle = NULL;

  /* Translators: revenue, total cost, and the part of the cost that was service work */
  subtitle = g_strdup_printf (_("Revenue %s · cost %s (service %s)"), revenue, cost, service);
  gtk_widget_set_name (row, "profit-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), profit->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  amount = gtk_label_new (profit_text);
  gtk_widget_set_name (amount, "profit");
  gtk_widget_set_valign (amount, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (amount, "numeric");
  gtk_widget_add_css_class (amount, "heading");
  gtk_widget_add_css_class (amount, profit->profit < 0 ? "error" : "success");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
  gtk_list_box_append (list, row);
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

static void
compute_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SahaProfitabilityPage *self = SAHA_PROFITABILITY_PAGE (source);
  Computation *computation = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint n_earners = 0, n_losers = 0;
  gint64 total = 0;
  g_autofree char *total_text = NULL;
  g_autofree char *rate_text = NULL;
  g_autofree char *summary = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  saha_list_box_remove_all (self->earners_list);
  saha_list_box_remove_all (self->losers_list);
  saha_page_set_loading (SAHA_PAGE (self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_label (self->summary_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");

  for (guint i = 0; i < computation->profits->len; i++)
    {
      SahaCustomerProfit *profit = g_ptr_array_index (computation->profits, i);

      total += profit->profit;
      if (profit->profit > 0 && n_earners < SAHA_PROFITABILITY_LIMIT)
        {
          add_profit_row (self->earners_list, profit);
          n_earners++;
        }
    }
  /* The list is by profit descending: the ones who cost most are at its end. */
  for (guint i = computation->profits->len; i > 0 && n_losers < SAHA_PROFITABILITY_LIMIT; i--)
    {
      SahaCustomerProfit *profit = g_ptr_array_index (computation->profits, i - 1);

      if (profit->profit >= 0)
        break;
      add_profit_row (self->losers_list, profit);
      n_losers++;
    }

  if (n_earners == 0)
    add_placeholder (self->earners_list, _("No customer earned money in this period"));
  if (n_losers == 0)
    add_placeholder (self->losers_list, _("No customer cost money in this period"));

  total_text = money_text (total);
  rate_text = money_text (computation->hourly_rate);
  /* Translators: the profit of all customers, and the hourly labour rate used */
  summary = g_strdup_printf (_("Profit of all customers: %s · labour at %s an hour"),
                             total_text, rate_text);
  gtk_label_set_label (self->summary_label, summary);
}

static char *
entry_date (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
saha_profitability_page_reload_page (SahaPage *page)
{
  SahaProfitabilityPage *self = SAHA_PROFITABILITY_PAGE (page);
  g_autoptr(GTask) task = NULL;
  g_autofree char *rate = NULL;
  Computation *computation;

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  computation = g_new0 (Computation, 1);
  computation->path = g_strdup (saha_store_get_path (self->store));
  computation->from = entry_date (self->from_entry);
  computation->to = entry_date (self->to_entry);
  /* The preferences keep the rate canonical ("850.00"); an unset one leaves labour out. */
  rate = g_settings_get_string (self->settings, "hourly-rate");
  if (*rate == '\0' || !saha_money_parse (rate, &computation->hourly_rate, NULL))
    computation->hourly_rate = 0;

  saha_page_set_loading (SAHA_PAGE (self), TRUE);
  gtk_label_set_label (self->summary_label, _("Working it out…"));
  task = g_task_new (self, self->cancellable, compute_done, NULL);
  g_task_set_task_data (task, computation, (GDestroyNotify) computation_free);
  g_task_run_in_thread (task, compute_thread);
}

void
saha_profitability_page_reload (SahaProfitabilityPage *self)
{
  g_return_if_fail (SAHA_IS_PROFITABILITY_PAGE (self));
  saha_page_reload (SAHA_PAGE (self));
}

static void
saha_profitability_page_store_set (SahaPage *page)
{
  SahaProfitabilityPage *self = SAHA_PROFITABILITY_PAGE (page);
  SahaStore *store = saha_page_get_store (page);

  g_set_object (&self->store, store);
}

static void
saha_profitability_page_dispose (GObject *object)
{
  SahaProfitabilityPage *self = SAHA_PROFITABILITY_PAGE (object);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_PROFITABILITY_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (saha_profitability_page_parent_class)->dispose (object);
}

static void
saha_profitability_page_class_init (SahaProfitabilityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_profitability_page_dispose;
  page_class->store_set = saha_profitability_page_store_set;
  page_class->reload = saha_profitability_page_reload_page;
  /* Every order, call and visit with their lines, parts and customers. */
  saha_page_class_set_entities (page_class, "order", "order_line", "service_call", "service_part", "visit", "customer", "product", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-profitability-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaProfitabilityPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaProfitabilityPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaProfitabilityPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaProfitabilityPage, earners_list);
  gtk_widget_class_bind_template_child (widget_class, SahaProfitabilityPage, losers_list);
  gtk_widget_class_bind_template_callback (widget_class, saha_profitability_page_reload);
}

static void
saha_profitability_page_init (SahaProfitabilityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
}
