/*
 * The floor of a billing run over CSV (#32): a minimal C program that reads
 * the file in 128 KiB blocks and splits every line into its fields (the
 * start and length of each, as any CSV reader needs them), deciding
 * nothing and writing nothing but its totals.  `lapse batch` over the same
 * file, one job, is timed against it (bench_csv_floor.py); the rows and
 * fields it counts are checked against the file's first.
 *
 * usage: split_floor FILE   prints "ROWS FIELDS CHECKSUM"
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { BLOCK = 128 * 1024, MAX_FIELDS = 64 };

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: split_floor FILE\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        perror(argv[1]);
        return 2;
    }
    static char buf[BLOCK + 4096];
    size_t have = 0; /* bytes of an unfinished line kept from the last block */
    uint64_t rows = 0, fields = 0, checksum = 0;
    uint32_t start[MAX_FIELDS], length[MAX_FIELDS];
    for (;;) {
        ssize_t got = read(fd, buf + have, BLOCK);
        if (got < 0) {
            perror(argv[1]);
            return 2;
        }
        size_t end = have + (size_t)got, line = 0;
        int count = 0;
        uint32_t field = 0;
        for (size_t i = 0; i < end; i++) {
            char c = buf[i];
            if (c != ',' && c != '\n')
                continue;
            if (count < MAX_FIELDS) {
                start[count] = field;
                length[count] = (uint32_t)(i - line) - field;
                count++;
            }
            field = (uint32_t)(i + 1 - line);
            if (c == '\n') {
                rows++;
                fields += (uint64_t)count;
                checksum += length[count - 1] + start[count / 2];
                count = 0;
                field = 0;
                line = i + 1;
            }
        }
        if (got == 0)
            break;
        have = end - line; /* keep the unfinished line for the next block */
        if (have > 4096) {
            fprintf(stderr, "split_floor: a line longer than 4 KiB\n");
            return 2;
        }
        memmove(buf, buf + line, have);
    }
    close(fd);
    printf("%llu %llu %llu\n", (unsigned long long)rows, (unsigned long long)fields,
           (unsigned long long)checksum);
    return 0;
}
