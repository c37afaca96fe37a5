/* saha-csv.c */
#include "saha-csv.h"
