/* SPDX-License-Identifier: MIT */
#include "app/catalog.h"

#include <string.h>

#include "app/audit.h"
#include "app/env.h"
#include "app/tx.h"
#include "core/ctx.h"
#include "core/text.h"
#include "lib/arena.h"
#include "lib/token.h"
#include "store/store.h"

static enum bo_err
create_job(struct ctx *c, void *arg)
{
    struct speaker *sp = arg;
    uint8_t raw[3];

    sp->created_by = c->actor.user_id;
    sp->created_at = c->now;
    if (speaker_check(c, sp)) {
        return c->err;
    }
    if (sp->slug == NULL) {
        token_random(raw, sizeof(raw));
        sp->slug = text_slug(c->arena, sp->full_name, "speaker", token_hex(c->arena, raw, 3));
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_speaker_create(c->store, sp, &sp->id);
        if (err == BO_ERR_CONFLICT) {
            ctx_fail(c, err, "slug", "this slug is taken");
        }
    }
    if (err == BO_OK) {
        err = audit_write(c, "speaker.created", "speaker", sp->id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
speakers_create(struct ctx *c, struct speaker *sp)
{
    return app_write(c, create_job, sp);
}

enum bo_err
speakers_get(struct ctx *c, int64_t id, const char *slug, struct speaker *out)
{
    enum bo_err err = store_speaker_get(c->store, c->arena, id, slug, out);

    if (err == BO_ERR_NOT_FOUND) {
        return ctx_fail(c, err, NULL, "no such speaker");
    }
    return err ? tx_fail(c, err) : BO_OK;
}

const char *
catalog_like_prefix(struct ctx *c, const char *prefix)
{
    if (prefix == NULL || prefix[0] == '\0') {
        return NULL;
    }
    char *p = arena_alloc(c->arena, strlen(prefix) * 2 + 1);
    size_t n = 0;
    for (const char *s = prefix; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') {
            p[n++] = '\\';
        }
        p[n++] = *s;
    }
    p[n] = '\0';
    return p;
}

enum bo_err
speakers_list(struct ctx *c, const char *prefix, int64_t after_id, int limit, struct speaker **out,
              size_t *count)
{
    enum bo_err err = store_speaker_list(c->store, c->arena, catalog_like_prefix(c, prefix),
                                         after_id, limit, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
catalog_terms(struct ctx *c, const char *kind, const char ***out, size_t *count)
{
    static const char *const kinds[] = {"city", "genre", "type", "level", "sector", "direction"};
    bool known = false;

    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        known = known || strcmp(kind, kinds[i]) == 0;
    }
    if (!known) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL,
                        "taxonomies are city, genre, type, level, sector and direction");
    }
    enum bo_err err = store_term_list(c->store, c->arena, kind, out, count);
    return err ? tx_fail(c, err) : BO_OK;
}
