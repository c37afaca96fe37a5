/* test-create.h: a record created in one call, for the store and app tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

/* Creates an @entity record on @store from name, value pairs (NULL-terminated) and returns
 * its id; any error fails the test. */
static inline char *
store_test_create (SahaStore  *store,
                   const char *entity,
                   ...)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaFieldInput));
  g_autoptr(GError) error = NULL;
  const char *name;
  char *id;
  va_list args;

  va_start (args, entity);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      SahaFieldInput input = { name, va_arg (args, const char *) };

      g_array_append_val (inputs, input);
    }
  va_end (args);

  id = saha_store_create (store, entity, (SahaFieldInput *) inputs->data, inputs->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}
