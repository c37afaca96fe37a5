/* saha-text.c */
#include "saha-text.h"
