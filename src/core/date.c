/*
 * The proleptic Gregorian calendar on day numbers.
 *
 * Conversions use the Euclidean affine functions of Neri and Schneider
 * ("Euclidean affine functions and their application to calendar
 * algorithms", 2022): the year is counted from March so that the leap day
 * comes last, and every division is by a constant the compiler turns into
 * a multiplication.  All arithmetic is unsigned 32-bit, so a day number
 * outside the valid range gives a meaningless but well-defined result.
 */
#include "calendar.h"
#include "fail.h"
#include "text.h"

#include <string.h>

lapse_date lapse_date_min(void) { return LAPSE_DATE_MIN; }
lapse_date lapse_date_max(void) { return LAPSE_DATE_MAX; }
lapse_date lapse_date_none(void) { return LAPSE_DATE_NONE; }

int32_t lapse_is_leap_year(int32_t year) { return lapse__is_leap_year(year); }

int32_t lapse_days_in_month(int32_t year, int32_t month)
{
    if (month < 1 || month > 12)
        return 0;
    return lapse__days_in_month(year, month);
}

/* (month << 5 | day of month) by the day of a year that starts on March 1,
 * months counted 3..14: one load where the arithmetic needs two multiplies.
 * Printed by src/core/date_table.py (a calendar whose February has
 * 29 days); the test generated-tables checks that the two agree. */
const uint16_t lapse__month_day_from_march[366] = {
    97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115,
    116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 129, 130, 131, 132, 133, 134, 135,
    136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154,
    155, 156, 157, 158, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175,
    176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195,
    196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214,
    215, 216, 217, 218, 219, 220, 221, 222, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235,
    236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254,
    255, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274,
    275, 276, 277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 289, 290, 291, 292, 293, 294,
    295, 296, 297, 298, 299, 300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313,
    314, 315, 316, 317, 318, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 332, 333, 334,
    335, 336, 337, 338, 339, 340, 341, 342, 343, 344, 345, 346, 347, 348, 349, 350, 351, 353, 354,
    355, 356, 357, 358, 359, 360, 361, 362, 363, 364, 365, 366, 367, 368, 369, 370, 371, 372, 373,
    374, 375, 376, 377, 378, 379, 380, 381, 382, 385, 386, 387, 388, 389, 390, 391, 392, 393, 394,
    395, 396, 397, 398, 399, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413,
    414, 415, 417, 418, 419, 420, 421, 422, 423, 424, 425, 426, 427, 428, 429, 430, 431, 432, 433,
    434, 435, 436, 437, 438, 439, 440, 441, 442, 443, 444, 445, 446, 447, 449, 450, 451, 452, 453,
    454, 455, 456, 457, 458, 459, 460, 461, 462, 463, 464, 465, 466, 467, 468, 469, 470, 471, 472,
    473, 474, 475, 476, 477,
};

lapse_error lapse_date_from_ymd(int32_t year, int32_t month, int32_t day, lapse_date *out)
{
    if (!out)
        return LAPSE_ERR_NULL_ARGUMENT;
    if (month < 1 || month > 12 || day < 1 || day > lapse__days_in_month(year, month))
        return LAPSE_ERR_DATE_INVALID;
    if (year < 1 || year > 9999)
        return LAPSE_ERR_DATE_RANGE;
    *out = lapse__days_from_civil(year, month, day);
    return LAPSE_OK;
}

void lapse_date_to_ymd(lapse_date date, int32_t *year, int32_t *month, int32_t *day)
{
    int32_t y, m, d;
    lapse__civil_from_days(date, &y, &m, &d);
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
}

static int digit(char c) { return c >= '0' && c <= '9' ? c - '0' : -1; }

lapse_error lapse_date_parse_n(const char *text, size_t length, lapse_date *out)
{
    if (!text || !out)
        return LAPSE_ERR_NULL_ARGUMENT;
    if (length != LAPSE_DATE_TEXT_LEN || text[4] != '-' || text[7] != '-')
        return LAPSE_ERR_DATE_SYNTAX;
    static const unsigned char digit_positions[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
    int value[8];
    for (int i = 0; i < 8; i++) {
        value[i] = digit(text[digit_positions[i]]);
        if (value[i] < 0)
            return LAPSE_ERR_DATE_SYNTAX;
    }
    int32_t year = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3];
    int32_t month = value[4] * 10 + value[5];
    int32_t day = value[6] * 10 + value[7];
    return lapse_date_from_ymd(year, month, day, out);
}

lapse_error lapse_date_parse(const char *text, lapse_date *out)
{
    if (!text || !out)
        return LAPSE_ERR_NULL_ARGUMENT;
    /* Measure at most one byte past a date so that long junk stays cheap. */
    size_t length = 0;
    while (length <= LAPSE_DATE_TEXT_LEN && text[length])
        length++;
    return lapse_date_parse_n(text, length, out);
}

size_t lapse_date_format(lapse_date date, char *buf, size_t size)
{
    char text[LAPSE_DATE_TEXT_LEN];
    return lapse__copy_text(text, lapse__put_date(date, text), buf, size);
}

lapse_error lapse_date_add_months(lapse_date anchor, int32_t months, lapse_date *out)
{
    if (!out)
        return LAPSE_ERR_NULL_ARGUMENT;
    if (!lapse__date_valid(anchor) || !lapse__anchor_add(lapse__anchor_of(anchor), months, out))
        return LAPSE_ERR_DATE_RANGE;
    return LAPSE_OK;
}

lapse_error lapse_date_add_days(lapse_date date, int32_t days, lapse_date *out)
{
    if (!out)
        return LAPSE_ERR_NULL_ARGUMENT;
    int64_t sum = (int64_t)date + days;
    if (!lapse__date_valid(date) || sum < LAPSE_DATE_MIN || sum > LAPSE_DATE_MAX)
        return LAPSE_ERR_DATE_RANGE;
    *out = (lapse_date)sum;
    return LAPSE_OK;
}

int32_t lapse_months_since(lapse_date anchor, lapse_date date)
{
    int64_t k = lapse__anchor_months_until(lapse__anchor_of(anchor), date);
    return k > INT32_MAX ? INT32_MAX : k < INT32_MIN ? INT32_MIN : (int32_t)k;
}
