/* saha-schema.c: the entity table of DESIGN.md: entities, fields, choices and their labels.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "saha-schema.h"
#include "saha-signature.h"

#define MULTILINE_MAX_LENGTH 10000
#define NAME_MAX_LENGTH 64

G_DEFINE_QUARK (saha-core-error-quark, saha_core_error)

static const char * const kind_choices[] = { "company", "person", NULL };
static const char * const channel_choices[] = { "phone", "sms", "email", "visit", NULL };
static const char * const language_choices[] = { "tr", "en", NULL };
static const char * const vat_choices[] = { "0", "1", "10", "20", NULL };
static const char * const order_status_choices[] = {
  "draft", "quote", "confirmed", "delivered", "cancelled", NULL
};
static const char * const priority_choices[] = { "low", "normal", "high", "urgent", NULL };
static const char * const call_status_choices[] = {
  "new", "assigned", "travelling", "on_site", "resolved", "closed", "cancelled", NULL
};
static const char * const purpose_choices[] = {
  "sales", "service", "collection", "other", NULL
};
static const char * const note_channel_choices[] = {
  "call", "email", "sms", "visit", "complaint", "other", NULL
};
static const char * const direction_choices[] = { "in", "out", NULL };
static const char * const note_status_choices[] = { "open", "resolved", NULL };
/* The named RFM segments of docs/crm.md, best first; "none" is only ever computed. */
static const char * const segment_choices[] = {
  "champions", "loyal", "potential", "new", "at_risk", "hibernating", "lost", NULL
};
static const char * const task_related_choices[] = {
  "note", "order", "service_call", "visit", NULL
};
static const char * const campaign_status_choices[] = { "draft", "active", "closed", NULL };
static const char * const consent_purpose_choices[] = {
  "marketing_phone", "marketing_sms", "marketing_email", "marketing_visit", "processing", NULL
};
static const char * const consent_state_choices[] = { "given", "withdrawn", NULL };
static const char * const consent_method_choices[] = {
  "form", "phone", "email", "in_person", NULL
};

/* What the choices are called in the interface, in the order of the choices above, with
 * the translation context that tells translators which list a word belongs to; the
 * dropdowns, rows and filters of the app are built from these. */
typedef struct
{
  const char * const *choices;
  const char         *context;   /* NULL: no context */
  const char * const  labels[8];
} ChoiceLabels;

static const ChoiceLabels choice_labels[] = {
  { kind_choices, "customer kind",
    { NC_("customer kind", "Company"), NC_("customer kind", "Person") } },
  { channel_choices, "contact channel",
    { NC_("contact channel", "Phone"), NC_("contact channel", "SMS"),
      NC_("contact channel", "E-mail"), NC_("contact channel", "Visit") } },
  { language_choices, NULL, { N_("Turkish"), N_("English") } },
  { order_status_choices, "order status",
    { NC_("order status", "Draft"), NC_("order status", "Quote"),
      NC_("order status", "Confirmed"), NC_("order status", "Delivered"),
      NC_("order status", "Cancelled") } },
  { priority_choices, "priority",
    { NC_("priority", "Low priority"), NC_("priority", "Normal priority"),
      NC_("priority", "High priority"), NC_("priority", "Urgent") } },
  { call_status_choices, "service call status",
    { NC_("service call status", "New"), NC_("service call status", "Assigned"),
      NC_("service call status", "Travelling"), NC_("service call status", "On site"),
      NC_("service call status", "Resolved"), NC_("service call status", "Closed"),
      NC_("service call status", "Cancelled") } },
  { purpose_choices, "visit purpose",
    { NC_("visit purpose", "Sales visit"), NC_("visit purpose", "Service visit"),
      NC_("visit purpose", "Collection visit"), NC_("visit purpose", "Visit") } },
  { note_channel_choices, "note channel",
    { NC_("note channel", "Call"), NC_("note channel", "E-mail"), NC_("note channel", "SMS"),
      NC_("note channel", "Visit"), NC_("note channel", "Complaint"),
      NC_("note channel", "Note") } },
  { consent_purpose_choices, "consent purpose",
    { NC_("consent purpose", "Marketing calls"), NC_("consent purpose", "Marketing SMS"),
      NC_("consent purpose", "Marketing e-mail"), NC_("consent purpose", "Marketing visits"),
      NC_("consent purpose", "Processing of personal data") } },
  { consent_state_choices, "consent state",
    { NC_("consent state", "Given"), NC_("consent state", "Withdrawn") } },
  { consent_method_choices, "consent method",
    { NC_("consent method", "Signed form"), NC_("consent method", "By phone"),
      NC_("consent method", "By e-mail"), NC_("consent method", "In person") } },
};

#define REQ SAHA_FIELD_FLAG_REQUIRED
#define SEARCH SAHA_FIELD_FLAG_SEARCHABLE

#define TEXT_FIELD(n, fl, fmt, len, lbl) \
  { .name = n, .type = SAHA_FIELD_TEXT, .flags = fl, .format = fmt, .max_length = len, \
    .label = lbl }
#define PLAIN(n, fl, lbl) TEXT_FIELD (n, fl, SAHA_TEXT_PLAIN, 0, lbl)
#define USER_NAME(n, lbl) TEXT_FIELD (n, 0, SAHA_TEXT_PLAIN, NAME_MAX_LENGTH, lbl)
#define MULTILINE(n, fl, lbl) TEXT_FIELD (n, fl, SAHA_TEXT_MULTILINE, MULTILINE_MAX_LENGTH, lbl)
#define PHONE(n, fl, lbl) TEXT_FIELD (n, fl, SAHA_TEXT_PHONE, 0, lbl)
#define EMAIL(n, fl, lbl) TEXT_FIELD (n, fl, SAHA_TEXT_EMAIL, 0, lbl)
#define CURRENCY(n, lbl) \
  { .name = n, .type = SAHA_FIELD_TEXT, .format = SAHA_TEXT_CURRENCY, .max_length = 3, \
    .default_value = "TRY", .label = lbl }
#define ENUM(n, fl, ch, def, lbl) \
  { .name = n, .type = SAHA_FIELD_ENUM, .flags = fl, .choices = ch, .default_value = def, \
    .label = lbl }
#define ENUM_LIST(n, ch, lbl) \
  { .name = n, .type = SAHA_FIELD_ENUM_LIST, .choices = ch, .label = lbl }
#define REFERENCE(n, fl, tgt, lbl) \
  { .name = n, .type = SAHA_FIELD_REFERENCE, .flags = fl, .target = tgt, .label = lbl }
#define TIMESTAMP(n, lbl) { .name = n, .type = SAHA_FIELD_TIMESTAMP, .label = lbl }
#define TIME_OF_DAY(n, lbl) { .name = n, .type = SAHA_FIELD_TIME_OF_DAY, .label = lbl }
/* Money never goes below zero in Saha: refunds are their own documents. */
#define MONEY(n, lbl) \
  { .name = n, .type = SAHA_FIELD_MONEY, .places = 2, .min_value = 0, \
    .max_value = G_MAXINT64, .label = lbl }
#define DECIMAL(n, pl, lo, hi, lbl) \
  { .name = n, .type = SAHA_FIELD_DECIMAL, .places = pl, .min_value = lo, .max_value = hi, \
    .label = lbl }
#define LATITUDE(lbl) DECIMAL ("lat", 6, -90000000, 90000000, lbl)
#define LONGITUDE(lbl) DECIMAL ("lon", 6, -180000000, 180000000, lbl)
/* "Greater than zero" in 3 places is "at least 0.001". */
#define QUANTITY(lbl) DECIMAL ("quantity", 3, 1, G_MAXINT64, lbl)

static const SahaFieldDef customer_fields[] = {
  PLAIN ("name", REQ | SEARCH, N_("Name")),
  ENUM ("kind", REQ, kind_choices, NULL, N_("Kind")),
  TEXT_FIELD ("code", SEARCH, SAHA_TEXT_PLAIN, NAME_MAX_LENGTH, N_("Code")),
  TEXT_FIELD ("tax_id", 0, SAHA_TEXT_PLAIN, NAME_MAX_LENGTH, N_("Tax number")),
  PHONE ("phone", SEARCH, N_("Phone")),
  EMAIL ("email", SEARCH, N_("Email")),
  TEXT_FIELD ("address", 0, SAHA_TEXT_MULTILINE, 500, N_("Address")),
  PLAIN ("district", SEARCH, N_("District")),
  PLAIN ("city", SEARCH, N_("City")),
  { .name = "country", .type = SAHA_FIELD_TEXT, .format = SAHA_TEXT_COUNTRY, .max_length = 2,
    .default_value = "TR", .label = N_("Country") },
  LATITUDE (N_("Latitude")),
  LONGITUDE (N_("Longitude")),
  USER_NAME ("assigned_to", N_("Assigned to")),
  MONEY ("credit_limit", N_("Credit limit")),
  CURRENCY ("currency", N_("Currency")),
  ENUM ("preferred_channel", 0, channel_choices, NULL, N_("Preferred channel")),
  TIME_OF_DAY ("contact_from", N_("Contact from")),
  TIME_OF_DAY ("contact_to", N_("Contact until")),
  ENUM_LIST ("opt_out", channel_choices, N_("Opted out of")),
  ENUM ("language", 0, language_choices, NULL, N_("Language")),
  MULTILINE ("notes", 0, N_("Notes")),
};

static const SahaFieldDef contact_fields[] = {
  REFERENCE ("customer", REQ, "customer", N_("Customer")),
  PLAIN ("name", REQ, N_("Name")),
  PLAIN ("role", 0, N_("Role")),
  PHONE ("phone", 0, N_("Phone")),
  EMAIL ("email", 0, N_("Email")),
  ENUM ("preferred_channel", 0, channel_choices, NULL, N_("Preferred channel")),
  ENUM_LIST ("opt_out", channel_choices, N_("Opted out of")),
};

static const SahaFieldDef product_fields[] = {
  TEXT_FIELD ("sku", REQ | SEARCH, SAHA_TEXT_PLAIN, NAME_MAX_LENGTH, N_("SKU")),
  PLAIN ("name", REQ | SEARCH, N_("Name")),
  { .name = "unit", .type = SAHA_FIELD_TEXT, .max_length = 16, .default_value = "pcs",
    .label = N_("Unit") },
  MONEY ("unit_price", N_("Unit price")),
  MONEY ("cost_price", N_("Cost price")),
  ENUM ("vat_rate", 0, vat_choices, NULL, N_("VAT rate")),
  PLAIN ("category", SEARCH, N_("Category")),
  { .name = "active", .type = SAHA_FIELD_BOOLEAN, .default_value = "true",
    .label = N_("Active") },
};

static const SahaFieldDef order_fields[] = {
  TEXT_FIELD ("number", SEARCH, SAHA_TEXT_PLAIN, NAME_MAX_LENGTH, N_("Number")),
  REFERENCE ("customer", REQ, "customer", N_("Customer")),
  ENUM ("status", 0, order_status_choices, "draft", N_("Status")),
  TIMESTAMP ("ordered_at", N_("Ordered at")),
  { .name = "delivery_date", .type = SAHA_FIELD_DATE, .label = N_("Delivery date") },
  /* The last day a quote holds; unset, a quote holds 30 days from ordered_at (docs/crm.md). */
  { .name = "valid_until", .type = SAHA_FIELD_DATE, .label = N_("Valid until") },
  CURRENCY ("currency", N_("Currency")),
  MULTILINE ("notes", 0, N_("Notes")),
  USER_NAME ("created_by", N_("Created by")),
  MULTILINE ("cancel_reason", 0, N_("Cancellation reason")),
};

static const SahaFieldDef order_line_fields[] = {
  REFERENCE ("order", REQ, "order", N_("Order")),
  REFERENCE ("product", REQ, "product", N_("Product")),
  QUANTITY (N_("Quantity")),
  MONEY ("unit_price", N_("Unit price")),
  DECIMAL ("discount_pct", 2, 0, 10000, N_("Discount %")),
  ENUM ("vat_rate", 0, vat_choices, NULL, N_("VAT rate")),
};

static const SahaFieldDef service_call_fields[] = {
  TEXT_FIELD ("number", SEARCH, SAHA_TEXT_PLAIN, NAME_MAX_LENGTH, N_("Number")),
  REFERENCE ("customer", REQ, "customer", N_("Customer")),
  REFERENCE ("product", 0, "product", N_("Product")),
  ENUM ("priority", 0, priority_choices, "normal", N_("Priority")),
  ENUM ("status", 0, call_status_choices, "new", N_("Status")),
  MULTILINE ("problem", SEARCH, N_("Problem")),
  USER_NAME ("assigned_to", N_("Assigned to")),
  TIMESTAMP ("scheduled_at", N_("Scheduled at")),
  /* How long the call is expected to take on site: its length on the dispatch board and
   * its weight in the technician's load (docs/crm.md "Dispatch"). */
  { .name = "expected_minutes", .type = SAHA_FIELD_INTEGER, .min_value = 1,
    .max_value = 24 * 60, .label = N_("Expected duration (minutes)") },
  TIMESTAMP ("started_at", N_("Started at")),
  /* When the technician set out: stamped by the move to travelling. */
  TIMESTAMP ("travel_started_at", N_("Travel started at")),
  TIMESTAMP ("resolved_at", N_("Resolved at")),
  TIMESTAMP ("closed_at", N_("Closed at")),
  MULTILINE ("resolution", 0, N_("Resolution")),
  { .name = "labour_minutes", .type = SAHA_FIELD_INTEGER, .min_value = 0,
    .max_value = G_MAXINT64, .label = N_("Labour (minutes)") },
  TEXT_FIELD ("signature", 0, SAHA_TEXT_MULTILINE, SAHA_SIGNATURE_MAX_LENGTH, N_("Signature")),
  PLAIN ("signed_by", 0, N_("Signed by")),
  /* The knowledge base article that solved the call; articles count their calls. */
  REFERENCE ("kb_article", 0, "kb_article", N_("Solved by article")),
  /* Why a call was cancelled (docs/crm.md "Status transitions"). */
  MULTILINE ("cancel_reason", 0, N_("Cancellation reason")),
};

static const SahaFieldDef service_part_fields[] = {
  REFERENCE ("service_call", REQ, "service_call", N_("Service call")),
  REFERENCE ("product", REQ, "product", N_("Product")),
  QUANTITY (N_("Quantity")),
  MONEY ("unit_price", N_("Unit price")),
};

static const SahaFieldDef visit_fields[] = {
  REFERENCE ("customer", REQ, "customer", N_("Customer")),
  USER_NAME ("user", N_("User")),
  ENUM ("purpose", 0, purpose_choices, NULL, N_("Purpose")),
  TIMESTAMP ("check_in_at", N_("Checked in at")),
  TIMESTAMP ("check_out_at", N_("Checked out at")),
  LATITUDE (N_("Latitude")),
  LONGITUDE (N_("Longitude")),
  MULTILINE ("outcome", 0, N_("Outcome")),
  REFERENCE ("order", 0, "order", N_("Order")),
  REFERENCE ("service_call", 0, "service_call", N_("Service call")),
  MULTILINE ("notes", 0, N_("Notes")),
};

static const SahaFieldDef note_fields[] = {
  REFERENCE ("customer", REQ, "customer", N_("Customer")),
  ENUM ("channel", 0, note_channel_choices, NULL, N_("Channel")),
  ENUM ("direction", 0, direction_choices, NULL, N_("Direction")),
  MULTILINE ("summary", REQ, N_("Summary")),
  TIMESTAMP ("at", N_("At")),
  USER_NAME ("by", N_("By")),
  ENUM ("status", 0, note_status_choices, NULL, N_("Status")),
};

/* A follow-up for one person: in the scope of its customer's assignee and of its owner
 * (docs/crm.md "Tasks"). related_entity and related_id name the record it follows up
 * (a complaint note, an order, a call); done when done_at is set. */
static const SahaFieldDef task_fields[] = {
  PLAIN ("title", REQ | SEARCH, N_("Title")),
  REFERENCE ("customer", 0, "customer", N_("Customer")),
  USER_NAME ("owner", N_("Owner")),
  TIMESTAMP ("due_at", N_("Due at")),
  ENUM ("related_entity", 0, task_related_choices, NULL, N_("Related record type")),
  TEXT_FIELD ("related_id", 0, SAHA_TEXT_PLAIN, 36, N_("Related record")),
  TIMESTAMP ("done_at", N_("Done at")),
  USER_NAME ("done_by", N_("Done by")),
  MULTILINE ("notes", SEARCH, N_("Notes")),
};

/* A fix-it article. How many calls it solved is counted from service_call.kb_article,
 * never stored, so that concurrent links on two devices cannot lose a count. */
static const SahaFieldDef kb_article_fields[] = {
  PLAIN ("title", REQ | SEARCH, N_("Title")),
  MULTILINE ("body", REQ | SEARCH, N_("Text")),
  REFERENCE ("product", 0, "product", N_("Product")),
  PLAIN ("tags", SEARCH, N_("Tags")),
};

/* A campaign's target is every customer matching all of its set target fields; its
 * members are worked out on the device (docs/crm.md), never stored. */
static const SahaFieldDef campaign_fields[] = {
  PLAIN ("name", REQ, N_("Name")),
  ENUM ("segment", 0, segment_choices, NULL, N_("Segment")),
  PLAIN ("city", 0, N_("City")),
  REFERENCE ("bought_product", 0, "product", N_("Bought product")),
  REFERENCE ("not_bought_product", 0, "product", N_("Never bought product")),
  { .name = "last_order_before", .type = SAHA_FIELD_DATE, .label = N_("Last order before") },
  { .name = "last_order_after", .type = SAHA_FIELD_DATE, .label = N_("Last order after") },
  ENUM ("channel", REQ, channel_choices, NULL, N_("Channel")),
  MULTILINE ("message", 0, N_("Message")),
  ENUM ("status", 0, campaign_status_choices, "draft", N_("Status")),
};

/* One statement of a person's consent (KVKK, docs/security.md "Consent"): records are
 * never edited into another statement; a new one is recorded, and for each purpose the
 * latest by "at" that applies to a person decides (src/core/saha-consent.c). Without
 * contact it is the customer's own; with one, that contact person's. */
static const SahaFieldDef consent_fields[] = {
  REFERENCE ("customer", REQ, "customer", N_("Customer")),
  REFERENCE ("contact", 0, "contact", N_("Contact")),
  ENUM ("purpose", REQ, consent_purpose_choices, NULL, N_("Purpose")),
  ENUM ("state", REQ, consent_state_choices, NULL, N_("State")),
  { .name = "at", .type = SAHA_FIELD_TIMESTAMP, .flags = REQ, .label = N_("At") },
  ENUM ("method", 0, consent_method_choices, NULL, N_("Method")),
  USER_NAME ("recorded_by", N_("Recorded by")),
  MULTILINE ("notes", 0, N_("Notes")),
};

#define ENTITY(n, lbl, f, parent) \
  { .name = n, .label = lbl, .fields = f, .n_fields = G_N_ELEMENTS (f), .parent_field = parent }

static const SahaEntityDef entity_customer =
  ENTITY ("customer", N_("Customer"), customer_fields, NULL);
static const SahaEntityDef entity_contact =
  ENTITY ("contact", N_("Contact"), contact_fields, "customer");
static const SahaEntityDef entity_product = ENTITY ("product", N_("Product"), product_fields, NULL);
static const SahaEntityDef entity_order = ENTITY ("order", N_("Order"), order_fields, "customer");
static const SahaEntityDef entity_order_line =
  ENTITY ("order_line", N_("Order line"), order_line_fields, "order");
static const SahaEntityDef entity_service_call =
  ENTITY ("service_call", N_("Service call"), service_call_fields, "customer");
static const SahaEntityDef entity_service_part =
  ENTITY ("service_part", N_("Service part"), service_part_fields, "service_call");
static const SahaEntityDef entity_visit = ENTITY ("visit", N_("Visit"), visit_fields, "customer");
static const SahaEntityDef entity_note = ENTITY ("note", N_("Note"), note_fields, "customer");
static const SahaEntityDef entity_task = ENTITY ("task", N_("Task"), task_fields, "customer");
/* No parent: the server shows both to everyone and lets only office and admin write them. */
static const SahaEntityDef entity_kb_article =
  ENTITY ("kb_article", N_("Knowledge base article"), kb_article_fields, NULL);
static const SahaEntityDef entity_campaign =
  ENTITY ("campaign", N_("Campaign"), campaign_fields, NULL);
static const SahaEntityDef entity_consent =
  ENTITY ("consent", N_("Consent"), consent_fields, "customer");

/* Parents before children, so that an import or a first sync can go in this order. */
static const SahaEntityDef * const entities[] = {
  &entity_customer,
  &entity_contact,
  &entity_product,
  &entity_kb_article,   /* before service_call, whose kb_article references it */
  &entity_order,
  &entity_order_line,
  &entity_service_call,
  &entity_service_part,
  &entity_visit,
  &entity_note,
  &entity_campaign,
  &entity_task,
  &entity_consent,
};

/**
 * saha_schema_entities:
 * @n_entities: (out) (optional): the number of entities
 *
 * Returns: (transfer none) (array length=n_entities): every entity definition, parents
 *   before children; static
 */
const SahaEntityDef * const *
saha_schema_entities (guint *n_entities)
{
  if (n_entities != NULL)
    *n_entities = G_N_ELEMENTS (entities);
  return entities;
}

/**
 * saha_schema_lookup:
 * @entity: (nullable): an entity name
 *
 * Returns: (transfer none) (nullable): the static definition of @entity, or %NULL when
 *   there is none
 */
const SahaEntityDef *
saha_schema_lookup (const char *entity)
{
  if (entity == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (strcmp (entities[i]->name, entity) == 0)
      return entities[i];

  return NULL;
}

/**
 * saha_schema_lookup_checked:
 * @entity: (nullable): an entity name
 * @error: return location for %SAHA_CORE_ERROR_UNKNOWN_ENTITY
 *
 * Returns: (transfer none) (nullable): the static definition of @entity, or %NULL with
 *   @error set
 */
const SahaEntityDef *
saha_schema_lookup_checked (const char  *entity,
                            GError     **error)
{
  const SahaEntityDef *def = saha_schema_lookup (entity);

  if (def == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", entities[i]->name);
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_UNKNOWN_ENTITY,
                   "unknown entity \"%s\"; the entities are %s",
                   entity ? entity : "", names->str);
    }

  return def;
}

/**
 * saha_entity_def_field_index:
 * @entity: an entity definition
 * @field: (nullable): a field name
 *
 * Returns: the index of @field in @entity's fields, or -1 when it has none
 */
int
saha_entity_def_field_index (const SahaEntityDef *entity,
                             const char          *field)
{
  g_return_val_if_fail (entity != NULL, -1);

  if (field == NULL)
    return -1;

  for (guint i = 0; i < entity->n_fields; i++)
    if (strcmp (entity->fields[i].name, field) == 0)
      return (int) i;

  return -1;
}

/**
 * saha_entity_def_lookup_field:
 * @entity: an entity definition
 * @field: (nullable): a field name
 *
 * Returns: (transfer none) (nullable): the static definition of @field, or %NULL when
 *   @entity has no such field
 */
const SahaFieldDef *
saha_entity_def_lookup_field (const SahaEntityDef *entity,
                              const char          *field)
{
  int i = saha_entity_def_field_index (entity, field);

  return i < 0 ? NULL : &entity->fields[i];
}

static const ChoiceLabels *
choice_labels_of (const char *entity,
                  const char *field)
{
  const SahaEntityDef *def = saha_schema_lookup (entity);
  const SahaFieldDef *field_def = def != NULL ? saha_entity_def_lookup_field (def, field) : NULL;

  if (field_def == NULL || field_def->choices == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (choice_labels[i].choices == field_def->choices)
      return &choice_labels[i];
  return NULL;
}

/**
 * saha_schema_choice_label:
 * @entity: an entity name
 * @field: an enum field of @entity
 * @value: (nullable): one of the field's values
 *
 * Returns: (transfer none) (nullable): the translated label of @value, @value itself when
 *   it has no label here, %NULL for %NULL
 */
const char *
saha_schema_choice_label (const char *entity,
                          const char *field,
                          const char *value)
{
  const ChoiceLabels *labels = choice_labels_of (entity, field);

  if (value == NULL || labels == NULL)
    return value;

  for (guint i = 0; labels->choices[i] != NULL; i++)
    if (g_str_equal (labels->choices[i], value))
      /* The default domain, the application's (a named one would let GLib decide once,
       * for the first locale seen, whether to translate at all). */
      return labels->context != NULL
             ? g_dpgettext2 (NULL, labels->context, labels->labels[i])
             : _(labels->labels[i]);

  return value;
}

/**
 * saha_schema_choices:
 * @entity: an entity name
 * @field: an ENUM or ENUM_LIST field of @entity
 *
 * Returns: (transfer none) (array zero-terminated=1): the field's values in the order the
 *   interface offers them; static
 */
const char * const *
saha_schema_choices (const char *entity,
                     const char *field)
{
  const SahaEntityDef *def = saha_schema_lookup (entity);
  const SahaFieldDef *field_def = def != NULL ? saha_entity_def_lookup_field (def, field) : NULL;

  g_return_val_if_fail (field_def != NULL && field_def->choices != NULL, NULL);

  return field_def->choices;
}
