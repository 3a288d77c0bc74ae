/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ingest.c — read whatever the user points Byline at and hand over documents.
 *
 * Users feed Byline folders of scraped articles: text and Markdown files, JSON exports,
 * JSON Lines dumps, or a pipe.  This file turns each of those into bl_document values and
 * reports every problem with a file name and line, never stopping the run for one bad input.
 * Each format is one reader behind the same small interface (a table of readers chosen by
 * file extension, in the manner of redis's rio), so adding a format is adding one function.
 *
 * Text is repaired before anyone sees it: NUL bytes and invalid UTF-8 become U+FFFD and are
 * counted; a file that holds no valid multi-byte UTF-8 at all but has high bytes is read as
 * Latin-1 (the usual legacy encoding of news archives).  Binary files are skipped.
 */
#include "byline.h"
#include "analyzer.h"
#include "escape.h"
#include "frontmatter.h"
#include "hash.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct ingest {
    const bl_ingest_options *opts;
    bl_document_cb doc_cb;
    bl_problem_cb problem_cb;
    void *ctx;
    bl_ingest_stats *stats;
    char *real_root;     /* realpath of the path given (NULL: ids relative to it as named) */
    int root_is_dir;
    int stop;            /* the document callback asked us to stop */
    int oom;             /* an allocation failed */
    struct visited {     /* directories on the current walk (symbolic-link loop detection) */
        dev_t dev;
        ino_t ino;
    } *visited;
    size_t n_visited, cap_visited;
} ingest;

static void problem(ingest *in, bl_severity sev, const char *file, unsigned long line,
                    const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sev == BL_REJECTED)
        in->stats->rejected++;
    else if (sev == BL_NOTICE)
        in->stats->skipped++;
    if (in->problem_cb)
        in->problem_cb(in->ctx, sev, file, line, msg);
}

static size_t max_doc(const ingest *in)
{
    return in->opts && in->opts->max_doc_size ? in->opts->max_doc_size : BL_DEFAULT_MAX_DOC;
}

/* ---- text repair ----------------------------------------------------------------------- */

/* Does s hold at least one valid multi-byte UTF-8 sequence? */
static int has_utf8_multibyte(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] < 0xC2 || s[i] > 0xF4)
            continue;
        size_t need = s[i] < 0xE0 ? 1 : s[i] < 0xF0 ? 2 : 3, k;
        for (k = 1; k <= need && i + k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                break;
        if (k == need + 1)
            return 1;
    }
    return 0;
}

static char *latin1_to_utf8(const char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len * 2 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3); /* NUL never reaches the index */
            o += 3;
        } else if (c < 0x80) {
            *o++ = (char)c;
        } else {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

/* Repair raw file bytes into valid UTF-8 (malloc()ed).  Reports what was done. */
static char *repair_text(ingest *in, const char *file, const char *s, size_t len,
                         size_t *out_len)
{
    size_t invalid = 0;
    char *clean = bl_utf8_sanitize(s, len, out_len, &invalid);
    if (!clean) {
        in->oom = 1;
        return NULL;
    }
    if (invalid == 0)
        return clean;
    if (!has_utf8_multibyte((const unsigned char *)s, len) && !memchr(s, '\0', len)) {
        free(clean);
        clean = latin1_to_utf8(s, len, out_len);
        if (!clean)
            in->oom = 1;
        else
            problem(in, BL_WARNING, file, 0, "not valid UTF-8; read as Latin-1");
        return clean;
    }
    in->stats->invalid_utf8 += invalid;
    problem(in, BL_WARNING, file, 0, "%zu invalid UTF-8 sequence%s replaced with U+FFFD",
            invalid, invalid == 1 ? "" : "s");
    return clean;
}

/* A file is binary if its first 8 KiB hold a NUL byte or many control characters. */
static int looks_binary(const char *s, size_t len)
{
    size_t n = len < 8192 ? len : 8192, ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            return 1;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            ctrl++;
    }
    return n > 0 && ctrl * 10 > n;
}

/* ---- reading files --------------------------------------------------------------------- */

/* Read a whole file (or stdin for "-") into a malloc()ed, NUL-terminated buffer. */
static char *read_all(ingest *in, const char *file, FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0, limit = max_doc(in) * 4 + 65536;
    char *buf = malloc(cap);
    if (!buf) {
        in->oom = 1;
        return NULL;
    }
    for (;;) {
        if (cap - n < 65536 + 1) {
            if (cap > limit) {
                problem(in, BL_REJECTED, file, 0, "file larger than %zu bytes; skipped", limit);
                free(buf);
                return NULL;
            }
            char *nb = bl_grow(buf, &cap, n + 65536 + 1, 1, 0); /* doubles: n < cap */
            if (!nb) {
                free(buf);
                in->oom = 1;
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        problem(in, BL_REJECTED, file, 0, "read error: %s", strerror(errno));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    in->stats->bytes += n;
    return buf;
}

static int emit(ingest *in, const bl_document *doc)
{
    in->stats->documents++;
    if (in->doc_cb(in->ctx, doc))
        in->stop = 1;
    return in->stop;
}

/* ---- .txt / .md ------------------------------------------------------------------------ */

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r' ||
                    (*s)[*len - 1] == '\n'))
        (*len)--;
}

/* A date field as read (front matter or JSON string) into out (21 bytes), with a warning
 * when it cannot be read.  1 if out holds a date. */
static int read_date(ingest *in, const char *file, unsigned long line, const char *id,
                     const char *date_in, char *out)
{
    if (!date_in)
        return 0;
    if (bl_date_normalize(date_in, out) == 0)
        return 1;
    problem(in, BL_WARNING, file, line, "document %s: date \"%.40s\" is not ISO 8601 or "
            "RFC 2822; indexed without a date", id, date_in);
    return 0;
}

static void read_text_doc(ingest *in, const char *file, const char *rel, char *text,
                          size_t len, int markdown)
{
    const char *p = text;
    size_t rest = len;
    bl_front_matter fm;
    int has_fm = bl_front_matter_parse(text, len, &fm);
    if (has_fm < 0) {
        in->oom = 1;
        return;
    }
    if (has_fm) {
        p = text + fm.body_offset;
        rest = len - fm.body_offset;
    }
    trim(&p, &rest);
    if (has_fm && fm.title) {
        /* the title comes from the front matter: everything after the block is body */
        char date[21];
        const char *id = fm.id ? fm.id : rel;
        int have_date = read_date(in, file, 0, id, fm.date, date);
        ((char *)p)[rest] = '\0';
        bl_document doc = {.id = id, .title = fm.title, .text = p, .text_len = rest,
                           .date = have_date ? date : NULL, .source = fm.source,
                           .url = fm.url, .path = rel,
                           .authors = (const char *const *)fm.authors,
                           .n_authors = fm.n_authors};
        emit(in, &doc);
        bl_front_matter_free(&fm);
        return;
    }
    if (rest == 0) {
        problem(in, BL_REJECTED, file, 0, "empty file; nothing to index");
        if (has_fm)
            bl_front_matter_free(&fm);
        return;
    }
    const char *nl = memchr(p, '\n', rest);
    size_t tlen = nl ? (size_t)(nl - p) : rest;
    const char *t = p;
    if (markdown)
        while (tlen && (*t == '#' || *t == ' ')) {
            t++;
            tlen--;
        }
    trim(&t, &tlen);
    char *title = strndup(t, tlen);
    if (!title) {
        in->oom = 1;
        if (has_fm)
            bl_front_matter_free(&fm);
        return;
    }
    const char *body = nl ? nl + 1 : p + rest;
    size_t blen = nl ? rest - (size_t)(nl + 1 - p) : 0;
    trim(&body, &blen);
    /* The body is used in place (text is our own buffer): no copy of a large file. */
    ((char *)body)[blen] = '\0';
    char date[21];
    const char *id = has_fm && fm.id ? fm.id : rel;
    int have_date = has_fm && read_date(in, file, 0, id, fm.date, date);
    bl_document doc = {.id = id, .title = title, .text = body, .text_len = blen, .path = rel,
                       .date = have_date ? date : NULL, .source = has_fm ? fm.source : NULL,
                       .url = has_fm ? fm.url : NULL,
                       .authors = has_fm ? (const char *const *)fm.authors : NULL,
                       .n_authors = has_fm ? fm.n_authors : 0};
    emit(in, &doc);
    free(title);
    if (has_fm)
        bl_front_matter_free(&fm);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static const char *json_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "stdin:" + 16 hex digits of a hash of the title and text (fields as read, before
 * defaults), written into buf (48 bytes). */
static const char *content_id_of(json_t *obj, char *buf)
{
    static const char *const fields[] = {"title", "text", "body", "content"};
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        json_t *v = json_object_get(obj, fields[i]);
        const char *s = json_is_string(v) ? json_string_value(v) : "";
        size_t n = json_is_string(v) ? json_string_length(v) : 0;
        uint64_t fh = bl_fnv1a64(s, n);
        h = (h ^ fh) * 0x100000001b3ULL;
        h ^= h >> 29; /* mix, so that moving text between fields changes the id */
    }
    snprintf(buf, 48, "stdin:%016llx", (unsigned long long)h);
    return buf;
}

/* Build a document from a JSON object and emit it.  `where` names it in messages; fallback_id
 * is used when the object has no "id". */
static void emit_json_object(ingest *in, const char *file, unsigned long line, json_t *obj,
                             const char *rel, const char *fallback_id)
{
    if (!json_is_object(obj)) {
        problem(in, BL_REJECTED, file, line, "expected a JSON object, found %s",
                json_is_array(obj) ? "an array" : "a scalar");
        return;
    }
    char idbuf[64];
    const char *id = json_str(obj, "id");
    json_t *idv = json_object_get(obj, "id");
    if (!id && json_is_integer(idv)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(idv));
        id = idbuf;
    }
    if (idv && !id && !json_is_integer(idv))
        problem(in, BL_WARNING, file, line, "\"id\" is %s, not a string or a number; %s",
                json_is_object(idv) ? "an object" : json_is_array(idv) ? "an array" :
                json_is_boolean(idv) ? "a boolean" : json_is_null(idv) ? "null" : "a number",
                fallback_id ? "the id is made from the file name" : "the id is made from the "
                "content");
    char content_id[48];
    if ((!id || !*id) && !fallback_id) {
        /* standard input: an id that identifies the content, so that sending the same
         * document again replaces it and a different one never does */
        id = content_id_of(obj, content_id);
    }
    if (!id || !*id)
        id = fallback_id;
    const char *text = json_str(obj, "text");
    if (!text)
        text = json_str(obj, "body");
    if (!text)
        text = json_str(obj, "content");
    const char *title = json_str(obj, "title");
    if ((!text || !*text) && (!title || !*title)) {
        problem(in, BL_REJECTED, file, line,
                "document %s has no text (expected a string field text, body or content)", id);
        return;
    }
    size_t text_len = text ? strlen(text) : 0;
    if (text_len > max_doc(in)) {
        problem(in, BL_REJECTED, file, line,
                "document %s is %zu bytes, over the limit of %zu (--max-doc-size)", id,
                text_len, max_doc(in));
        return;
    }
    char date[21], epoch[32];
    const char *date_in = json_str(obj, "date");
    json_t *dv = json_object_get(obj, "date");
    if (json_is_number(dv)) {
        /* a number: seconds since 1970-01-01 UTC (Unix time) */
        double secs = json_number_value(dv);
        struct tm tm;
        time_t t = (time_t)secs;
        if (secs >= -62135596800.0 && secs <= 253402300799.0 && gmtime_r(&t, &tm) &&
            strftime(epoch, sizeof epoch, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
            date_in = epoch;
        } else {
            problem(in, BL_WARNING, file, line, "document %s: numeric date %.0f is not a time "
                    "in seconds since 1970 (years 1 to 9999); indexed without a date", id,
                    secs);
        }
    } else if (dv && !json_is_string(dv) && !json_is_null(dv)) {
        problem(in, BL_WARNING, file, line, "document %s: date is %s, not a string or a "
                "number; indexed without a date", id, json_is_object(dv) ? "an object" :
                json_is_array(dv) ? "an array" : "a boolean");
    }
    int have_date = read_date(in, file, line, id, date_in, date);
    const char *authors[64];
    size_t n_authors = 0;
    json_t *av = json_object_get(obj, "authors");
    if (!av)
        av = json_object_get(obj, "author");
    if (json_is_string(av))
        authors[n_authors++] = json_string_value(av);
    else if (json_is_array(av)) {
        size_t i;
        json_t *e;
        json_array_foreach(av, i, e) if (json_is_string(e) && n_authors < 64)
            authors[n_authors++] = json_string_value(e);
    }
    bl_document doc = {.id = id, .title = title, .text = text ? text : "",
                       .text_len = text_len, .date = have_date ? date : NULL,
                       .source = json_str(obj, "source"), .url = json_str(obj, "url"),
                       .path = rel, .authors = authors, .n_authors = n_authors};
    emit(in, &doc);
}

static json_t *parse_json(ingest *in, const char *file, unsigned long line_base, const char *s,
                          size_t len)
{
    json_error_t err;
    json_t *j = json_loadb(s, len, 0, &err);
    if (!j) {
        unsigned long line = line_base ? line_base : (unsigned long)(err.line > 0 ? err.line : 0);
        if (line_base)
            problem(in, BL_REJECTED, file, line, "invalid JSON at column %d: %s", err.column,
                    err.text);
        else
            problem(in, BL_REJECTED, file, line, "invalid JSON (column %d): %s", err.column,
                    err.text);
    }
    return j;
}

static void read_json_doc(ingest *in, const char *file, const char *rel, const char *text,
                          size_t len)
{
    json_t *j = parse_json(in, file, 0, text, len);
    if (!j)
        return;
    if (json_is_array(j)) {
        size_t i;
        json_t *e;
        json_array_foreach(j, i, e) {
            char fallback[4096], where[4096];
            snprintf(fallback, sizeof fallback, "%s#%zu", rel, i + 1);
            snprintf(where, sizeof where, "%s#%zu", file, i + 1); /* messages name the element */
            emit_json_object(in, where, 0, e, rel, fallback);
            if (in->stop || in->oom)
                break;
        }
    } else {
        emit_json_object(in, file, 0, j, rel, rel);
    }
    json_decref(j);
}

/* JSON Lines are read a line at a time, so a huge dump never sits in memory whole. */
static void read_jsonl_stream(ingest *in, const char *file, const char *rel, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    while (!in->stop && !in->oom && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        in->stats->bytes += (unsigned long long)n;
        const char *p = line;
        size_t len = (size_t)n;
        if (lineno == 1 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
            p += 3; /* a byte order mark before the first line */
            len -= 3;
        }
        trim(&p, &len);
        if (len == 0)
            continue;
        if ((size_t)n > max_doc(in) + 65536) {
            problem(in, BL_REJECTED, file, lineno, "line of %zd bytes is over the document "
                    "limit of %zu (--max-doc-size)", n, max_doc(in));
            continue;
        }
        size_t clen, invalid = 0;
        char *clean = bl_utf8_sanitize(p, len, &clen, &invalid);
        if (!clean) {
            in->oom = 1;
            break;
        }
        if (invalid) {
            in->stats->invalid_utf8 += invalid;
            problem(in, BL_WARNING, file, lineno, "%zu invalid UTF-8 sequence%s replaced",
                    invalid, invalid == 1 ? "" : "s");
        }
        json_t *j = parse_json(in, file, lineno, clean, clen);
        if (j) {
            char fallback[4096];
            if (rel)
                snprintf(fallback, sizeof fallback, "%s:%lu", rel, lineno);
            emit_json_object(in, file, lineno, j, rel, rel ? fallback : NULL);
            json_decref(j);
        }
        free(clean);
    }
    if (ferror(f))
        problem(in, BL_REJECTED, file, lineno, "read error: %s", strerror(errno));
    free(line);
}

/* ---- dispatch by extension ------------------------------------------------------------- */

typedef enum kind { KIND_UNKNOWN, KIND_TEXT, KIND_MARKDOWN, KIND_JSON, KIND_JSONL } kind;

static kind kind_of(const char *path)
{
    static const struct { const char *ext; kind k; } table[] = {
        {".txt", KIND_TEXT}, {".text", KIND_TEXT}, {".md", KIND_MARKDOWN},
        {".markdown", KIND_MARKDOWN}, {".json", KIND_JSON}, {".jsonl", KIND_JSONL},
        {".ndjson", KIND_JSONL},
    };
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return KIND_UNKNOWN;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (!strcasecmp(dot, table[i].ext))
            return table[i].k;
    return KIND_UNKNOWN;
}

static void read_file(ingest *in, const char *file, const char *rel, kind k)
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        problem(in, BL_REJECTED, file, 0, "cannot open: %s", strerror(errno));
        return;
    }
    in->stats->files++;
    if (k == KIND_JSONL) {
        read_jsonl_stream(in, file, rel, f);
        fclose(f);
        return;
    }
    size_t len = 0;
    char *raw = read_all(in, file, f, &len);
    fclose(f);
    if (!raw)
        return;
    if (looks_binary(raw, len)) {
        problem(in, BL_NOTICE, file, 0, "binary file; skipped");
        free(raw);
        return;
    }
    if (k != KIND_JSON && len > max_doc(in)) {
        problem(in, BL_REJECTED, file, 0, "file is %zu bytes, over the document limit of %zu "
                "(--max-doc-size)", len, max_doc(in));
        free(raw);
        return;
    }
    size_t clen, bom = len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
    char *text = repair_text(in, file, raw + bom, len - bom, &clen); /* a BOM is not text */
    free(raw);
    if (!text)
        return;
    if (k == KIND_JSON)
        read_json_doc(in, file, rel, text, clen);
    else
        read_text_doc(in, file, rel, text, clen, k == KIND_MARKDOWN);
    free(text);
}

/* ---- directory walk -------------------------------------------------------------------- */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push_visited(ingest *in, const struct stat *st)
{
    for (size_t i = 0; i < in->n_visited; i++)
        if (in->visited[i].dev == st->st_dev && in->visited[i].ino == st->st_ino)
            return 1; /* already on the walk: a loop */
    struct visited *nv =
        bl_grow(in->visited, &in->cap_visited, in->n_visited + 1, sizeof *nv, 16);
    if (!nv) {
        in->oom = 1;
        return -1;
    }
    in->visited = nv;
    in->visited[in->n_visited].dev = st->st_dev;
    in->visited[in->n_visited].ino = st->st_ino;
    in->n_visited++;
    return 0;
}

static void walk(ingest *in, const char *path, const char *rel, int named);

/* List a directory's visible entries, sorted so that runs are repeatable. */
static char **list_dir(ingest *in, const char *path, size_t *count)
{
    DIR *d = opendir(path);
    if (!d) {
        problem(in, BL_REJECTED, path, 0, "cannot read directory: %s", strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, "." and ".." */
        char **nn = bl_grow(names, &cap, n + 1, sizeof *nn, 64);
        if (!nn)
            goto oom;
        names = nn;
        if (!(names[n] = strdup(e->d_name)))
            goto oom;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    *count = n;
    return names;
oom:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    in->oom = 1;
    return NULL;
}

static void walk_dir(ingest *in, const char *path, const char *rel)
{
    size_t n = 0;
    char **names = list_dir(in, path, &n);
    for (size_t i = 0; i < n; i++) {
        if (!in->stop && !in->oom) {
            char *child = NULL, *crel = NULL;
            if (asprintf(&child, "%s/%s", path, names[i]) < 0 ||
                asprintf(&crel, "%s%s%s", rel, *rel ? "/" : "", names[i]) < 0) {
                in->oom = 1;
                child = crel = NULL;
            } else {
                walk(in, child, crel, 0);
            }
            free(child);
            free(crel);
        }
        free(names[i]);
    }
    free(names);
}

/* The id (relative name) of the file at `rel` below the path given: relative to the
 * deepest id root holding its real path (see bl_ingest_options), else rel itself; bytes that
 * are not UTF-8 written as \xHH.  malloc()ed; NULL on memory failure. */
static char *file_id(ingest *in, const char *rel)
{
    char *full = NULL;
    const char *id = rel;
    if (in->real_root && in->opts && in->opts->n_id_roots) {
        if (!in->root_is_dir)
            full = strdup(in->real_root);
        else if (asprintf(&full, "%s%s%s", in->real_root, *rel ? "/" : "", rel) < 0)
            full = NULL;
        if (!full)
            return NULL;
        size_t best = 0;
        for (size_t i = 0; i < in->opts->n_id_roots; i++) {
            const char *r = in->opts->id_roots[i];
            size_t rl = strlen(r);
            if (rl == 1 && r[0] == '/')
                rl = 0; /* the file-system root: "/" + rest */
            if (rl >= best && !strncmp(full, r, rl) && full[rl] == '/' && full[rl + 1]) {
                best = rl;
                id = full + rl + 1;
            }
        }
    }
    char *out = bl_escape_invalid_utf8(id);
    free(full);
    return out;
}

static void walk(ingest *in, const char *path, const char *rel, int named)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        problem(in, BL_REJECTED, path, 0, "%s", strerror(errno));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        int loop = push_visited(in, &st);
        if (loop > 0)
            problem(in, BL_NOTICE, path, 0, "symbolic link loop; not followed");
        if (loop)
            return;
        walk_dir(in, path, rel);
        in->n_visited--;
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        problem(in, BL_NOTICE, path, 0, "not a regular file; skipped");
        return;
    }
    kind k = kind_of(path);
    if (k == KIND_UNKNOWN) {
        if (!named) {
            in->stats->skipped++;
            return; /* images, PDFs, ... inside a folder: silently not ours */
        }
        k = KIND_TEXT; /* a file named on the command line is read as text */
    }
    char *id = file_id(in, rel);
    if (!id) {
        in->oom = 1;
        return;
    }
    rel = id;
    if (in->opts && in->opts->file_begin) {
        bl_file_info info = {.size = (unsigned long long)st.st_size,
                             .mtime_sec = (long long)st.st_mtim.tv_sec,
                             .mtime_nsec = st.st_mtim.tv_nsec};
        int rc = in->opts->file_begin(in->ctx, path, rel, &info);
        if (rc < 0)
            in->stop = 1;
        if (rc != 0) {
            free(id);
            return;
        }
    }
    read_file(in, path, rel, k);
    if (in->opts && in->opts->file_end)
        in->opts->file_end(in->ctx, path, rel, !in->stop && !in->oom);
    free(id);
}

bl_status bl_ingest_path(const char *path, const bl_ingest_options *opts,
                         bl_document_cb doc_cb, bl_problem_cb problem_cb, void *ctx,
                         bl_ingest_stats *stats)
{
    bl_ingest_stats local = {0};
    if (!path || !doc_cb)
        return BL_ERR_ARGUMENT;
    ingest in = {.opts = opts, .doc_cb = doc_cb, .problem_cb = problem_cb, .ctx = ctx,
                 .stats = stats ? stats : &local};
    if (!strcmp(path, "-")) {
        in.stats->files++;
        read_jsonl_stream(&in, "<stdin>", NULL, stdin); /* no file: content ids */
        return in.oom ? BL_ERR_NO_MEMORY : BL_OK;
    }
    struct stat st;
    if (stat(path, &st) < 0)
        return errno == ENOENT || errno == ENOTDIR ? BL_ERR_NOT_FOUND : BL_ERR_IO;
    /* Ids and paths are relative to the indexed root: the folder itself, or the folder
     * holding a file named directly. */
    const char *rel = "";
    if (!S_ISDIR(st.st_mode)) {
        const char *slash = strrchr(path, '/');
        rel = slash ? slash + 1 : path;
    }
    if (opts && opts->n_id_roots) {
        in.real_root = realpath(path, NULL); /* NULL: ids relative to the path as named */
        in.root_is_dir = S_ISDIR(st.st_mode);
    }
    walk(&in, path, rel, 1);
    free(in.real_root);
    free(in.visited);
    return in.oom ? BL_ERR_NO_MEMORY : BL_OK;
}
