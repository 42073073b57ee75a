/* Money's private face (money.c): what the fast validation asks of the
 * currency table without the public lapse_currency_digits' checks. */
#ifndef LAPSE_CORE_MONEY_H
#define LAPSE_CORE_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#include "lapse.h"

/* The four bytes of `code` are a code of the currency table and its NUL:
 * what lapse_currency_digits(code) == LAPSE_OK says of a struct's
 * currency[4], without its syntax checks (the one probe and the comparison
 * of the four bytes reject whatever they would).  The fast check of a
 * subscription's currency; the explaining one names the problem. */
bool lapse__currency_known(const char code[4]);

/* The minor-unit digits of the four bytes `code` when lapse__currency_known
 * says yes, else -1: lapse_currency_digits(code, &digits) == LAPSE_OK and
 * its digits, in the same one probe (the one-pass row reader's lookup). */
int32_t lapse__currency_digits(const char code[4]);

#endif
