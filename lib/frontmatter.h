/* SPDX-License-Identifier: GPL-2.0-or-later */
/* frontmatter.h — YAML front matter of Markdown and text files (internal).
 *
 * Static-site generators and note tools put a block of "key: value" lines between two "---"
 * lines at the top of a file.  Byline reads the keys it knows (title, date, author or
 * authors, source, url, id) as fields, so that the title is not "---" and the block does
 * not become body text.  Only the simple YAML these files use is understood: one "key:
 * value" a line, values optionally in single or double quotes, and "authors" as [a, b] or
 * as "- name" lines; other keys and lines are ignored.
 */
#ifndef BYLINE_FRONTMATTER_H
#define BYLINE_FRONTMATTER_H

#include <stddef.h>

#define BL_FM_MAX_AUTHORS 16

typedef struct bl_front_matter {
    char *title, *date, *source, *url, *id;   /* malloc()ed or NULL */
    char *authors[BL_FM_MAX_AUTHORS];
    size_t n_authors;
    size_t body_offset;  /* where the text after the closing line starts */
    unsigned long lines; /* lines the block took, the "---" lines included */
} bl_front_matter;

/* If text (len bytes) starts with a front-matter block, fill *fm and return 1; 0 if there is
 * none (fm zeroed); -1 on memory failure.  Free with bl_front_matter_free. */
int bl_front_matter_parse(const char *text, size_t len, bl_front_matter *fm);
void bl_front_matter_free(bl_front_matter *fm);

#endif
