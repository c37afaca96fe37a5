/* saha-version-vector.c */
#include "saha-version-vector.h"
