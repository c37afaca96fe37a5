/* saha-server-demo.c: seeds a realistic demo data set, written as the "server" replica.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <saha-core.h>
#include <string.h>

#include "saha-server-admin.h"
#include "saha-server-auth.h"
#include "saha-server-clock.h"
#include "saha-server-company.h"
#include "saha-server-error.h"
#include "saha-server-storage.h"
#include "saha-server-sync.h"

#define DEMO_REPLICA "server"
#define DEMO_PASSWORD "demo"
#define DAY_SECONDS (24 * 3600)

typedef struct
{
  const char    *name;
  SahaServerRole role;
  const char    *full_name;
} DemoUser;

/* demo-* are the accounts people try; the others own the rest of the customers, so that
 * demo-rep sees a tenth of them. */
static const DemoUser demo_users[] = {
  { "demo-rep", SAHA_SERVER_ROLE_REP, "Deniz Arslan" },
  { "demo-tech", SAHA_SERVER_ROLE_TECH, "Mehmet Öztürk" },
  { "demo-office", SAHA_SERVER_ROLE_OFFICE, "Selin Koç" },
  { "demo-admin", SAHA_SERVER_ROLE_ADMIN, "Burak Ergin" },
  { "ali.yilmaz", SAHA_SERVER_ROLE_REP, "Ali Yılmaz" },
  { "zeynep.kaya", SAHA_SERVER_ROLE_REP, "Zeynep Kaya" },
  { "emre.sahin", SAHA_SERVER_ROLE_REP, "Emre Şahin" },
  { "elif.celik", SAHA_SERVER_ROLE_REP, "Elif Çelik" },
  { "murat.aydin", SAHA_SERVER_ROLE_TECH, "Murat Aydın" },
};
static const char * const other_reps[] = { "ali.yilmaz", "zeynep.kaya", "emre.sahin", "elif.celik" };

typedef struct
{
  const char *city;
  const char *district;
  double      lat;
  double      lon;
  const char *area_code;
} Place;

static const Place places[] = {
  { "İstanbul", "Kadıköy", 40.9903, 29.0290, "216" },
  { "İstanbul", "Üsküdar", 41.0260, 29.0150, "216" },
  { "İstanbul", "Beşiktaş", 41.0430, 29.0070, "212" },
  { "İstanbul", "Şişli", 41.0600, 28.9870, "212" },
  { "İstanbul", "Bakırköy", 40.9800, 28.8720, "212" },
  { "İstanbul", "Ümraniye", 41.0250, 29.0960, "216" },
  { "Ankara", "Çankaya", 39.9180, 32.8630, "312" },
  { "Ankara", "Keçiören", 39.9810, 32.8670, "312" },
  { "Ankara", "Yenimahalle", 39.9670, 32.8100, "312" },
  { "İzmir", "Konak", 38.4190, 27.1290, "232" },
  { "İzmir", "Karşıyaka", 38.4590, 27.1100, "232" },
  { "İzmir", "Bornova", 38.4700, 27.2170, "232" },
  { "Bursa", "Osmangazi", 40.1950, 29.0600, "224" },
  { "Bursa", "Nilüfer", 40.2150, 28.9800, "224" },
  { "Antalya", "Muratpaşa", 36.8850, 30.7040, "242" },
  { "Antalya", "Konyaaltı", 36.8690, 30.6350, "242" },
  { "Adana", "Seyhan", 36.9910, 35.3300, "322" },
  { "Konya", "Selçuklu", 37.9440, 32.4970, "332" },
  { "Gaziantep", "Şahinbey", 37.0590, 37.3820, "342" },
  { "Kayseri", "Melikgazi", 38.7270, 35.4930, "352" },
  { "Trabzon", "Ortahisar", 41.0050, 39.7270, "462" },
  { "Eskişehir", "Tepebaşı", 39.7830, 30.5000, "222" },
  { "Samsun", "İlkadım", 41.2900, 36.3300, "362" },
  { "Mersin", "Yenişehir", 36.7950, 34.6180, "324" },
};

static const char * const streets[] = {
  "Atatürk Cad.", "Cumhuriyet Cad.", "İnönü Sok.", "Gazi Bulvarı", "Çiçek Sok.",
  "Bağdat Cad.", "Menekşe Sok.", "Fevzi Çakmak Cad.", "Şehitler Cad.", "Gül Sok.",
};
static const char * const company_stems[] = {
  "Anadolu", "Ege", "Marmara", "Karadeniz", "Toros", "Yıldız", "Güneş", "Deniz", "Kartal",
  "Doğan", "Akdeniz", "Başak", "Çınar", "Özgür", "Işık", "Şahin", "Bereket", "Umut", "Ilgaz",
  "Erciyes", "Kaçkar", "Sarıyer", "Gökkuşağı", "Öncü",
};
static const char * const company_trades[] = {
  "Gıda", "Tekstil", "İnşaat", "Otomotiv", "Mobilya", "Enerji", "Lojistik", "Kimya", "Tarım",
  "Turizm", "Elektrik", "Makine", "Isı Sistemleri", "Yapı Market",
};
static const char * const company_forms[] = { "A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş.", "Tic. Ltd. Şti." };
static const char * const english_stems[] = {
  "Northwind", "Bluebird", "Greenfield", "Silverline", "Oakridge", "Harbour", "Redstone",
};
static const char * const english_trades[] = { "Trading", "Logistics", "Foods", "Engineering", "Hotels" };
static const char * const first_names[] = {
  "Ayşe", "Mehmet", "Fatma", "Mustafa", "Emine", "Ahmet", "Hatice", "Ali", "Zeynep", "Hüseyin",
  "Elif", "İbrahim", "Şule", "Çağlar", "Gökhan", "Özlem", "Ümit", "Ilgın", "Işıl", "Barış",
};
static const char * const last_names[] = {
  "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
  "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özkan", "Şimşek", "Işık",
};
static const char * const english_people[] = {
  "John Smith", "Emma Brown", "Oliver Jones", "Sophie Taylor", "James Wilson", "Lucy Evans",
};
static const char * const contact_roles[] = {
  "Satın alma müdürü", "Muhasebe", "Genel müdür", "Teknik sorumlu", "İşletme müdürü", "Purchasing",
};
static const char * const channels[] = { "phone", "sms", "email", "visit" };
static const char * const note_channels[] = { "call", "email", "sms", "visit", "other" };
static const char * const opt_outs[] = { "sms", "email", "sms,email", "phone" };

typedef struct
{
  const char *name;
  const char *category;
  const char *unit;
  const char *vat;
  gint64      price;   /* kuruş */
} ProductKind;

static const ProductKind product_kinds[] = {
  { "Yoğuşmalı kombi", "Isıtma", "pcs", "20", 2450000 },
  { "Panel radyatör", "Isıtma", "pcs", "20", 320000 },
  { "Oda termostatı", "Kontrol", "pcs", "20", 145000 },
  { "Sirkülasyon pompası", "Pompa", "pcs", "20", 680000 },
  { "Genleşme tankı", "Isıtma", "pcs", "20", 210000 },
  { "Küresel vana", "Tesisat", "pcs", "20", 18500 },
  { "PPR boru", "Tesisat", "m", "20", 4200 },
  { "Bakır boru", "Tesisat", "m", "20", 21000 },
  { "Su filtresi", "Arıtma", "pcs", "10", 95000 },
  { "Filtre kartuşu", "Arıtma", "pcs", "10", 18000 },
  { "Klima iç ünite", "Klima", "pcs", "20", 1850000 },
  { "Klima gazı R32", "Klima", "kg", "20", 65000 },
  { "Eşanjör", "Yedek parça", "pcs", "20", 390000 },
  { "Ateşleme elektrodu", "Yedek parça", "pcs", "20", 12500 },
  { "Anakart", "Yedek parça", "pcs", "20", 520000 },
  { "Fan motoru", "Yedek parça", "pcs", "20", 275000 },
  { "Çay (kantin)", "Sarf", "kg", "1", 21000 },
  { "İçme suyu 19 L", "Sarf", "pcs", "1", 9000 },
  { "Bakım sözleşmesi (yıllık)", "Hizmet", "pcs", "20", 450000 },
  { "Kitap: Tesisat el kitabı", "Yayın", "pcs", "10", 35000 },
};
static const char * const product_variants[] = { "Eko", "Standart", "Pro" };

static const char * const problems[] = {
  "Kombi arıza kodu veriyor, sıcak su gelmiyor",
  "Radyatörler ısınmıyor, basınç düşüyor",
  "Klima su damlatıyor",
  "Pompa çok ses yapıyor",
  "Su filtresi tıkandı, debi düştü",
  "Boiler leaks after the last service",
  "Termostat ekranı kapandı",
};
static const char * const resolutions[] = {
  "Eşanjör temizlendi, basınç ayarlandı",
  "Ateşleme elektrodu değiştirildi",
  "Tahliye hortumu açıldı, test edildi",
  "Pompa rulmanı değiştirildi",
  "Filtre kartuşu yenilendi",
  "Replaced the expansion vessel, tested for an hour",
};
static const char * const note_summaries[] = {
  "Yeni katalog istedi, e-posta ile gönderildi",
  "Ödeme vadesi 60 güne uzatılmak istiyor",
  "Bayram öncesi sipariş verecek",
  "Asked for an English quote",
  "Fiyat teklifini değerlendiriyor",
  "Servis ekibinden memnun kaldı",
};
static const char * const complaints[] = {
  "Teslimat iki gün gecikti, müşteri memnun değil",
  "Faturada yanlış iskonto uygulanmış",
  "Teknisyen randevuya gelmedi",
  "Gelen radyatörlerden biri hasarlı",
  "Çağrı merkezi geri dönüş yapmadı",
};
static const char * const visit_outcomes[] = {
  "Yeni sezon ürünleri tanıtıldı",
  "Tahsilat yapıldı",
  "Sipariş alındı",
  "Yetkili kişi yoktu, tekrar gelinecek",
  "Showroom visit, interested in the Pro series",
};
static const char * const order_statuses[] = { "draft", "quote", "confirmed", "delivered", "cancelled" };
static const char * const call_statuses[] = {
  "new", "assigned", "travelling", "on_site", "resolved", "closed", "cancelled",
};
static const char * const priorities[] = { "low", "normal", "normal", "high", "urgent" };
static const char * const purposes[] = { "sales", "service", "collection", "other" };

typedef struct
{
  char   *id;
  char   *price;
  char   *vat;
  gboolean by_measure;  /* sold in m / kg: fractional quantities */
} DemoProduct;

typedef struct
{
  SahaServerStorage *storage;
  GRand             *rand;
  guint64            counter;
  gint64             now;
  GError            *error;     /* the first failure; everything is rolled back */
  guint              records;
  GArray            *products;  /* DemoProduct */
  GHashTable        *codes;     /* user name -> code */
  GHashTable        *numbers;   /* "CODE-YEAR" -> last number */
} Demo;

#define PICK(demo, array) ((array)[g_rand_int_range ((demo)->rand, 0, G_N_ELEMENTS (array))])

static gboolean
chance (Demo   *demo,
        double  p)
{
  return g_rand_double (demo->rand) < p;
}

static char *
iso (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
money (gint64 minor)
{
  return saha_money_format (minor);
}

/* A working-hours moment @days_ago days back (Turkey is UTC+3). */
static gint64
moment (Demo *demo,
        int   days_ago)
{
  gint64 day = demo->now - (gint64) days_ago * DAY_SECONDS;

  day -= day % DAY_SECONDS;
  return day + (gint64) g_rand_int_range (demo->rand, 6 * 3600, 15 * 3600);
}

/* Writes one record on the demo replica, from field/value pairs (NULL values skipped;
 * values normalized by the schema), and stores it. Returns its id. */
static char *
demo_write (Demo       *demo,
            const char *entity,
            ...)
{
  const SahaEntityDef *def = saha_schema_lookup (entity);
  g_autofree char *id = saha_id_new ();
  g_autoptr(SahaRecord) record = saha_record_new (def, id);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  const char *field;
  va_list args;

  if (demo->error != NULL)
    return g_steal_pointer (&id);

  va_start (args, entity);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *input = va_arg (args, const char *);
      char *canonical = NULL;

      if (input == NULL)
        continue;
      if (!saha_field_normalize (saha_entity_def_lookup_field (def, field), input, &canonical,
                                 &demo->error))
        {
          g_prefix_error (&demo->error, "demo %s.%s = \"%s\": ", entity, field, input);
          va_end (args);
          return g_steal_pointer (&id);
        }
      g_ptr_array_add (fields, (char *) field);
      g_ptr_array_add (values, canonical);
    }
  va_end (args);

  saha_record_write (record, DEMO_REPLICA, ++demo->counter, (const char * const *) fields->pdata,
                     (const char * const *) values->pdata, fields->len);
  if (!saha_record_check_required (record, &demo->error)
      || !saha_server_sync_store (demo->storage, NULL, record, NULL, NULL, NULL, NULL, &demo->error))
    return g_steal_pointer (&id);
  demo->records++;
  return g_steal_pointer (&id);
}

static char *
email_for (Demo       *demo,
           const char *name,
           const char *domain)
{
  g_autofree char *folded = saha_text_fold_ascii (name);
  g_autoptr(GString) local = g_string_new (NULL);

  for (const char *p = folded; *p != '\0' && local->len < 24; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (local, *p);
    else if (*p == ' ' && local->len > 0 && local->str[local->len - 1] != '.')
      g_string_append_c (local, '.');
  if (local->len == 0 || local->str[local->len - 1] == '.')
    g_string_append (local, "info");
  return g_strdup_printf ("%s@%s", local->str, domain);
}

static char *
phone (Demo       *demo,
       const char *area_code,
       gboolean    mobile)
{
  if (mobile)
    return g_strdup_printf ("+90 5%02d %03d %02d %02d", g_rand_int_range (demo->rand, 30, 60),
                            g_rand_int_range (demo->rand, 100, 1000),
                            g_rand_int_range (demo->rand, 10, 100), g_rand_int_range (demo->rand, 10, 100));
  return g_strdup_printf ("+90 %s %03d %02d %02d", area_code, g_rand_int_range (demo->rand, 200, 1000),
                          g_rand_int_range (demo->rand, 10, 100), g_rand_int_range (demo->rand, 10, 100));
}

static char *
next_number (Demo       *demo,
             const char *user,
             gint64      at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (at);
  const char *code = user != NULL ? g_hash_table_lookup (demo->codes, user) : NULL;
  char *key = g_strdup_printf ("%s-%d", code != NULL ? code : "SRV", g_date_time_get_year (time));
  guint number = GPOINTER_TO_UINT (g_hash_table_lookup (demo->numbers, key)) + 1;
  char *text = g_strdup_printf ("%s-%04u", key, number);

  g_hash_table_replace (demo->numbers, key, GUINT_TO_POINTER (number));
  return text;
}

static void
seed_products (Demo *demo)
{
  guint sku = 1;

  for (guint i = 0; i < G_N_ELEMENTS (product_kinds); i++)
    for (guint v = 0; v < G_N_ELEMENTS (product_variants); v++)
      {
        const ProductKind *kind = &product_kinds[i];
        DemoProduct product = { 0 };
        g_autofree char *name = g_strdup_printf ("%s %s", kind->name, product_variants[v]);
        g_autofree char *code = g_strdup_printf ("PRD-%04u", sku++);
        gint64 price = kind->price * (80 + 30 * (gint64) v) / 100;
        g_autofree char *cost = money (price * g_rand_int_range (demo->rand, 55, 80) / 100);

        product.price = money (price);
        product.vat = g_strdup (kind->vat);
        product.by_measure = g_strcmp0 (kind->unit, "pcs") != 0;
        product.id = demo_write (demo, "product", "sku", code, "name", name, "unit", kind->unit,
                                 "unit_price", product.price, "cost_price", cost,
                                 "vat_rate", kind->vat, "category", kind->category,
                                 "active", (i + v) % 17 == 16 ? "false" : "true", NULL);
        g_array_append_val (demo->products, product);
      }
}

static const DemoProduct *
random_product (Demo *demo)
{
  return &g_array_index (demo->products, DemoProduct,
                         g_rand_int_range (demo->rand, 0, demo->products->len));
}

static char *
quantity (Demo              *demo,
          const DemoProduct *product)
{
  if (product->by_measure)
    return g_strdup_printf ("%d.%d", g_rand_int_range (demo->rand, 1, 40), g_rand_int_range (demo->rand, 0, 10));
  return g_strdup_printf ("%d", g_rand_int_range (demo->rand, 1, 12));
}

static void
seed_orders (Demo       *demo,
             const char *customer,
             const char *owner)
{
  int n = g_rand_int_range (demo->rand, 0, 4);

  for (int i = 0; i < n; i++)
    {
      const char *status = PICK (demo, order_statuses);
      gint64 at = moment (demo, g_rand_int_range (demo->rand, 0, 365));
      g_autofree char *ordered_at = iso (at);
      g_autofree char *number = next_number (demo, owner, at);
      g_autoptr(GDateTime) delivery = g_date_time_new_from_unix_utc (at + (gint64) g_rand_int_range (demo->rand, 2, 21) * DAY_SECONDS);
      g_autofree char *delivery_date = g_date_time_format (delivery, "%Y-%m-%d");
      g_autofree char *order = NULL;
      int lines = g_rand_int_range (demo->rand, 1, 4);

      order = demo_write (demo, "order", "number", number, "customer", customer, "status", status,
                          "ordered_at", ordered_at,
                          "delivery_date", g_strcmp0 (status, "draft") != 0 ? delivery_date : NULL,
                          "currency", "TRY", "created_by", owner,
                          "notes", chance (demo, 0.2) ? "Teslimatta kaşeli irsaliye istiyor" : NULL, NULL);
      for (int l = 0; l < lines; l++)
        {
          const DemoProduct *product = random_product (demo);
          g_autofree char *qty = quantity (demo, product);
          g_autofree char *line = demo_write (demo, "order_line", "order", order, "product", product->id,
                                              "quantity", qty, "unit_price", product->price,
                                              "discount_pct", chance (demo, 0.3) ? (chance (demo, 0.5) ? "5" : "10") : "0",
                                              "vat_rate", product->vat, NULL);
        }
    }
}

static void
seed_calls (Demo       *demo,
            const char *customer)
{
  int n = chance (demo, 0.25) ? g_rand_int_range (demo->rand, 1, 3) : 0;

  for (int i = 0; i < n; i++)
    {
      const char *status = PICK (demo, call_statuses);
      gboolean assigned = g_strcmp0 (status, "new") != 0;
      gboolean done = g_strcmp0 (status, "resolved") == 0 || g_strcmp0 (status, "closed") == 0;
      gboolean on_site = g_strcmp0 (status, "on_site") == 0;
      /* A technician on site started within the last three hours; other open calls are
       * booked for the coming days, finished ones happened over the past year. */
      gint64 at = on_site ? demo->now - DAY_SECONDS - 1800 - g_rand_int_range (demo->rand, 600, 3 * 3600)
                  : moment (demo, done ? g_rand_int_range (demo->rand, 3, 365) : g_rand_int_range (demo->rand, 0, 5));
      g_autofree char *scheduled = iso (at + DAY_SECONDS);
      g_autofree char *started = iso (at + DAY_SECONDS + 1800);
      g_autofree char *resolved = iso (at + DAY_SECONDS + 1800 + 3600 * g_rand_int_range (demo->rand, 1, 4));
      g_autofree char *closed = iso (at + 2 * DAY_SECONDS);
      g_autofree char *minutes = g_strdup_printf ("%d", 15 * g_rand_int_range (demo->rand, 1, 12));
      const char *tech = chance (demo, 0.4) ? "demo-tech" : "murat.aydin";
      gboolean started_work = done || on_site;
      g_autofree char *number = next_number (demo, assigned ? tech : NULL, at);
      g_autofree char *call = NULL;

      call = demo_write (demo, "service_call", "number", number, "customer", customer,
                         "product", random_product (demo)->id,
                         "priority", PICK (demo, priorities), "status", status,
                         "problem", PICK (demo, problems),
                         "assigned_to", assigned ? tech : NULL,
                         "scheduled_at", assigned ? scheduled : NULL,
                         "started_at", started_work ? started : NULL,
                         "resolved_at", done ? resolved : NULL,
                         "closed_at", g_strcmp0 (status, "closed") == 0 ? closed : NULL,
                         "resolution", done ? PICK (demo, resolutions) : NULL,
                         "labour_minutes", started_work ? minutes : NULL,
                         "signed_by", g_strcmp0 (status, "closed") == 0 ? PICK (demo, first_names) : NULL,
                         NULL);
      if (started_work)
        for (int p = g_rand_int_range (demo->rand, 0, 3); p > 0; p--)
          {
            const DemoProduct *product = random_product (demo);
            g_autofree char *part = demo_write (demo, "service_part", "service_call", call,
                                                "product", product->id, "quantity", "1",
                                                "unit_price", product->price, NULL);
          }
    }
}

static void
seed_customer (Demo       *demo,
               const char *owner)
{
  const Place *place = &PICK (demo, places);
  gboolean english = chance (demo, 0.12);
  gboolean company = chance (demo, 0.7);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *tel = NULL;
  g_autofree char *address = NULL;
  g_autofree char *lat = g_strdup_printf ("%.6f", place->lat + (g_rand_double (demo->rand) - 0.5) * 0.04);
  g_autofree char *lon = g_strdup_printf ("%.6f", place->lon + (g_rand_double (demo->rand) - 0.5) * 0.04);
  g_autofree char *credit = money ((gint64) g_rand_int_range (demo->rand, 5, 500) * 100000);
  g_autofree char *tax_id = g_strdup_printf ("%010u", g_rand_int (demo->rand) % 1000000000u);
  g_autofree char *customer = NULL;
  g_autofree char *code = NULL;

  if (company && english)
    name = g_strdup_printf ("%s %s Ltd", PICK (demo, english_stems), PICK (demo, english_trades));
  else if (company)
    name = g_strdup_printf ("%s %s %s", PICK (demo, company_stems), PICK (demo, company_trades),
                            PICK (demo, company_forms));
  else if (english)
    name = g_strdup (PICK (demo, english_people));
  else
    name = g_strdup_printf ("%s %s", PICK (demo, first_names), PICK (demo, last_names));
  {
    g_autofree char *stem = g_strdup (name);
    char *cut = company ? strchr (stem, ' ') : NULL;

    if (cut != NULL && (cut = strchr (cut + 1, ' ')) != NULL)
      *cut = '\0';
    if (company)
      {
        /* info@ at a domain made from the company's first two words. */
        g_autofree char *local = email_for (demo, stem, "x");

        *strchr (local, '@') = '\0';
        g_strdelimit (local, ".", '-');
        email = g_strdup_printf ("info@%s.com.tr", local);
      }
    else
      email = email_for (demo, stem, "example.com");
  }
  tel = phone (demo, place->area_code, !company);
  address = g_strdup_printf ("%s No: %d", PICK (demo, streets), g_rand_int_range (demo->rand, 1, 180));
  code = g_strdup_printf ("C%06u", demo->records);

  customer = demo_write (demo, "customer", "name", name, "kind", company ? "company" : "person",
                         "code", code, "tax_id", company ? tax_id : NULL,
                         "phone", tel, "email", email, "address", address,
                         "district", place->district, "city", place->city, "country", "TR",
                         "lat", lat, "lon", lon, "assigned_to", owner,
                         "credit_limit", company ? credit : NULL, "currency", "TRY",
                         "preferred_channel", PICK (demo, channels),
                         "contact_from", chance (demo, 0.5) ? "09:00" : "10:30",
                         "contact_to", chance (demo, 0.5) ? "18:00" : "17:00",
                         "opt_out", chance (demo, 0.2) ? PICK (demo, opt_outs) : NULL,
                         "language", english ? "en" : "tr",
                         "notes", chance (demo, 0.1) ? "Öğleden sonra aranmak istiyor" : NULL, NULL);

  if (company)
    for (int c = g_rand_int_range (demo->rand, 1, 3); c > 0; c--)
      {
        g_autofree char *person = english
                                  ? g_strdup (PICK (demo, english_people))
                                  : g_strdup_printf ("%s %s", PICK (demo, first_names), PICK (demo, last_names));
        g_autofree char *person_email = email_for (demo, person, "example.com.tr");
        g_autofree char *person_phone = phone (demo, place->area_code, TRUE);
        g_autofree char *contact = demo_write (demo, "contact", "customer", customer, "name", person,
                                               "role", PICK (demo, contact_roles), "phone", person_phone,
                                               "email", person_email,
                                               "preferred_channel", PICK (demo, channels),
                                               "opt_out", chance (demo, 0.15) ? PICK (demo, opt_outs) : NULL,
                                               NULL);
      }

  seed_orders (demo, customer, owner);
  seed_calls (demo, customer);

  for (int v = chance (demo, 0.6) ? g_rand_int_range (demo->rand, 1, 3) : 0; v > 0; v--)
    {
      gint64 at = moment (demo, g_rand_int_range (demo->rand, 0, 365));
      g_autofree char *in = iso (at);
      g_autofree char *out = iso (at + 60 * g_rand_int_range (demo->rand, 15, 90));
      g_autofree char *visit = demo_write (demo, "visit", "customer", customer, "user", owner,
                                           "purpose", PICK (demo, purposes), "check_in_at", in,
                                           "check_out_at", out, "lat", lat, "lon", lon,
                                           "outcome", PICK (demo, visit_outcomes), NULL);
    }

  for (int n = g_rand_int_range (demo->rand, 0, 3); n > 0; n--)
    {
      gboolean complaint = chance (demo, 0.2);
      gint64 at = moment (demo, g_rand_int_range (demo->rand, 0, 365));
      g_autofree char *when = iso (at);
      g_autofree char *note = demo_write (demo, "note", "customer", customer,
                                          "channel", complaint ? "complaint" : PICK (demo, note_channels),
                                          "direction", complaint || chance (demo, 0.5) ? "in" : "out",
                                          "summary", complaint ? PICK (demo, complaints) : PICK (demo, note_summaries),
                                          "at", when, "by", owner,
                                          "status", complaint ? (chance (demo, 0.6) ? "resolved" : "open") : NULL,
                                          NULL);
    }
}

static gboolean
seed_users (SahaServerStorage  *storage,
            GHashTable         *codes,
            GError            **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      g_autoptr(SahaServerUser) existing = saha_server_storage_user_lookup (storage, demo_users[i].name, error);
      g_autofree char *hash = NULL;
      g_autofree char *code = NULL;

      if (existing != NULL)
        {
          g_hash_table_insert (codes, g_strdup (existing->name), g_strdup (existing->code));
          continue;
        }
      if (error != NULL && *error != NULL)
        return FALSE;
      if ((hash = saha_server_password_hash (DEMO_PASSWORD, error)) == NULL)
        return FALSE;
      code = saha_server_user_code_for (storage, demo_users[i].name);
      if (!saha_server_storage_user_add (storage, demo_users[i].name, demo_users[i].role, code, hash, error))
        return FALSE;
      {
        g_autoptr(SahaServerUser) added = saha_server_storage_user_lookup (storage, demo_users[i].name,
                                                                          error);

        if (added == NULL
            || !saha_server_storage_user_set_full_name (storage, added->id, demo_users[i].full_name,
                                                        error))
          return FALSE;
      }
      g_hash_table_insert (codes, g_strdup (demo_users[i].name), g_steal_pointer (&code));
    }
  return TRUE;
}

static void
demo_product_clear (gpointer data)
{
  DemoProduct *product = data;

  g_free (product->id);
  g_free (product->price);
  g_free (product->vat);
}

int
saha_server_admin_demo (const SahaServerStorageTarget *target,
                        guint       customers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerStorage) storage = NULL;
  g_autofree char *seeded = NULL;
  g_autofree char *stamp = NULL;
  Demo demo = { 0 };
  gint64 started = g_get_monotonic_time ();
  int status = 0;

  storage = saha_server_storage_connect (target, &error);
  if (storage == NULL)
    {
      g_printerr ("saha-server: demo: %s\n", error->message);
      return 1;
    }
  seeded = saha_server_storage_get_meta (storage, "demo_at");
  if (seeded != NULL)
    {
      g_printerr ("saha-server: demo: this data directory was already seeded (%s); "
                  "use a new --data directory for a fresh demo\n", seeded);
      return 1;
    }

  demo.storage = storage;
  saha_server_storage_set_bulk_mode (storage);
  demo.rand = g_rand_new_with_seed (20261125);
  demo.now = saha_server_now ();
  demo.products = g_array_new (FALSE, TRUE, sizeof (DemoProduct));
  g_array_set_clear_func (demo.products, demo_product_clear);
  demo.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  demo.numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Password hashing is slow: users go in before the data's transaction. */
  if (!seed_users (storage, demo.codes, &error))
    {
      g_printerr ("saha-server: demo: %s\n", error->message);
      status = 1;
      goto out;
    }

  if (!saha_server_storage_begin (storage, TRUE, &error))
    {
      g_printerr ("saha-server: demo: %s\n", error->message);
      status = 1;
      goto out;
    }
  demo.counter = saha_server_storage_replica_get_counter (storage, DEMO_REPLICA);
  seed_products (&demo);
  for (guint i = 0; i < customers && demo.error == NULL; i++)
    {
      /* Every tenth customer is demo-rep's; the rest go round the other reps. */
      const char *owner = i % 10 == 0 ? "demo-rep" : other_reps[(i / 10 + i) % G_N_ELEMENTS (other_reps)];

      seed_customer (&demo, owner);
    }
  stamp = iso (demo.now);
  if (demo.error == NULL)
    {
      saha_server_storage_replica_raise_counter (storage, DEMO_REPLICA, demo.counter, &demo.error);
      if (demo.error == NULL)
        saha_server_storage_set_meta (storage, "demo_at", stamp, &demo.error);
      /* The company on the service reports, unless one was set already. */
      if (demo.error == NULL)
        {
          g_autoptr(JsonNode) company = saha_server_company_load (storage, &demo.error);

          if (company != NULL && json_object_get_size (json_node_get_object (company)) == 0)
            {
              char *assignments[] = {
                (char *) "name=Saha Demo Teknik Servis Ltd. Şti.",
                (char *) "address=Barbaros Bulvarı No: 12\nBeşiktaş / İstanbul",
                (char *) "tax_office=Beşiktaş",
                (char *) "tax_id=7350012345",
                (char *) "phone=+90 212 555 01 23",
                (char *) "email=servis@saha.example",
                (char *) "labour_rate=850.00",
                (char *) "labour_vat=20",
                NULL
              };

              saha_server_company_set (storage, assignments, &demo.error);
            }
        }
      if (demo.error == NULL)
        saha_server_storage_commit (storage, &demo.error);
    }
  if (demo.error != NULL)
    {
      saha_server_storage_rollback (storage);
      g_printerr ("saha-server: demo: %s; nothing was stored\n", demo.error->message);
      status = 1;
      goto out;
    }
  /* The bulk load settled: SQLite's log folded in, PostgreSQL's new tables vacuumed and
   * analysed (a first sync right after would otherwise visit their heap on every page). */
  saha_server_storage_checkpoint (storage);
  g_print ("seeded %u customers, %u records in %.1f s; users demo-rep, demo-tech, demo-office, "
           "demo-admin (password \"%s\")\n", customers, demo.records,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, DEMO_PASSWORD);

out:
  g_clear_error (&demo.error);
  g_rand_free (demo.rand);
  g_array_unref (demo.products);
  g_hash_table_unref (demo.codes);
  g_hash_table_unref (demo.numbers);
  return status;
}
