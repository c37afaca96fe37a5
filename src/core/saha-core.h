/* saha-core.h: the public header of libsaha-core, pure logic shared by client and server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-schema.h"
#include "saha-version-vector.h"
#include "saha-record.h"
#include "saha-codec.h"
#include "saha-text.h"
#include "saha-collation.h"
#include "saha-format.h"
#include "saha-refusal.h"
#include "saha-csv.h"
#include "saha-json-bounds.h"
#include "saha-order-totals.h"
#include "saha-service-call-workflow.h"
#include "saha-contact-policy.h"
#include "saha-signature.h"
#include "saha-status-workflow.h"
#include "saha-consent.h"
#include "saha-erasure.h"
