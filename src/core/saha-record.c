/* saha-record.c */
#include "saha-record.h"
