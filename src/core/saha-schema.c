/* saha-schema.c */
#include "saha-schema.h"
