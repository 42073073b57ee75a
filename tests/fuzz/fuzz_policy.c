/* libFuzzer: policy text.  Whatever parses is valid, formats in canonical
 * form, and parses back to the same policy; an error always says where. */
#include "lapse.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lapse_policy policy, back;
    lapse_error_detail detail;
    memset(&detail, 0, sizeof detail);
    if (lapse_policy_parse((const char *)data, size, &policy, &detail) != LAPSE_OK) {
        lapse_policy fallback;
        lapse_policy_default(&fallback);
        if (detail.message[0] == '\0' || memcmp(&policy, &fallback, sizeof policy) != 0)
            abort();
        return 0;
    }
    char text[2048];
    size_t length = lapse_policy_format(&policy, text, sizeof text);
    if (length == 0 || length >= sizeof text ||
        lapse_policy_parse(text, length, &back, NULL) != LAPSE_OK ||
        memcmp(&back, &policy, sizeof back) != 0)
        abort();
    /* Any valid policy decides a plain subscription. */
    lapse_subscription s;
    lapse_request r;
    lapse_subscription_init(&s);
    lapse_request_init(&r);
    s.start = 20000;
    r.on = 20040;
    lapse_decision d;
    lapse_error error = lapse_decide_cancel(&policy, &s, &r, &d, NULL);
    if (error != LAPSE_OK && error != LAPSE_ERR_ALREADY_ENDED)
        abort();
    return 0;
}
