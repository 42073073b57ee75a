/*
 * lapse_zone_load(): a time zone by IANA name from a zoneinfo directory.
 *
 * The one place the library opens a file.  It lives in the tables layer,
 * the layer that reads the world's text, so that the core stays free of
 * I/O (its TZif reader takes bytes from a source).  The name is checked
 * before anything is opened: no absolute path, no empty, "." or ".."
 * component, only [A-Za-z0-9_+-/], so no file outside the directory can
 * be reached by name.  The file is read with open() and read() a block at
 * a time into a buffer on the stack: nothing is allocated (stdio's FILE
 * would be).
 */
#include "lapse/tables.h"

#include "core/fail.h"
#include "core/text.h"
#include "core/zone.h"

#include <errno.h>
#include <string.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
#define open_file(path) _open(path, _O_RDONLY | _O_BINARY)
#define read_file _read
#define close_file _close
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#define open_file(path) open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
#define read_file read
#define close_file close
#endif

#define PATH_SIZE 1024

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '+' || c == '-' || c == '/';
}

static lapse_error bad_name(lapse_error_detail *detail, const char *name, size_t length,
                            const char *why)
{
    char quoted[80];
    lapse__quote(name, length, 64, quoted, sizeof quoted);
    return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "zone", "zone '%s': %s", quoted, why);
}

/* The name rule: checked on the bytes alone, before any file is opened. */
static lapse_error check_name(const char *name, lapse_error_detail *detail)
{
    size_t length = strlen(name);
    if (length == 0)
        return bad_name(detail, name, length, "empty; an IANA name such as Europe/Rome");
    if (length >= LAPSE_ZONE_NAME_SIZE)
        return bad_name(detail, name, length, "longer than an IANA zone name");
    if (name[0] == '/')
        return bad_name(detail, name, length, "an absolute path, not a zone name");
    if (strstr(name, ".."))
        return bad_name(detail, name, length, "'..' would leave the zoneinfo directory");
    for (size_t i = 0; i < length; i++)
        if (!name_char(name[i]))
            return bad_name(detail, name, length,
                            "only letters, digits, '_', '+', '-' and '/' make a zone name");
    if (strstr(name, "//") || name[length - 1] == '/')
        return bad_name(detail, name, length, "an empty component, not a zone name");
    return LAPSE_OK;
}

typedef struct file_source {
    int fd;
    size_t have, at;
    unsigned char buffer[512];
} file_source;

static size_t file_read(void *context, unsigned char *out, size_t n)
{
    file_source *f = context;
    size_t done = 0;
    while (done < n) {
        if (f->at == f->have) {
            long got;
            do
                got = (long)read_file(f->fd, f->buffer, sizeof f->buffer);
            while (got < 0 && errno == EINTR);
            if (got <= 0)
                return done;
            f->have = (size_t)got;
            f->at = 0;
        }
        size_t part = f->have - f->at < n - done ? f->have - f->at : n - done;
        if (out)
            memcpy(out + done, f->buffer + f->at, part);
        f->at += part;
        done += part;
    }
    return done;
}

lapse_error lapse_zone_load(const char *directory, const char *name, lapse_zone *zone,
                            lapse_error_detail *detail)
{
    if (!zone)
        return lapse__fail_missing(detail, "zone");
    memset(zone, 0, sizeof *zone);
    if (!directory)
        return lapse__fail_missing(detail, "directory");
    if (!name)
        return lapse__fail_missing(detail, "name");
    lapse_error error = check_name(name, detail);
    if (error)
        return error;
    size_t directory_length = strlen(directory);
    char path[PATH_SIZE];
    if (directory_length == 0 || directory_length + 1 + strlen(name) >= sizeof path)
        return lapse__fail(detail, LAPSE_ERR_VALUE_SYNTAX, "directory",
                           "directory: a zoneinfo directory of 1 to %d bytes",
                           PATH_SIZE - LAPSE_ZONE_NAME_SIZE - 1);
    memcpy(path, directory, directory_length);
    size_t n = directory_length;
    if (path[n - 1] != '/')
        path[n++] = '/';
    strcpy(path + n, name);

    file_source f = { open_file(path), 0, 0, { 0 } };
    struct stat info;
    if (f.fd < 0 || fstat(f.fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        if (f.fd >= 0)
            close_file(f.fd);
        char quoted[80];
        lapse__quote(directory, directory_length, 64, quoted, sizeof quoted);
        return lapse__fail(detail, LAPSE_ERR_UNKNOWN_NAME, "zone", "zone %s: no such zone in %s",
                           name, quoted);
    }
    lapse__zone_source source = { file_read, &f };
    error = lapse__zone_read(name, source, zone, detail);
    close_file(f.fd);
    return error;
}
