/* SPDX-License-Identifier: GPL-2.0-or-later */
/* read_file.h — one test helper: a whole file read into memory (test_entities.c,
 * test_ner_model.c read their fixtures with it). */
#ifndef BYLINE_TEST_READ_FILE_H
#define BYLINE_TEST_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* The whole file at path, NUL-terminated (caller frees), its length in *len unless len is
 * NULL; NULL if it cannot be opened or memory runs out. */
static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 + 1 > cap) {
            cap = (cap ? cap * 2 : 8192);
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, 4096, fp);
        n += got;
    } while (got > 0);
    fclose(fp);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

#endif /* BYLINE_TEST_READ_FILE_H */
