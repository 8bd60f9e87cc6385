/*
 * Float rounding libcalls for CPUs without SSE4.1's roundss/roundsd (spec 4.3.3
 * "fceil", "ffloor", "ftrunc", "fnearest"). C's rounding functions match the spec, including
 * signed zeros and infinities; nearest rounds half to even (rint in the default rounding
 * mode). glibc may return a signalling NaN input unchanged, while the spec asks for an
 * arithmetic (quiet) NaN, so a NaN input returns `value + value`, which quiets it.
 */
#include <math.h>

#include "internal.h"

float ingot_f32_ceil(float value) { return isnan(value) ? value + value : ceilf(value); }
float ingot_f32_floor(float value) { return isnan(value) ? value + value : floorf(value); }
float ingot_f32_trunc(float value) { return isnan(value) ? value + value : truncf(value); }
float ingot_f32_nearest(float value) { return isnan(value) ? value + value : nearbyintf(value); }
double ingot_f64_ceil(double value) { return isnan(value) ? value + value : ceil(value); }
double ingot_f64_floor(double value) { return isnan(value) ? value + value : floor(value); }
double ingot_f64_trunc(double value) { return isnan(value) ? value + value : trunc(value); }
double ingot_f64_nearest(double value) { return isnan(value) ? value + value : nearbyint(value); }
