/* SPDX-License-Identifier: MIT */
/*
 * prefs.c - /api/v1/me/notification-prefs, and /unsubscribe: the page an
 * email's link opens (GET, a button that POSTs) and the RFC 8058 one-click
 * POST ("List-Unsubscribe=One-Click") that turns the preference off. No
 * sign-in: the signed token is the credential (app/prefs.h).
 */
#include "api/handlers.h"

#include <string.h>

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/prefs.h"
#include "core/ctx.h"
#include "lib/arena.h"

enum bo_err
api_prefs_get(struct req *r)
{
    struct notification_pref all[PREFS_ALL];
    bool linked = false;

    enum bo_err err = prefs_get(r->ctx, all, &linked);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_prefs(all, PREFS_ALL, linked));
}

enum bo_err
api_prefs_put(struct req *r)
{
    struct prefs_body in;
    struct notification_pref all[PREFS_ALL];
    bool linked = false;

    enum bo_err err = json_in_prefs(r->ctx, r->body, &in);
    if (err == BO_OK) {
        err = prefs_put(r->ctx, in.items, in.count);
    }
    if (err == BO_OK) {
        err = prefs_get(r->ctx, all, &linked);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_prefs(all, PREFS_ALL, linked));
}

/* The page's words; the group's name goes between *_pre and *_post; groups in pref_groups order. */
struct page_text {
    const char *lang, *title, *ask_pre, *ask_post, *button, *done_pre, *done_post;
    const char *groups[PREF_GROUP_COUNT];
};

static const struct page_text texts[] = {
    {"en",
     "Unsubscribe",
     "Stop “",
     "” notifications by email?",
     "Unsubscribe",
     "You will no longer get “",
     "” notifications by email. You can turn them back on in your notification settings.",
     {"Bookings", "Events", "Reminders", "Waitlist"}},
    {"ru",
     "Отписаться",
     "Больше не присылать уведомления «",
     "» на почту?",
     "Отписаться",
     "Вы больше не будете получать уведомления «",
     "» на почту. Включить их снова можно в настройках уведомлений.",
     {"Бронирования", "События", "Напоминания", "Лист ожидания"}},
    {"uk",
     "Відписатися",
     "Більше не надсилати сповіщення «",
     "» на пошту?",
     "Відписатися",
     "Ви більше не отримуватимете сповіщення «",
     "» на пошту. Увімкнути їх знову можна в налаштуваннях сповіщень.",
     {"Бронювання", "Події", "Нагадування", "Список очікування"}},
};

static const struct page_text *
text_for(const char *lang)
{
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        if (strcmp(texts[i].lang, lang) == 0) {
            return &texts[i];
        }
    }
    return &texts[0];
}

/*
 * A small page: the sentence and, before the change, the button. The token
 * is embedded as is: it passed verification, so it is base64url and a dot.
 */
static enum bo_err
reply_page(struct req *r, const struct unsub_view *v, const char *token, bool done)
{
    const struct page_text *t = text_for(v->language);
    struct arena *a = r->ctx->arena;
    const char *group = t->groups[pref_group_index(v->group)];
    const char *body =
        done ? arena_printf(a, "<p>%s%s%s</p>", t->done_pre, group, t->done_post)
             : arena_printf(a,
                            "<p>%s%s%s</p><form method=\"post\" action=\"/unsubscribe?token=%s\">"
                            "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                            "<button type=\"submit\">%s</button></form>",
                            t->ask_pre, group, t->ask_post, token, t->button);
    const char *page = arena_printf(
        a,
        "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width, initial-scale=1\"><title>%s</title></head><body><main>"
        "<h1>%s</h1>%s</main></body></html>",
        t->lang, t->title, t->title, body);
    req_add_header(r, "Cache-Control", "no-store");
    req_reply_text(r, 200, "text/html; charset=utf-8", page, strlen(page));
    return BO_OK;
}

enum bo_err
api_unsubscribe_page(struct req *r)
{
    const char *token = r->query(r, "token");
    struct unsub_view v;

    enum bo_err err = prefs_unsubscribe(r->ctx, token ? token : "", false, &v);
    return err ? err : reply_page(r, &v, token, false);
}

/* RFC 8058: the body is "List-Unsubscribe=One-Click"; the token alone decides. */
enum bo_err
api_unsubscribe(struct req *r)
{
    const char *token = r->query(r, "token");
    struct unsub_view v;

    enum bo_err err = prefs_unsubscribe(r->ctx, token ? token : "", true, &v);
    return err ? err : reply_page(r, &v, token, true);
}
