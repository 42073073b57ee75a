/*
 * lapse._speedups: decide_cancel without the interpreter in the loop.
 *
 * Optional: the package works without it (lapse/_call.py is the pure ctypes
 * path) and uses it when it was built for the running interpreter.  It
 * reads a Subscription and a Request whose fields have their exact types,
 * calls lapse_decide_cancel through the address of the library ctypes
 * loaded (so both paths run the same library), and builds the Decision's
 * __dict__ from the package's own caches.  Anything else (a subclass, a
 * date that is a datetime, an int out of range, a name it has not seen,
 * any error of the library) goes back to the pure path, which decides
 * again and raises the error it always raises: one behaviour, two speeds.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#if PY_VERSION_HEX < 0x030C0000
#include <structmember.h>
#define Py_T_PYSSIZET T_PYSSIZET
#define Py_READONLY READONLY
#endif

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lapse.h"
#include "lapse/tables.h"

/* A function in a slot table's void *: through an integer, which ISO C
 * allows where a direct conversion it does not. */
#define FUNCTION_SLOT(f) ((void *)(uintptr_t)(f))

typedef lapse_error (*decide_fn)(const lapse_policy *, const lapse_subscription *,
                                 const lapse_request *, lapse_decision *, lapse_error_detail *);
typedef lapse_error (*from_ymd_fn)(int32_t, int32_t, int32_t, lapse_date *);

/* OUT_FIELDS: a Decision's 27 fields and _inputs.  Under 30 attributes on
 * purpose: CPython (3.11, measured) shares one key table among a class's
 * instances only up to 29 keys; from the 30th each Decision carries a dict
 * of its own (1.6 KB from malloc instead of 0.3 KB from pymalloc), which
 * made a call about 4x slower (test_a_decision_shares_its_class_keys). */
enum { SUB_FIELDS = 24, REQ_FIELDS = 7, OUT_FIELDS = 28 };
static const char *const sub_names[SUB_FIELDS] = { "start",
                                                   "term",
                                                   "renewal_term",
                                                   "billing",
                                                   "price",
                                                   "balance",
                                                   "currency",
                                                   "auto_renew",
                                                   "contract",
                                                   "online_cancel",
                                                   "licenses",
                                                   "cancelled_on",
                                                   "renewal_price",
                                                   "billing_day",
                                                   "items",
                                                   "billing_month",
                                                   "trial_end",
                                                   "concluded_on",
                                                   "withdrawal_informed",
                                                   "express_request",
                                                   "paused_from",
                                                   "resumes_on",
                                                   "intro_months",
                                                   "intro_price" };
static const char *const req_names[REQ_FIELDS] = { "on",       "channel", "roles", "can_sign_in",
                                                   "provided", "end_on",  "reduce" };
static const char *const out_names[OUT_FIELDS] = {
    "allowed",
    "blocked",
    "warnings",
    "missing_support_info",
    "route",
    "term_start",
    "term_end",
    "notice_deadline",
    "renews_first",
    "effective_end",
    "remaining_term_charge",
    "still_to_invoice",
    "refund",
    "termination_fee",
    "invoices_left",
    "next_invoice",
    "currency",
    "data_deleted_on",
    "confirmation",
    "change_effective_on",
    "recurring_after",
    "saving",
    "applied_to_balance",
    "cash_refund",
    "account_credit",
    "balance_after",
    "item_results",
    "_inputs",
};

/*
 * Slots of the caches on the C side: a dict lookup needs a key object (an
 * allocation for every date) and a hash, for every field of every call.
 * A slot holds a reference to the object the package's cache holds, so a
 * hit is one comparison; a miss looks in the dict (which may miss too: the
 * caller learns and tries again).  The GIL guards them, as it guards the
 * dicts.  Dates: one slot per day modulo DATE_SLOTS.  The name caches (sets
 * of names by their bits, names by their value): values below NAME_SLOTS,
 * one slot each.
 */
enum { DATE_SLOTS = 8192, NAME_SLOTS = 2048 };
enum { REASONS, WARNINGS, MISSING, ROUTES, CONFIRMATIONS, NAME_CACHES };

/* Every object the module holds, besides the arrays below: one list for
 * the state's fields, its traversal and its clearing. */
#define STATE_OBJECTS(X)                                                              \
    X(date_type)         /* datetime.date, from datetime's C API */                   \
    X(accelerated_type)  /* the type of `accelerated` */                              \
    X(subscription_type) /* init()'s: the package's types, */                         \
    X(request_type)                                                                   \
    X(decision_type)                                                                  \
    X(role_type)                                                                      \
    X(support_type)                                                                   \
    X(channels) /* name or member -> value, */                                        \
    X(roles)                                                                          \
    X(supports)                                                                       \
    X(dates) /* its caches, */                                                        \
    X(reasons)                                                                        \
    X(warnings)                                                                       \
    X(missing)                                                                        \
    X(routes)                                                                         \
    X(confirmations)                                                                  \
    X(learn)              /* learn(values tuple): fills the caches */                 \
    X(fallback)           /* the pure decide_cancel(subscription, request, policy) */ \
    X(policy_address)     /* policy_address(policy): its C struct's address */        \
    X(value_name)         /* "_value_" */                                             \
    X(no_arguments)       /* () for object.__new__ */                                 \
    X(last_currency_text) /* the text of last_currency */

/*
 * The module's state, one per module object (PEP 489): several
 * interpreters, or two module objects made from the same file, each have
 * their own types, caches and slots, and share no object.
 */
typedef struct {
#define DECLARE_OBJECT(name) PyObject *name;
    STATE_OBJECTS(DECLARE_OBJECT)
#undef DECLARE_OBJECT
    PyObject *sub_keys[SUB_FIELDS], *req_keys[REQ_FIELDS], *out_keys[OUT_FIELDS];
    decide_fn decide; /* init()'s: the library's functions */
    from_ymd_fn from_ymd;
    int ready;             /* init() succeeded */
    char last_currency[4]; /* most calls repeat the last currency */
    struct {
        lapse_date day;
        PyObject *value; /* NULL: empty */
    } date_slots[DATE_SLOTS];
    PyObject *name_slots[NAME_CACHES][NAME_SLOTS];
} speedups_state;

static speedups_state *module_state(PyObject *module)
{
    return (speedups_state *)PyModule_GetState(module);
}

/* A field from an instance's __dict__ (dataclasses without slots), or NULL. */
static PyObject *field(PyObject *dict, PyObject *key) { return PyDict_GetItemWithError(dict, key); }

static int exact_date(const speedups_state *st, PyObject *value, lapse_date *out)
{
    if (!Py_IS_TYPE(value, (PyTypeObject *)st->date_type))
        return 0;
    return st->from_ymd(PyDateTime_GET_YEAR(value), PyDateTime_GET_MONTH(value),
                        PyDateTime_GET_DAY(value), out) == LAPSE_OK;
}

static int optional_date(const speedups_state *st, PyObject *value, lapse_date *out)
{
    if (value == Py_None) {
        *out = LAPSE_DATE_NONE;
        return 1;
    }
    return exact_date(st, value, out);
}

static int exact_int64(PyObject *value, int64_t *out)
{
    if (!PyLong_CheckExact(value))
        return 0;
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow || (v == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    *out = v;
    return 1;
}

static int exact_int32(PyObject *value, int32_t *out)
{
    int64_t v;
    if (!exact_int64(value, &v) || v < INT32_MIN || v > INT32_MAX)
        return 0;
    *out = (int32_t)v;
    return 1;
}

static int exact_bool(PyObject *value, int32_t *out)
{
    if (value != Py_True && value != Py_False)
        return 0;
    *out = value == Py_True;
    return 1;
}

/* A Flag member (its _value_) or a list or tuple of names in `names`. */
static int bits_of(const speedups_state *st, PyObject *value, PyObject *flag_type, PyObject *names,
                   uint32_t *out)
{
    if ((PyObject *)Py_TYPE(value) == flag_type) {
        PyObject *v = PyObject_GetAttr(value, st->value_name);
        int64_t bits = 0;
        int ok = v && exact_int64(v, &bits) && bits >= 0 && bits <= UINT32_MAX;
        Py_XDECREF(v);
        PyErr_Clear();
        *out = (uint32_t)bits;
        return ok;
    }
    if (!PyList_CheckExact(value) && !PyTuple_CheckExact(value))
        return 0;
    PyObject **items = PySequence_Fast_ITEMS(value);
    Py_ssize_t n = PySequence_Fast_GET_SIZE(value);
    uint32_t bits = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *bit = PyDict_GetItemWithError(names, items[i]);
        int64_t v;
        if (!bit || !exact_int64(bit, &v)) {
            PyErr_Clear();
            return 0;
        }
        bits |= (uint32_t)v;
    }
    *out = bits;
    return 1;
}

/* No items (an empty tuple or list) and no reduction (None or an empty
 * dict): the subscriptions and requests this path decides.  Items and
 * reductions go the pure path, which gives them room in C. */
static int no_items(PyObject *value)
{
    return value == Py_None || (PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) == 0) ||
           (PyList_CheckExact(value) && PyList_GET_SIZE(value) == 0) ||
           (PyDict_CheckExact(value) && PyDict_GET_SIZE(value) == 0);
}

/* An instance's __dict__ (a new reference, or NULL) and in v[] the fields
 * named by keys[] (borrowed); *ok is whether every one is there. */
static PyObject *fields_of(PyObject *object, PyObject *const keys[], int count, PyObject **v,
                           int *ok)
{
    PyObject *dict = PyObject_GenericGetDict(object, NULL);
    *ok = dict != NULL;
    for (int i = 0; i < count && *ok; i++)
        *ok = (v[i] = field(dict, keys[i])) != NULL;
    return dict;
}

static int read_subscription(const speedups_state *st, PyObject *object, lapse_subscription *s)
{
    PyObject *v[SUB_FIELDS];
    int ok;
    PyObject *dict = fields_of(object, st->sub_keys, SUB_FIELDS, v, &ok);
    if (!dict)
        return 0;
    memset(s, 0, sizeof *s); /* every field is set below; reserved space stays zero */
    Py_ssize_t length = 0;
    const char *currency =
        ok && PyUnicode_CheckExact(v[6]) ? PyUnicode_AsUTF8AndSize(v[6], &length) : NULL;
    ok = ok && exact_date(st, v[0], &s->start) && exact_int32(v[1], &s->term) &&
         exact_int32(v[2], &s->renewal_term) && exact_int32(v[3], &s->billing) &&
         exact_int64(v[4], &s->price) && exact_int64(v[5], &s->balance) && currency &&
         length == 3 && exact_bool(v[7], &s->auto_renew) && exact_bool(v[8], &s->contract) &&
         exact_bool(v[9], &s->online_cancel) && exact_int32(v[10], &s->licenses) &&
         optional_date(st, v[11], &s->cancelled_on) &&
         (v[12] == Py_None ? (s->renewal_price = LAPSE_AMOUNT_NONE, 1)
                           : exact_int64(v[12], &s->renewal_price)) &&
         exact_int32(v[13], &s->billing_day) && no_items(v[14]) &&
         exact_int32(v[15], &s->billing_month) && optional_date(st, v[16], &s->trial_end) &&
         optional_date(st, v[17], &s->concluded_on) && exact_bool(v[18], &s->withdrawal_informed) &&
         exact_bool(v[19], &s->express_request) && optional_date(st, v[20], &s->paused_from) &&
         optional_date(st, v[21], &s->resumes_on) && exact_int32(v[22], &s->intro_months) &&
         exact_int64(v[23], &s->intro_price);
    if (ok)
        memcpy(s->currency, currency, 4); /* with its NUL */
    Py_DECREF(dict);
    PyErr_Clear();
    return ok;
}

static int read_request(const speedups_state *st, PyObject *object, lapse_request *r)
{
    PyObject *v[REQ_FIELDS];
    int ok;
    PyObject *dict = fields_of(object, st->req_keys, REQ_FIELDS, v, &ok);
    if (!dict)
        return 0;
    memset(r, 0, sizeof *r); /* every field is set below */
    PyObject *channel = ok ? PyDict_GetItemWithError(st->channels, v[1]) : NULL;
    int32_t channel_value = 0;
    ok = ok && exact_date(st, v[0], &r->on) && channel && exact_int32(channel, &channel_value) &&
         bits_of(st, v[2], st->role_type, st->roles, &r->roles) &&
         exact_bool(v[3], &r->can_sign_in) &&
         bits_of(st, v[4], st->support_type, st->supports, &r->provided) &&
         optional_date(st, v[5], &r->end_on) && no_items(v[6]);
    r->channel = (lapse_channel)channel_value;
    Py_DECREF(dict);
    PyErr_Clear();
    return ok;
}

/* A cached value for a number (a date, a set of names, a name), or NULL. */
static PyObject *cached(PyObject *cache, long long number)
{
    PyObject *key = PyLong_FromLongLong(number);
    if (!key)
        return NULL;
    PyObject *value = PyDict_GetItemWithError(cache, key);
    Py_DECREF(key);
    return value; /* borrowed */
}

static PyObject *cached_date(speedups_state *st, lapse_date day)
{
    size_t i = (uint32_t)day & (DATE_SLOTS - 1);
    if (st->date_slots[i].value && st->date_slots[i].day == day)
        return st->date_slots[i].value;
    PyObject *value = cached(st->dates, day);
    if (value) {
        Py_INCREF(value);
        Py_XSETREF(st->date_slots[i].value, value);
        st->date_slots[i].day = day;
    }
    return value; /* borrowed */
}

static PyObject *cached_name(speedups_state *st, int which, PyObject *cache, uint32_t number)
{
    if (number >= NAME_SLOTS)
        return cached(cache, number);
    PyObject **slot = &st->name_slots[which][number];
    if (*slot)
        return *slot;
    PyObject *value = cached(cache, number);
    if (value) {
        Py_INCREF(value);
        *slot = value;
    }
    return value; /* borrowed */
}

/* The currency's text: most calls repeat the last one. */
static PyObject *currency_text(speedups_state *st, const char code[4])
{
    if (!st->last_currency_text || memcmp(st->last_currency, code, 4) != 0) {
        PyObject *text = PyUnicode_FromStringAndSize(code, (Py_ssize_t)strnlen(code, 4));
        if (!text)
            return NULL;
        Py_XSETREF(st->last_currency_text, text);
        memcpy(st->last_currency, code, 4);
    }
    Py_INCREF(st->last_currency_text);
    return st->last_currency_text; /* a new reference */
}

/* Emptied when init() is given other caches. */
static void forget_slots(speedups_state *st)
{
    for (size_t i = 0; i < DATE_SLOTS; i++)
        Py_CLEAR(st->date_slots[i].value);
    for (size_t k = 0; k < NAME_CACHES; k++)
        for (size_t i = 0; i < NAME_SLOTS; i++)
            Py_CLEAR(st->name_slots[k][i]);
}

/* The Decision, with the fields the pure path gives it; NULL on a cache
 * miss (the caller learns and tries again) or an error.  Made as
 * object.__new__ makes it, its attributes set as object.__setattr__ sets
 * them (the class's own __setattr__ refuses: it is frozen), so that they
 * live in the instance's shared-key values, without a dict of their own. */
static PyObject *new_decision(speedups_state *st, const lapse_decision *d,
                              PyObject *const inputs[3])
{
    PyObject *values[OUT_FIELDS] = { 0 };
    values[0] = d->allowed ? Py_True : Py_False;
    values[1] = cached_name(st, REASONS, st->reasons, d->blocked);
    values[2] = cached_name(st, WARNINGS, st->warnings, d->warnings);
    values[3] = cached_name(st, MISSING, st->missing, d->missing_support_info);
    values[4] = cached_name(st, ROUTES, st->routes, (uint32_t)d->route);
    values[5] = cached_date(st, d->term_start);
    values[6] = cached_date(st, d->term_end);
    values[7] = cached_date(st, d->notice_deadline);
    values[8] = d->renews_first ? Py_True : Py_False;
    values[9] = cached_date(st, d->effective_end);
    values[15] = cached_date(st, d->next_invoice);
    values[17] = cached_date(st, d->data_deleted_on);
    values[18] = cached_name(st, CONFIRMATIONS, st->confirmations, (uint32_t)d->confirmation);
    /* No reduction on this path: no change date, item results (). */
    values[19] = cached_date(st, d->change_effective_on);
    for (int i = 0; i < OUT_FIELDS; i++)
        if (i < 10 || i == 15 || i == 17 || i == 18 || i == 19)
            if (!values[i])
                return NULL;
    PyObject *owned[14] = {
        PyLong_FromLongLong(d->remaining_term_charge),
        PyLong_FromLongLong(d->still_to_invoice),
        PyLong_FromLongLong(d->refund),
        PyLong_FromLongLong(d->termination_fee),
        PyLong_FromLong(d->invoices_left),
        currency_text(st, d->currency),
        PyLong_FromLongLong(d->recurring_after),
        PyLong_FromLongLong(d->saving),
        PyLong_FromLongLong(d->applied_to_balance),
        PyLong_FromLongLong(d->cash_refund),
        PyLong_FromLongLong(d->account_credit),
        PyLong_FromLongLong(d->balance_after),
        PyTuple_New(0),
        /* The inputs, not a field: for explain().  One tuple, not three
         * attributes: see OUT_FIELDS. */
        PyTuple_Pack(3, inputs[0], inputs[1], inputs[2]),
    };
    values[10] = owned[0], values[11] = owned[1], values[12] = owned[2];
    values[13] = owned[3], values[14] = owned[4], values[16] = owned[5];
    values[20] = owned[6], values[21] = owned[7], values[22] = owned[8];
    values[23] = owned[9], values[24] = owned[10], values[25] = owned[11];
    values[26] = owned[12], values[27] = owned[13];
    PyTypeObject *type = (PyTypeObject *)st->decision_type;
    PyObject *decision = PyBaseObject_Type.tp_new(type, st->no_arguments, NULL);
    for (int i = 0; decision && i < OUT_FIELDS; i++) {
        if (!values[i] || PyObject_GenericSetAttr(decision, st->out_keys[i], values[i]) < 0)
            Py_CLEAR(decision);
    }
    for (int i = 0; i < 14; i++)
        Py_XDECREF(owned[i]);
    return decision;
}

static PyObject *fallback(const speedups_state *st, PyObject *subscription, PyObject *request,
                          PyObject *policy)
{
    return PyObject_CallFunctionObjArgs(st->fallback, subscription, request, policy, NULL);
}

/* decide_cancel(subscription, request, policy=None), with the state of the
 * module it belongs to. */
static PyObject *decide_cancel(speedups_state *st, PyObject *const *args, Py_ssize_t nargs,
                               PyObject *kwnames)
{
    if (!st->ready) {
        PyErr_SetString(PyExc_RuntimeError,
                        "lapse._speedups: decide_cancel before init() (the package calls it)");
        return NULL;
    }
    Py_ssize_t given = PyVectorcall_NARGS(nargs);
    Py_ssize_t keywords = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *policy = given > 2 ? args[2] : Py_None;
    if (keywords == 1 && given == 2 &&
        PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), "policy") == 0)
        policy = args[2];
    else if (keywords > 0 || given < 2 || given > 3) {
        /* Anything unusual (other keywords, a missing argument) gets the
         * pure function's own TypeError. */
        return PyObject_Vectorcall(st->fallback, args, nargs, kwnames);
    }
    PyObject *subscription = args[0], *request = args[1];
    const lapse_policy *p = NULL;
    if (policy != Py_None) {
        PyObject *address = PyObject_CallOneArg(st->policy_address, policy);
        if (!address)
            return NULL;
        p = PyLong_AsVoidPtr(address);
        Py_DECREF(address);
        if (!p && PyErr_Occurred())
            return NULL;
    }
    lapse_subscription s;
    lapse_request r;
    lapse_decision d;
    if ((PyObject *)Py_TYPE(subscription) != st->subscription_type ||
        (PyObject *)Py_TYPE(request) != st->request_type ||
        !read_subscription(st, subscription, &s) || !read_request(st, request, &r) ||
        st->decide(p, &s, &r, &d, NULL) != LAPSE_OK)
        return fallback(st, subscription, request, policy);
    PyObject *const inputs[3] = { subscription, request, policy };
    PyObject *decision = new_decision(st, &d, inputs);
    if (!decision && !PyErr_Occurred()) {
        /* A date, set or name not seen yet: the package learns it. */
        PyObject *raw = Py_BuildValue(
            "(IIIIiiiiiiLLLiiy#iiL)", (unsigned)d.allowed, d.blocked, d.warnings,
            d.missing_support_info, (int)d.route, d.term_start, d.term_end, d.notice_deadline,
            d.renews_first, d.effective_end, (long long)d.remaining_term_charge,
            (long long)d.still_to_invoice, (long long)d.refund, (int)d.invoices_left,
            d.next_invoice, d.currency, (Py_ssize_t)4, d.data_deleted_on, (int)d.confirmation,
            (long long)d.termination_fee);
        PyObject *learned = raw ? PyObject_CallOneArg(st->learn, raw) : NULL;
        Py_XDECREF(raw);
        if (learned) {
            Py_DECREF(learned);
            decision = new_decision(st, &d, inputs);
        }
    }
    if (!decision)
        return PyErr_Occurred() ? NULL : fallback(st, subscription, request, policy);
    return decision;
}

/* The module's decide_cancel (a builtin function). */
static PyObject *speedups_decide_cancel(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                                        PyObject *kwnames)
{
    return decide_cancel(module_state(module), args, nargs, kwnames);
}

/* init(decide, from_ymd, Subscription, Request, Decision, Role, SupportInfo,
 *      channels, roles, supports, dates, reasons, warnings, missing, routes,
 *      confirmations, learn, fallback, policy_address) */
static PyObject *speedups_init(PyObject *module, PyObject *args)
{
    speedups_state *st = module_state(module);
    PyObject *decide, *from_ymd;
    PyObject *objects[17];
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOOOOOOOOO", &decide, &from_ymd, &objects[0], &objects[1],
                          &objects[2], &objects[3], &objects[4], &objects[5], &objects[6],
                          &objects[7], &objects[8], &objects[9], &objects[10], &objects[11],
                          &objects[12], &objects[13], &objects[14], &objects[15], &objects[16]))
        return NULL;
    /* Addresses as integers (ctypes gives them so); an integer converts to
     * a function pointer where an object pointer may not. */
    decide_fn decide_address = (decide_fn)(uintptr_t)PyLong_AsUnsignedLongLong(decide);
    from_ymd_fn from_ymd_address = (from_ymd_fn)(uintptr_t)PyLong_AsUnsignedLongLong(from_ymd);
    if (PyErr_Occurred() || !decide_address || !from_ymd_address) {
        PyErr_SetString(PyExc_ValueError, "init: the library's function addresses");
        return NULL;
    }
    PyObject **slots[17] = { &st->subscription_type,
                             &st->request_type,
                             &st->decision_type,
                             &st->role_type,
                             &st->support_type,
                             &st->channels,
                             &st->roles,
                             &st->supports,
                             &st->dates,
                             &st->reasons,
                             &st->warnings,
                             &st->missing,
                             &st->routes,
                             &st->confirmations,
                             &st->learn,
                             &st->fallback,
                             &st->policy_address };
    st->ready = 0;
    st->decide = decide_address;
    st->from_ymd = from_ymd_address;
    forget_slots(st);
    for (int i = 0; i < 17; i++) {
        Py_INCREF(objects[i]);
        Py_XSETREF(*slots[i], objects[i]);
    }
    for (int i = 5; i <= 13; i++)
        if (!PyDict_CheckExact(*slots[i])) {
            PyErr_SetString(PyExc_TypeError, "init: the caches and name maps are dicts");
            return NULL;
        }
    st->ready = 1;
    Py_RETURN_NONE;
}

/*
 * decide_cancel as the package exposes it: a callable object (vectorcall,
 * no cost over a builtin function) with a __dict__, so that the package can
 * give it the pure function's name, documentation, __wrapped__ and
 * __signature__ (functools.update_wrapper): inspect.signature and help()
 * then show the typed signature, which a builtin function cannot carry.
 * Its type is the module's own (a heap type made from the module), which
 * is how a call finds the module's state.
 */
typedef struct {
    PyObject_HEAD vectorcallfunc vectorcall;
    PyObject *dict;
} Accelerated;

static PyObject *accelerated_call(PyObject *callable, PyObject *const *args, size_t nargsf,
                                  PyObject *kwnames)
{
    speedups_state *st = PyType_GetModuleState(Py_TYPE(callable));
    if (!st)
        return NULL;
    return decide_cancel(st, args, (Py_ssize_t)nargsf, kwnames);
}

static void accelerated_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(((Accelerated *)self)->dict);
    PyObject_GC_Del(self);
    Py_DECREF(type); /* an instance of a heap type holds its type */
}

static int accelerated_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(((Accelerated *)self)->dict);
    return 0;
}

static int accelerated_clear(PyObject *self)
{
    Py_CLEAR(((Accelerated *)self)->dict);
    return 0;
}

/* Pickled by its qualified name, as a function is. */
static PyObject *accelerated_reduce(PyObject *self, PyObject *unused)
{
    (void)unused;
    return PyObject_GetAttrString(self, "__qualname__");
}

static PyMethodDef accelerated_methods[] = {
    { "__reduce__", accelerated_reduce, METH_NOARGS, NULL },
    { NULL, NULL, 0, NULL },
};

static PyGetSetDef accelerated_getset[] = {
    { "__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL },
};

static PyMemberDef accelerated_members[] = {
    { "__vectorcalloffset__", Py_T_PYSSIZET, offsetof(Accelerated, vectorcall), Py_READONLY, NULL },
    { "__dictoffset__", Py_T_PYSSIZET, offsetof(Accelerated, dict), Py_READONLY, NULL },
    { NULL, 0, 0, 0, NULL },
};

static PyType_Slot accelerated_slots[] = {
    { Py_tp_dealloc, FUNCTION_SLOT(accelerated_dealloc) },
    { Py_tp_traverse, FUNCTION_SLOT(accelerated_traverse) },
    { Py_tp_clear, FUNCTION_SLOT(accelerated_clear) },
    { Py_tp_call, FUNCTION_SLOT(PyVectorcall_Call) },
    { Py_tp_getattro, FUNCTION_SLOT(PyObject_GenericGetAttr) },
    { Py_tp_setattro, FUNCTION_SLOT(PyObject_GenericSetAttr) },
    { Py_tp_methods, accelerated_methods },
    { Py_tp_getset, accelerated_getset },
    { Py_tp_members, accelerated_members },
    { Py_tp_doc, (void *)"lapse.decide_cancel, accelerated." },
    { 0, NULL },
};

/* As the static type it was: not instantiable from Python, its attributes
 * fixed. */
static PyType_Spec accelerated_spec = {
    .name = "lapse._speedups.accelerated_function",
    .basicsize = sizeof(Accelerated),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = accelerated_slots,
};

/*
 * factorize_text(address, rows, codes_address, missing) -> (uniques, table)
 * or None: a text column of pandas (a numpy object array: `rows` PyObject
 * pointers at `address`, which the caller keeps alive) as a dictionary
 * (lapse_dictionary) without a pass of Python per row: row i's code into
 * `uniques` (the distinct texts, by value: two equal str objects are one
 * text) written as an int32 at codes_address + 4 * i, -1 for a missing
 * cell (None, a float NaN, or an object of the tuple `missing`: pandas' NA
 * and NaT).  `table` is the bytes of `len(uniques)` lapse_text, each
 * text's UTF-8 (kept by its str object, so alive while `uniques` is).
 * None when a cell is anything else (an int, a date, a str subclass, a
 * float that is not NaN, text UTF-8 cannot hold): the caller's own
 * conversion reads such a column, as it reads it without the accelerator.
 *
 * With a true fifth argument `flags`, a column of True, False and missing
 * cells (pd.read_csv's flag column with an empty cell) is taken too:
 * `uniques` then holds the bool objects in the order of their first rows
 * (as pd.factorize's), their table texts "true" and "false" (a boolean
 * column reads them as those bools; the caller gives C the table only for
 * one).  A column mixing bools and str is None, as before.
 *
 * pd.read_csv gives a text repeated within a chunk as one object, so a
 * cache of pointers answers most rows before any hashing; a miss looks
 * the text up by value.  The slot is a multiplicative hash of the whole
 * pointer: the pointer's low bits (1024 slots by bits 4-13) used a quarter
 * of the slots, pymalloc's blocks of a short str being 64 bytes apart.  On
 * bench_frame.py's date columns (2,500-3,400 distinct dates, 77,000-101,000
 * distinct objects) the 4096 slots miss 376,000, 459,000 and 109,000 of
 * the 1M rows (start, on, cancelled_on) where the 1024 missed 892,000,
 * 911,000 and 183,000 (counted by replaying the pointers).  No Python code runs (exact str objects
 * hash and compare in C), so no object of the array is freed meanwhile.
 */
enum { POINTER_SLOTS = 4096, POINTER_SHIFT = 64 - 12 };

static PyObject *speedups_factorize_text(PyObject *module, PyObject *args)
{
    (void)module;
    unsigned long long address, codes_address;
    Py_ssize_t rows;
    PyObject *missing;
    int flags = 0, saw_text = 0, saw_flag = 0;
    if (!PyArg_ParseTuple(args, "KnKO!|p", &address, &rows, &codes_address, &PyTuple_Type, &missing,
                          &flags))
        return NULL;
    if (rows < 0 || (rows > 0 && (!address || !codes_address))) {
        PyErr_SetString(PyExc_ValueError, "factorize_text: bad arguments");
        return NULL;
    }
    PyObject *const *cells = (PyObject *const *)(uintptr_t)address;
    int32_t *codes = (int32_t *)(uintptr_t)codes_address;
    struct {
        PyObject *object;
        int32_t code;
    } slots[POINTER_SLOTS];
    memset(slots, 0, sizeof slots);
    PyObject *by_text = PyDict_New(), *uniques = PyList_New(0);
    PyObject *result = NULL;
    if (!by_text || !uniques)
        goto done;
    Py_ssize_t missing_count = PyTuple_GET_SIZE(missing);
    for (Py_ssize_t i = 0; i < rows; i++) {
        PyObject *cell = cells[i];
        size_t slot = (size_t)(((uint64_t)(uintptr_t)cell * 0x9E3779B97F4A7C15u) >> POINTER_SHIFT);
        if (slots[slot].object == cell && cell) {
            codes[i] = slots[slot].code;
            continue;
        }
        int32_t code;
        if (!cell) {
            PyErr_SetString(PyExc_ValueError, "factorize_text: a NULL cell");
            goto done;
        }
        if (flags && (cell == Py_True || cell == Py_False)) {
            if (saw_text) { /* bools and text: the caller's conversion */
                result = Py_NewRef(Py_None);
                goto done;
            }
            saw_flag = 1;
            Py_ssize_t count = PyList_GET_SIZE(uniques);
            code = count && PyList_GET_ITEM(uniques, 0) == cell ? 0 : count > 1 ? 1 : -1;
            if (code < 0) { /* its first row */
                if (PyList_Append(uniques, cell) < 0)
                    goto done;
                code = (int32_t)count;
            }
        } else if (PyUnicode_CheckExact(cell)) {
            if (saw_flag) {
                result = Py_NewRef(Py_None);
                goto done;
            }
            saw_text = 1;
            PyObject *found = PyDict_GetItemWithError(by_text, cell);
            if (found) {
                code = (int32_t)PyLong_AsLong(found);
            } else if (PyErr_Occurred()) {
                goto done;
            } else {
                Py_ssize_t count = PyList_GET_SIZE(uniques);
                if (count >= INT32_MAX) {
                    result = Py_NewRef(Py_None);
                    goto done;
                }
                PyObject *number = PyLong_FromSsize_t(count);
                int failed = !number || PyDict_SetItem(by_text, cell, number) < 0 ||
                             PyList_Append(uniques, cell) < 0;
                Py_XDECREF(number);
                if (failed)
                    goto done;
                code = (int32_t)count;
            }
        } else {
            int is_missing =
                cell == Py_None ||
                (PyFloat_CheckExact(cell) && PyFloat_AS_DOUBLE(cell) != PyFloat_AS_DOUBLE(cell));
            for (Py_ssize_t k = 0; k < missing_count && !is_missing; k++)
                is_missing = cell == PyTuple_GET_ITEM(missing, k);
            if (!is_missing) { /* another type: the caller's conversion */
                result = Py_NewRef(Py_None);
                goto done;
            }
            code = -1;
        }
        codes[i] = code;
        slots[slot].object = cell;
        slots[slot].code = code;
    }
    Py_ssize_t count = PyList_GET_SIZE(uniques);
    PyObject *table = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(lapse_text));
    if (!table)
        goto done;
    lapse_text *texts = (lapse_text *)(void *)PyBytes_AS_STRING(table);
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *unique = PyList_GET_ITEM(uniques, k);
        if (unique == Py_True || unique == Py_False) {
            texts[k].data = unique == Py_True ? "true" : "false";
            texts[k].length = unique == Py_True ? 4 : 5;
            continue;
        }
        Py_ssize_t length;
        const char *data = PyUnicode_AsUTF8AndSize(unique, &length);
        if (!data) { /* a lone surrogate: the caller's conversion says what */
            PyErr_Clear();
            Py_DECREF(table);
            result = Py_NewRef(Py_None);
            goto done;
        }
        texts[k].data = data;
        texts[k].length = (size_t)length;
    }
    result = Py_BuildValue("(ON)", uniques, table);
done:
    Py_XDECREF(by_text);
    Py_XDECREF(uniques);
    return result;
}

/*
 * float_money(values_address, rows, codes_address, codes_size, scales,
 * out_address, missing_value) -> (rest, missing): a float money column as
 * pd.read_csv gives one (`rows` float64 at values_address, NaN for an
 * empty cell) as minor units, in one pass: row i's currency is
 * scales[k], k its code (int32 or int64 of codes_size bytes at
 * codes_address, a negative code the last scale; codes_size 0: scale 0 for
 * every row), `scales` the bytes of one float64 10**digits a currency
 * (NaN for a currency that is not one).  Where m = rint(value * scale) is
 * a whole number from 0 below 2**52 with m / scale == value (and value
 * not -0.0), m is written at out_address + 8 * i: the value's shortest
 * decimal text has no more decimals than the currency, and m is what that
 * text reads as.  A NaN row gets missing_value (`missing` counts them);
 * every other row (more decimals, negative, huge, infinite, a bad
 * currency) is left unwritten and listed in `rest` (the bytes of int64
 * row numbers, ascending) for the caller's conversion through the text.
 * The same arithmetic as columns._from_float_money's numpy twin, in IEEE
 * double, one operation at a time.
 */
static PyObject *speedups_float_money(PyObject *module, PyObject *args)
{
    (void)module;
    unsigned long long address, codes_address, out_address;
    Py_ssize_t rows, codes_size;
    Py_buffer scales;
    long long missing_value;
    if (!PyArg_ParseTuple(args, "KnKny*KL", &address, &rows, &codes_address, &codes_size, &scales,
                          &out_address, &missing_value))
        return NULL;
    Py_ssize_t count = scales.len / (Py_ssize_t)sizeof(double);
    if (rows < 0 || count < 1 || (rows > 0 && (!address || !out_address)) ||
        (codes_size != 0 && codes_size != 4 && codes_size != 8) ||
        (codes_size && rows > 0 && !codes_address)) {
        PyBuffer_Release(&scales);
        PyErr_SetString(PyExc_ValueError, "float_money: bad arguments");
        return NULL;
    }
    const double *values = (const double *)(uintptr_t)address;
    const double *scale_of = (const double *)scales.buf;
    int64_t *out = (int64_t *)(uintptr_t)out_address;
    const int32_t *codes32 = (const int32_t *)(uintptr_t)codes_address;
    const int64_t *codes64 = (const int64_t *)(uintptr_t)codes_address;
    size_t room = 0, used = 0;
    int64_t *rest = NULL;
    Py_ssize_t missing = 0;
    const double top = 4503599627370496.0; /* 2**52 */
    for (Py_ssize_t i = 0; i < rows; i++) {
        double value = values[i];
        if (value != value) {
            out[i] = missing_value;
            missing++;
            continue;
        }
        int64_t k = codes_size == 4 ? codes32[i] : codes_size == 8 ? codes64[i] : 0;
        if (k < 0 || k >= count) /* as Python's k % count */
            k = (k % count + count) % count;
        double scale = scale_of[k];
        double minor = rint(value * scale);
        if (minor >= 0 && minor < top && minor / scale == value && !signbit(value)) {
            out[i] = (int64_t)minor;
            continue;
        }
        if (used == room) {
            size_t more = room ? 2 * room : 1024;
            int64_t *grown = PyMem_Realloc(rest, more * sizeof *rest);
            if (!grown) {
                PyMem_Free(rest);
                PyBuffer_Release(&scales);
                return PyErr_NoMemory();
            }
            rest = grown;
            room = more;
        }
        rest[used++] = (int64_t)i;
    }
    PyBuffer_Release(&scales);
    PyObject *listed =
        PyBytes_FromStringAndSize((const char *)rest, (Py_ssize_t)(used * sizeof *rest));
    PyMem_Free(rest);
    if (!listed)
        return NULL;
    return Py_BuildValue("(Nn)", listed, missing);
}

/*
 * fill_objects(out_address, rows, source_address, itemsize, kind, make,
 * failed_address, na) -> None: an output column of lapse.pandas as the
 * object array pandas' string dtype holds, in one pass: row i of the
 * numpy object array at out_address (`rows` references, None when made,
 * which the caller keeps alive) becomes `na` where the bool at
 * failed_address + i is true (failed_address 0: no row failed), else the
 * object of row i's value in the source column: kind 'i' or 'u' a signed
 * or unsigned integer of `itemsize` bytes, its object make(value), called
 * once per distinct value; kind 'U' numpy text of `itemsize` bytes (UCS4,
 * NUL-padded), its object the str of those characters, made once per
 * distinct text.  Each old reference is released, each new one held.
 * What make raises is raised (the rows before keep their new objects).
 */
enum { SMALL_VALUES = 4096, TEXT_SLOTS = 256 };

static PyObject *made_for(PyObject *made, PyObject *make, long long value)
{
    PyObject *key = PyLong_FromLongLong(value);
    if (!key)
        return NULL;
    PyObject *found = PyDict_GetItemWithError(made, key);
    if (!found && !PyErr_Occurred()) {
        PyObject *object = PyObject_CallOneArg(make, key);
        if (object && PyDict_SetItem(made, key, object) < 0)
            Py_CLEAR(object);
        Py_XDECREF(object); /* the dict holds it */
        found = object ? PyDict_GetItemWithError(made, key) : NULL;
    }
    Py_DECREF(key);
    return found; /* borrowed from `made` */
}

static PyObject *speedups_fill_objects(PyObject *module, PyObject *args)
{
    (void)module;
    unsigned long long out_address, source_address, failed_address;
    Py_ssize_t rows, itemsize;
    int kind;
    PyObject *make, *na;
    if (!PyArg_ParseTuple(args, "KnKnCOKO", &out_address, &rows, &source_address, &itemsize, &kind,
                          &make, &failed_address, &na))
        return NULL;
    int integers = kind == 'i' || kind == 'u';
    if (rows < 0 || (rows > 0 && (!out_address || !source_address)) ||
        (integers && itemsize != 1 && itemsize != 2 && itemsize != 4 && itemsize != 8) ||
        (kind == 'U' && (itemsize < 4 || itemsize % 4 || itemsize > 4 * 64)) ||
        (!integers && kind != 'U') || (integers && !PyCallable_Check(make))) {
        PyErr_SetString(PyExc_ValueError, "fill_objects: bad arguments");
        return NULL;
    }
    PyObject **out = (PyObject **)(uintptr_t)out_address;
    const unsigned char *source = (const unsigned char *)(uintptr_t)source_address;
    const unsigned char *failed = (const unsigned char *)(uintptr_t)failed_address;
    PyObject *made = PyDict_New();
    PyObject **small = integers ? PyMem_Calloc(SMALL_VALUES, sizeof *small) : NULL;
    struct {
        unsigned char text[4 * 64];
        PyObject *object;
    } *slots = kind == 'U' ? PyMem_Calloc(TEXT_SLOTS, sizeof *slots) : NULL;
    PyObject *result = NULL;
    if (!made || (integers && !small) || (kind == 'U' && !slots)) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < rows; i++) {
        PyObject *object;
        const unsigned char *at = source + i * itemsize;
        if (failed && failed[i]) {
            object = na;
        } else if (integers) {
            long long value;
            if (itemsize == 1)
                value = kind == 'i' ? (long long)*(const int8_t *)at : (long long)*at;
            else if (itemsize == 2)
                value = kind == 'i' ? (long long)*(const int16_t *)(const void *)at
                                    : (long long)*(const uint16_t *)(const void *)at;
            else if (itemsize == 4)
                value = kind == 'i' ? (long long)*(const int32_t *)(const void *)at
                                    : (long long)*(const uint32_t *)(const void *)at;
            else {
                uint64_t bits = *(const uint64_t *)(const void *)at;
                if (kind == 'u' && bits > (uint64_t)LLONG_MAX) {
                    PyErr_SetString(PyExc_OverflowError, "fill_objects: a value beyond int64");
                    goto done;
                }
                value = (long long)bits;
            }
            if (value >= 0 && value < SMALL_VALUES) {
                object = small[value];
                if (!object) {
                    object = made_for(made, make, value);
                    small[value] = object;
                }
            } else {
                object = made_for(made, make, value);
            }
            if (!object)
                goto done;
        } else {
            uint32_t hash = 2166136261u;
            for (Py_ssize_t k = 0; k < itemsize; k++)
                hash = (hash ^ at[k]) * 16777619u;
            size_t slot = hash % TEXT_SLOTS;
            if (slots[slot].object && !memcmp(slots[slot].text, at, (size_t)itemsize)) {
                object = slots[slot].object;
            } else {
                PyObject *key = PyBytes_FromStringAndSize((const char *)at, itemsize);
                if (!key)
                    goto done;
                object = PyDict_GetItemWithError(made, key);
                if (!object && !PyErr_Occurred()) {
                    Py_ssize_t length = itemsize / 4;
                    const Py_UCS4 *chars = (const Py_UCS4 *)(const void *)at;
                    while (length && !chars[length - 1]) /* numpy's padding */
                        length--;
                    PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, at, length);
                    if (text && PyDict_SetItem(made, key, text) < 0)
                        Py_CLEAR(text);
                    Py_XDECREF(text);
                    object = text ? PyDict_GetItemWithError(made, key) : NULL;
                }
                Py_DECREF(key);
                if (!object)
                    goto done;
                memcpy(slots[slot].text, at, (size_t)itemsize);
                slots[slot].object = object;
            }
        }
        PyObject *old = out[i];
        Py_INCREF(object);
        out[i] = object;
        Py_XDECREF(old);
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(small);
    PyMem_Free(slots);
    Py_XDECREF(made);
    return result;
}

/*
 * days_to_ns(address, rows, first, last) -> bool: a datetime64[D] column
 * (`rows` int64 day numbers at address, INT64_MIN for NaT) turned into
 * datetime64[ns] in place when every date is a day from `first` to `last`
 * (pandas' nanosecond range): True; else False and nothing written.
 */
static PyObject *speedups_days_to_ns(PyObject *module, PyObject *args)
{
    (void)module;
    unsigned long long address;
    Py_ssize_t rows;
    long long first, last;
    if (!PyArg_ParseTuple(args, "KnLL", &address, &rows, &first, &last))
        return NULL;
    if (rows < 0 || (rows > 0 && !address)) {
        PyErr_SetString(PyExc_ValueError, "days_to_ns: bad arguments");
        return NULL;
    }
    int64_t *days = (int64_t *)(uintptr_t)address;
    int fits = 1;
    for (Py_ssize_t i = 0; i < rows; i++)
        fits &= days[i] == INT64_MIN || (days[i] >= first && days[i] <= last);
    if (!fits)
        Py_RETURN_FALSE;
    const int64_t ns_a_day = 86400LL * 1000000000LL;
    for (Py_ssize_t i = 0; i < rows; i++)
        if (days[i] != INT64_MIN)
            days[i] *= ns_a_day;
    Py_RETURN_TRUE;
}

/*
 * float_integers(values_address, rows, out_address, missing_value) ->
 * missing or -1: a float64 column of whole numbers and NaN (pd.read_csv's
 * integer column with an empty cell) as int64: -1 as soon as a value is
 * neither (a fraction, infinite, beyond int64: the caller's conversion),
 * else the number of NaN rows; with out_address, row i's int64 (NaN:
 * missing_value) written at out_address + 8 * i.  Whole means what
 * numpy's astype(int64) gives back equal: from -2**63 below 2**63.
 */
static PyObject *speedups_float_integers(PyObject *module, PyObject *args)
{
    (void)module;
    unsigned long long address, out_address;
    Py_ssize_t rows;
    long long missing_value;
    if (!PyArg_ParseTuple(args, "KnKL", &address, &rows, &out_address, &missing_value))
        return NULL;
    if (rows < 0 || (rows > 0 && !address)) {
        PyErr_SetString(PyExc_ValueError, "float_integers: bad arguments");
        return NULL;
    }
    const double *values = (const double *)(uintptr_t)address;
    int64_t *out = (int64_t *)(uintptr_t)out_address;
    const double low = -9223372036854775808.0; /* -2**63 */
    Py_ssize_t missing = 0;
    for (Py_ssize_t i = 0; i < rows; i++) {
        double value = values[i];
        if (value != value) {
            missing++;
            if (out)
                out[i] = missing_value;
            continue;
        }
        if (!(value >= low && value < -low) || value != trunc(value))
            return PyLong_FromLong(-1);
        if (out)
            out[i] = (int64_t)value;
    }
    return PyLong_FromSsize_t(missing);
}

static PyMethodDef methods[] = {
    { "init", speedups_init, METH_VARARGS, "Gives the module the package's types and caches." },
    { "decide_cancel", (PyCFunction)(void (*)(void))speedups_decide_cancel,
      METH_FASTCALL | METH_KEYWORDS,
      "decide_cancel(subscription, request, policy=None) -> Decision" },
    { "factorize_text", speedups_factorize_text, METH_VARARGS,
      "factorize_text(address, rows, codes_address, missing, flags=False) -> (uniques, table) or "
      "None" },
    { "float_money", speedups_float_money, METH_VARARGS,
      "float_money(values_address, rows, codes_address, codes_size, scales, out_address, "
      "missing_value) -> (rest, missing)" },
    { "fill_objects", speedups_fill_objects, METH_VARARGS,
      "fill_objects(out_address, rows, source_address, itemsize, kind, make, failed_address, "
      "na) -> None" },
    { "days_to_ns", speedups_days_to_ns, METH_VARARGS,
      "days_to_ns(address, rows, first, last) -> bool" },
    { "float_integers", speedups_float_integers, METH_VARARGS,
      "float_integers(values_address, rows, out_address, missing_value) -> missing or -1" },
    { NULL, NULL, 0, NULL },
};

/* The module's state is zeroed when the module is made; traverse and clear
 * may run before exec, or after a failed one. */
static int speedups_traverse(PyObject *module, visitproc visit, void *arg)
{
    speedups_state *st = module_state(module);
    if (!st)
        return 0;
#define VISIT_OBJECT(name) Py_VISIT(st->name);
    STATE_OBJECTS(VISIT_OBJECT)
#undef VISIT_OBJECT
    for (int i = 0; i < SUB_FIELDS; i++)
        Py_VISIT(st->sub_keys[i]);
    for (int i = 0; i < REQ_FIELDS; i++)
        Py_VISIT(st->req_keys[i]);
    for (int i = 0; i < OUT_FIELDS; i++)
        Py_VISIT(st->out_keys[i]);
    for (size_t i = 0; i < DATE_SLOTS; i++)
        Py_VISIT(st->date_slots[i].value);
    for (size_t k = 0; k < NAME_CACHES; k++)
        for (size_t i = 0; i < NAME_SLOTS; i++)
            Py_VISIT(st->name_slots[k][i]);
    return 0;
}

static int speedups_clear(PyObject *module)
{
    speedups_state *st = module_state(module);
    if (!st)
        return 0;
    st->ready = 0;
#define CLEAR_OBJECT(name) Py_CLEAR(st->name);
    STATE_OBJECTS(CLEAR_OBJECT)
#undef CLEAR_OBJECT
    for (int i = 0; i < SUB_FIELDS; i++)
        Py_CLEAR(st->sub_keys[i]);
    for (int i = 0; i < REQ_FIELDS; i++)
        Py_CLEAR(st->req_keys[i]);
    for (int i = 0; i < OUT_FIELDS; i++)
        Py_CLEAR(st->out_keys[i]);
    forget_slots(st);
    return 0;
}

static void speedups_free(void *module) { speedups_clear((PyObject *)module); }

/* Py_mod_exec: the module's state and its `accelerated` callable. */
static int speedups_exec(PyObject *module)
{
    speedups_state *st = module_state(module);
    /* datetime's C API, its date type in the state: not PyDateTime_IMPORT,
     * which sets datetime.h's static pointer (one for the process). */
    (void)PyDateTimeAPI;
    PyDateTime_CAPI *datetime = PyCapsule_Import(PyDateTime_CAPSULE_NAME, 0);
    if (!datetime)
        return -1;
    st->date_type = Py_NewRef((PyObject *)datetime->DateType);
    for (int i = 0; i < SUB_FIELDS; i++)
        if (!(st->sub_keys[i] = PyUnicode_InternFromString(sub_names[i])))
            return -1;
    for (int i = 0; i < REQ_FIELDS; i++)
        if (!(st->req_keys[i] = PyUnicode_InternFromString(req_names[i])))
            return -1;
    for (int i = 0; i < OUT_FIELDS; i++)
        if (!(st->out_keys[i] = PyUnicode_InternFromString(out_names[i])))
            return -1;
    if (!(st->value_name = PyUnicode_InternFromString("_value_")) ||
        !(st->no_arguments = PyTuple_New(0)))
        return -1;
    st->accelerated_type = PyType_FromModuleAndSpec(module, &accelerated_spec, NULL);
    if (!st->accelerated_type)
        return -1;
    Accelerated *function = PyObject_GC_New(Accelerated, (PyTypeObject *)st->accelerated_type);
    if (!function)
        return -1;
    function->vectorcall = accelerated_call;
    function->dict = NULL;
    PyObject_GC_Track(function);
    int added = PyModule_AddObjectRef(module, "accelerated", (PyObject *)function);
    Py_DECREF(function);
    return added;
}

static PyModuleDef_Slot module_slots[] = {
    { Py_mod_exec, FUNCTION_SLOT(speedups_exec) },
#ifdef Py_mod_multiple_interpreters
    /* No object and no pointer is shared between module objects. */
    { Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED },
#endif
    { 0, NULL },
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_speedups",
    .m_doc = "lapse.decide_cancel without the interpreter in the loop.",
    .m_size = sizeof(speedups_state),
    .m_methods = methods,
    .m_slots = module_slots,
    .m_traverse = speedups_traverse,
    .m_clear = speedups_clear,
    .m_free = speedups_free,
};

/* Multi-phase initialisation (PEP 489): each import makes a module object
 * with a state of its own. */
PyMODINIT_FUNC PyInit__speedups(void);
PyMODINIT_FUNC PyInit__speedups(void) { return PyModuleDef_Init(&module_def); }
