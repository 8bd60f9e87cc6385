/*
 * Float rounding libcalls for CPUs without SSE4.1's roundss/roundsd (spec 4.3.3
 * "fceil", "ffloor", "ftrunc", "fnearest"). C's rounding functions match the spec, including
 * signed zeros, infinities and NaN propagation; nearest rounds half to even (rint in the
 * default rounding mode).
 */
#include <math.h>

#include "internal.h"

float ingot_f32_ceil(float value) { return ceilf(value); }
float ingot_f32_floor(float value) { return floorf(value); }
float ingot_f32_trunc(float value) { return truncf(value); }
float ingot_f32_nearest(float value) { return nearbyintf(value); }
double ingot_f64_ceil(double value) { return ceil(value); }
double ingot_f64_floor(double value) { return floor(value); }
double ingot_f64_trunc(double value) { return trunc(value); }
double ingot_f64_nearest(double value) { return nearbyint(value); }
