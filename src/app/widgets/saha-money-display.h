/* saha-money-display.h: money as people read it in their language ("1.250,50 ₺", "₺1,250.50").
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a language writes amounts: which separators, and where the currency goes. */
typedef enum
{
  SAHA_MONEY_STYLE_ENGLISH,   /* ₺1,250.50  -₺3.00  USD 12.00 for an unknown symbol */
  SAHA_MONEY_STYLE_TURKISH,   /* 1.250,50 ₺  -3,00 ₺  12,00 USD */
} SahaMoneyStyle;

/* The style of a language tag such as "tr", "tr_TR.UTF-8" or "en_GB". */
SahaMoneyStyle  saha_money_style_for_language (const char     *language);
/* The style of the language the interface is shown in (LANGUAGE, LC_MESSAGES ...). */
SahaMoneyStyle  saha_money_style_default      (void);

/* @canonical is a core MONEY value ("1250.50", "-3.00"); @currency an ISO 4217 code
 * (NULL means TRY). Returns NULL when @canonical is not a money value. */
char           *saha_money_display            (const char     *canonical,
                                               const char     *currency,
                                               SahaMoneyStyle  style);

G_END_DECLS
