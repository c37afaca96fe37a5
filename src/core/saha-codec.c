/* saha-codec.c */
#include "saha-codec.h"
