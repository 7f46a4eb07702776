/* SPDX-License-Identifier: MIT */
/*
 * notice.c - PLACEHOLDER during issue 4's parallel work: the category and the
 * link, untranslated, until the templates land (this session).
 */
#include "core/notice.h"

#include "lib/arena.h"

enum bo_err
notice_render(struct arena *a, const struct notice_facts *f, struct notice *out)
{
    out->subject = arena_printf(a, "%s", f->category);
    out->text = arena_printf(a, "%s\n%s\n", f->category, f->link ? f->link : "");
    out->html = out->text;
    out->ics = NULL;
    out->button = "Open";
    return BO_OK;
}
